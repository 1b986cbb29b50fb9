"""Reads about notifications: a user's list, the unread count, and the choices per event."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from .models import Notification, NotificationSetting
from .registry import events


def notifications_of(user: Any, *, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's notifications, newest first (none for an anonymous user); ``unread`` filters by state."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    queryset = Notification.objects.filter(recipient=user)
    if unread is not None:
        queryset = queryset.filter(read_at__isnull=unread)
    return queryset.order_by("-created_at", "-id")


def unread_notification_count(user: Any) -> int:
    """How many of the user's notifications are unread (one query, served by the (recipient, read_at) index)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class EventChoice:
    """A registered event with the user's current choice of channels."""

    event: str
    label: Any
    portal: bool
    email: bool


def notification_settings_of(user: Any) -> list[EventChoice]:
    """Every registered event with the user's choices (both channels on where the user chose nothing)."""
    stored = {}
    if getattr(user, "is_authenticated", False):
        stored = {s.event: s for s in NotificationSetting.objects.filter(user=user)}
    choices = []
    for event in events():
        setting = stored.get(event.key)
        choices.append(
            EventChoice(
                event=event.key,
                label=event.label,
                portal=setting.portal if setting else True,
                email=setting.email if setting else True,
            )
        )
    return choices


def notification_channels(*, users: Iterable[Any], event: str) -> dict[int, tuple[bool, bool]]:
    """``{user_pk: (portal, email)}`` for the users who changed their choice for ``event`` (one query)."""
    pks = [user.pk for user in users]
    return {
        user_id: (portal, email)
        for user_id, portal, email in NotificationSetting.objects.filter(user_id__in=pks, event=event).values_list(
            "user_id", "portal", "email"
        )
    }
