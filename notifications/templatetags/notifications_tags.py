"""Template tags of the notifications app (the navbar's unread count)."""

from django import template

from notifications.selectors import unread_notification_count as count_unread

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context) -> int:
    """Unread notifications of the signed-in user: one query, remembered for the rest of the request."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if request is None:
        return count_unread(user)
    if not hasattr(request, "_unread_notification_count"):
        request._unread_notification_count = count_unread(user)
    return request._unread_notification_count
