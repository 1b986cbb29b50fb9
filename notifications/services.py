"""Writes about notifications: sending them (portal and e-mail), marking them read, the user's settings."""

import logging
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.services import email_users_on_commit
from accounts.types import Viewer

from .models import Notification, NotificationSetting
from .registry import is_registered
from .selectors import forget_unread_notification_count, notification_channels

logger = logging.getLogger(__name__)

# E-mail subjects start with a tag such as "[Spiral] " that says nothing inside the portal.
SUBJECT_TAG = re.compile(r"^\[[^\]]*\]\s*")
TEXT_LENGTH = Notification._meta.get_field("text").max_length
URL_LENGTH = Notification._meta.get_field("url").max_length
CHANNELS = ("portal", "email")


def _text(template: str, context: dict[str, Any], language: str) -> str:
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context, using="text").strip()
    subject = " ".join(SUBJECT_TAG.sub("", subject).split())
    return subject[:TEXT_LENGTH]


def _url(context: dict[str, Any]) -> str:
    """The page the event concerns: the context's ``url``, else the first object in it that has a page."""
    if context.get("url"):
        return str(context["url"])[:URL_LENGTH]
    for value in context.values():
        get_absolute_url = getattr(value, "get_absolute_url", None)
        if callable(get_absolute_url):
            try:
                return get_absolute_url()[:URL_LENGTH]
            except NoReverseMatch:
                continue
    return ""


def notify(
    *,
    users: Iterable[User],
    template: str,
    context: dict[str, Any],
    exclude: Viewer | None = None,
    actor: User | None = None,
    outbox: list[list[str]] | None = None,
) -> int:
    """Tell ``users`` (but not ``exclude``, usually the actor) about an event, after the transaction commits.

    ``template`` is the event's key: ``templates/<template>_subject.txt`` and
    ``_body.txt`` must exist. Each recipient gets, according to their settings
    for the event (both channels when they chose nothing), a notification in
    the portal whose text is the subject rendered in their language, and an
    e-mail. Nothing is created or sent when the transaction rolls back.
    Returns the number of recipients (before their settings are applied).
    ``outbox``: collect the e-mails there instead of sending them (see
    :func:`accounts.services.email_users_on_commit`).
    """
    excluded = getattr(exclude, "pk", None)
    recipients: dict[int, User] = {}
    for user in users:
        if user.pk is not None and user.pk != excluded and user.is_active:
            recipients.setdefault(user.pk, user)
    if not recipients:
        return 0
    if actor is None and exclude is not None and exclude.is_authenticated:
        actor = exclude
    chosen = notification_channels(users=recipients.values(), event=template)
    by_portal = [user for pk, user in recipients.items() if chosen.get(pk, (True, True))[0]]
    by_email = [user for pk, user in recipients.items() if chosen.get(pk, (True, True))[1]]

    url = _url(context)
    if by_portal:
        texts: dict[str, str] = {}
        rows = []
        for user in by_portal:
            language = user.language or "ru"
            if language not in texts:
                texts[language] = _text(template, context, language)
            rows.append(Notification(recipient=user, event=template, text=texts[language], url=url, actor=actor))

        def create() -> None:
            Notification.objects.bulk_create(rows)
            forget_unread_notification_count(user.pk for user in by_portal)  # bulk_create sends no signal

        # Robust: a failure here must not turn an already committed transition into an error page.
        transaction.on_commit(create, robust=True)
    if by_email:
        # Every mail links to the page it is about, and to the settings that let the recipient stop it
        # (made absolute on SITE_URL by email_users_on_commit).
        mail_context = {**context, "url": url, "settings_url": reverse("notifications:settings")}
        email_users_on_commit(users=by_email, template=template, context=mail_context, outbox=outbox)
    return len(recipients)


@transaction.atomic
def notification_mark_read(*, user: User, notification: Notification | None = None, now: datetime | None = None) -> int:
    """Mark one of the user's notifications read, or all of them when ``notification`` is None.

    Returns how many notifications changed (marking a read one again changes nothing).
    """
    now = now or timezone.now()
    if notification is None:
        if not user.has_perm("notifications.list_notification"):
            raise PermissionDenied
        changed = Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now)
        forget_unread_notification_count([user.pk])  # update() sends no signal
        return changed
    if not user.has_perm("notifications.change_notification", notification):
        raise PermissionDenied
    changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
    if changed:
        notification.read_at = now
        forget_unread_notification_count([notification.recipient_id])
    return changed


def _boolean(value: Any, *, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise ValidationError({field: _("Choose on or off.")})


@transaction.atomic
def notification_settings_update(
    *, user: User, choices: Mapping[str, Mapping[str, bool]], reset_others: bool = False
) -> None:
    """Change which events the user receives in the portal and by e-mail.

    ``choices`` maps an event key to ``{"portal": bool, "email": bool}``; a
    channel left out keeps its current value. With ``reset_others`` the
    events not mentioned go back to the default (both channels on). A choice
    with both channels on is stored as no row at all. Personal preferences
    are not audited.
    """
    if not user.has_perm("notifications.change_notificationsetting"):
        raise PermissionDenied
    unknown = [event for event in choices if not is_registered(event)]
    if unknown:
        raise ValidationError({"event": _("Unknown event: %(event)s.") % {"event": ", ".join(unknown)}})
    for channels in choices.values():
        for channel in channels:
            if channel not in CHANNELS:
                raise ValidationError({channel: _("Unknown channel.")})
            _boolean(channels[channel], field=channel)

    existing = {s.event: s for s in NotificationSetting.objects.select_for_update().filter(user=user)}
    keep_defaults, store = [], []
    for event, channels in choices.items():
        current = existing.get(event)
        portal = channels.get("portal", current.portal if current else True)
        email = channels.get("email", current.email if current else True)
        if portal and email:
            keep_defaults.append(event)
        else:
            store.append(NotificationSetting(user=user, event=event, portal=portal, email=email))
    stale = NotificationSetting.objects.filter(user=user)
    if reset_others:
        stale = stale.exclude(event__in=[s.event for s in store])
    else:
        stale = stale.filter(event__in=keep_defaults)
    stale.delete()
    if store:
        NotificationSetting.objects.bulk_create(
            store, update_conflicts=True, unique_fields=["user", "event"], update_fields=["portal", "email"]
        )
