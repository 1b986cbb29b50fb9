"""Template tags of the experts app; ``experts_project_panel`` is the app's section of the project page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def experts_project_panel(context, project) -> str:
    """The experts section of the project page (placeholder until the app renders one)."""
    return ""
