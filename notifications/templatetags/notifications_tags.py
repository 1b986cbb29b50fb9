"""Template tags of the notifications app (the navbar's unread count)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """Unread notifications of the signed-in user (placeholder until the app has a model)."""
    return 0
