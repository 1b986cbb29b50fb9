"""Reads about notifications: a user's list, the unread count, and the choices per event."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import QuerySet

from core.cache_versions import forget

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
    """How many of the user's notifications are unread: one cache read, or one query served by the
    (recipient, read_at) index when the count is not cached (any write of the user's notifications drops it)."""
    if user is None or not user.is_authenticated:
        return 0
    key = _unread_key(user.pk)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
        cache.set(key, count, timeout=UNREAD_CACHE_TIMEOUT)
    return count


#: How long a user's unread count is kept in the cache; every write of their notifications drops it sooner.
UNREAD_CACHE_TIMEOUT = 3600


def _unread_key(user_id: int) -> str:
    return f"unread-notifications:{user_id}"


def forget_unread_notification_count(user_ids: Iterable[int]) -> None:
    """The users' notifications were written: drop their cached unread counts, now and once the transaction
    commits (a request that counted the old rows meanwhile must not keep its count).

    Connected to every save and delete of a notification (``NotificationsConfig.ready``); the bulk writes of
    ``notifications.services``, which send no signal, call it themselves.
    """
    keys = [_unread_key(user_id) for user_id in set(user_ids)]
    if not keys:
        return
    forget(*keys)


def forget_unread_count_of_notification(sender=None, instance: Notification | None = None, raw: bool = False, **kwargs):
    """Receiver of a notification's save or delete."""
    if not raw and instance is not None:
        forget_unread_notification_count([instance.recipient_id])


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
