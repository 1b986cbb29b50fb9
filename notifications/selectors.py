"""Reads about notifications: a user's list, the unread count, and the choices per event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from .models import Notification, NotificationSetting
from .registry import events

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

    from accounts.models import User
    from accounts.types import Viewer


def notifications_of(user: Viewer | None, *, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's notifications, newest first (none for an anonymous user); ``unread`` filters by state."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    queryset = Notification.objects.filter(recipient=user)
    if unread is not None:
        queryset = queryset.filter(read_at__isnull=unread)
    return queryset.order_by("-created_at", "-id")


def unread_notification_count(user: Viewer | None) -> int:
    """How many of the user's notifications are unread (one query, served by the (recipient, read_at) index)."""
    if user is None or not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


@dataclass(frozen=True)
class EventChoice:
    """A registered event with the user's current choice of channels."""

    event: str
    label: _StrOrPromise
    portal: bool
    email: bool


def notification_settings_of(user: Viewer | None) -> list[EventChoice]:
    """Every registered event with the user's choices (both channels on where the user chose nothing)."""
    stored = {}
    if user is not None and user.is_authenticated:
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


def notification_channels(*, users: Iterable[User], event: str) -> dict[int, tuple[bool, bool]]:
    """``{user_pk: (portal, email)}`` for the users who changed their choice for ``event`` (one query)."""
    pks = [user.pk for user in users]
    return {
        user_id: (portal, email)
        for user_id, portal, email in NotificationSetting.objects.filter(user_id__in=pks, event=event).values_list(
            "user_id", "portal", "email"
        )
    }
