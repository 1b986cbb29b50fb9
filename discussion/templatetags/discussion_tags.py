"""Template tags of the discussion app; ``discussion_project_panel`` is the app's section of the project page."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def discussion_project_panel(context, project) -> str:
    """The discussion section of the project page (placeholder until the app renders one)."""
    return ""
