"""Competence watches (follow a region's or an item's competences) and the notifications of competence events.

:func:`competence_events_notify` is the body of the ONE task queued per recomputation that
recorded news (``analytics.events.competence_events_recorded``): it tells, in a single run,

* the regional coordinators of each region concerned (every event of their region);
* the members (representatives and administrators) of the region's verified agents whose
  declared competences include the event's item;
* the users who follow the region, the item, or the item in the region (:class:`CompetenceWatch`);

each in their language, per their notification settings, with absolute links (the notification
frame).  One notification per recipient and region; the e-mails of the whole run leave in one
``send_email_batch_task``.  The events are marked ``notified_at`` in the transaction that schedules
the notifications, so a redelivered task tells no one twice.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from accounts.choices import SiteRole
from accounts.models import RoleGrant, User
from accounts.tasks import send_email_batch_task
from analytics.choices import Indicator
from analytics.models import ClassifierItem, CompetenceEvent
from audit.services import audit_log
from cooperation.choices import MembershipStatus
from cooperation.models import AgentMembership
from notifications.services import notify
from regions.models import Region

from ..models import CompetenceWatch

logger = logging.getLogger(__name__)

#: The notification event (templates ``search/email/competence_changed_{subject,body}.txt``).
COMPETENCE_EVENT = "search/email/competence_changed"
#: Events listed in one notification's e-mail; the page has them all.
LISTED_EVENTS = 20


@transaction.atomic
def competence_watch_create(
    *, actor: User, region: Region | None = None, item: ClassifierItem | None = None
) -> CompetenceWatch:
    """Follow the competences of ``region``, of ``item``, or of ``item`` in ``region`` (at least one of them)."""
    if not actor.has_perm("search.add_competencewatch"):
        raise PermissionDenied
    watch = CompetenceWatch(user=actor, region=region, item=item)
    watch.full_clean()
    watch.save()
    audit_log(
        actor=actor,
        action="competence_watch.created",
        target=watch,
        region=getattr(region, "iso_code", None),
        item=getattr(item, "pk", None),
    )
    return watch


@transaction.atomic
def competence_watch_delete(*, actor: User, watch: CompetenceWatch) -> None:
    """Stop following (only the owner may)."""
    watch = CompetenceWatch.objects.select_for_update().get(pk=watch.pk)
    if not actor.has_perm("search.delete_competencewatch", watch):
        raise PermissionDenied
    audit_log(actor=actor, action="competence_watch.deleted", target=watch)
    watch.delete()


# --- Who is told ------------------------------------------------------------------------------


def _recipients(events: list[CompetenceEvent]) -> dict[int, set[int]]:
    """``user id -> ids of the events they are told of`` (three queries)."""
    region_ids = {event.region_id for event in events}
    item_ids = {event.item_id for event in events}
    by_region: dict[int, list[CompetenceEvent]] = defaultdict(list)
    for event in events:
        by_region[event.region_id].append(event)
    told: dict[int, set[int]] = defaultdict(set)

    coordinators = RoleGrant.objects.filter(role=SiteRole.COORDINATOR, region_id__in=region_ids)
    for user_id, region_id in coordinators.values_list("user_id", "region_id"):
        told[user_id].update(event.pk for event in by_region[region_id])

    members = AgentMembership.objects.filter(
        status=MembershipStatus.APPROVED,
        agent__is_verified=True,
        agent__region_id__in=region_ids,
        agent__competences__in=item_ids,
    ).values_list("user_id", "agent__region_id", "agent__competences")
    for user_id, region_id, item_id in members:
        told[user_id].update(event.pk for event in by_region[region_id] if event.item_id == item_id)

    watches = CompetenceWatch.objects.filter(region_id__in=region_ids, item__isnull=True) | (
        CompetenceWatch.objects.filter(item_id__in=item_ids)
    )
    for user_id, region_id, item_id in watches.values_list("user_id", "region_id", "item_id"):
        told[user_id].update(
            event.pk
            for event in events
            if (region_id is None or event.region_id == region_id) and (item_id is None or event.item_id == item_id)
        )
    return told


def _labels(value: str) -> dict[str, str]:
    label = Indicator(value).label
    result = {}
    for language in ("ru", "en"):
        with translation.override(language):
            result[language] = str(label)
    return result


def _context(region: Region, events: list[CompetenceEvent]) -> dict[str, Any]:
    """What the templates get: plain values only (the e-mail context travels to a Celery task)."""
    indicators = {event.indicator: _labels(event.indicator) for event in events}
    rows = [
        {
            "year": event.year,
            "kind": event.kind,
            "item_code": event.item.code,
            "item_ru": event.item.name_ru,
            "item_en": event.item.name_en,
            "indicator_ru": indicators[event.indicator]["ru"],
            "indicator_en": indicators[event.indicator]["en"],
            "dataset_ru": event.dataset.name_ru,
            "dataset_en": event.dataset.name_en,
            # numbers, formatted in the recipient's language by the template (0,95 in Russian)
            "before": event.value_before,
            "after": event.value_after,
        }
        for event in events
    ]
    return {
        "region_ru": region.name_ru,
        "region_en": region.name_en,
        "gained": sum(event.kind == "gained" for event in events),
        "lost": sum(event.kind == "lost" for event in events),
        "events": rows[:LISTED_EVENTS],
        "more": max(0, len(rows) - LISTED_EVENTS),
        "url": reverse("analytics:region", args=[region.iso_code]) + "#competence-events",
        "watches_url": reverse("search:watch-list"),
    }


def competence_events_notify(*, snapshot_id: int, dataset_ids: Iterable[int]) -> int:
    """Tell everyone concerned of the events ``snapshot_id`` recorded in ``dataset_ids`` (see the module
    docstring).  Idempotent; returns the number of notifications (recipient × region) scheduled."""
    outbox: list[list[str]] = []
    sent = 0
    with transaction.atomic():
        events = list(
            CompetenceEvent.objects.select_for_update(of=("self",))
            .filter(snapshot_id=snapshot_id, dataset_id__in=list(dataset_ids), notified_at__isnull=True)
            .select_related("dataset", "region", "item")
            .order_by("region_id", "-year", "dataset_id", "indicator", "item__sort_order", "item__code")
        )
        if not events:
            return 0
        CompetenceEvent.objects.filter(pk__in=[event.pk for event in events]).update(notified_at=timezone.now())
        told = _recipients(events)
        by_id = {event.pk: event for event in events}
        users = {user.pk: user for user in User.objects.filter(pk__in=told, is_active=True)}
        # Recipients told of the same events of a region share one rendering of the texts.
        groups: dict[tuple[int, tuple[int, ...]], list[User]] = defaultdict(list)
        for user_id, event_ids in told.items():
            if user_id not in users:
                continue
            per_region: dict[int, list[int]] = defaultdict(list)
            for event_id in sorted(event_ids):
                per_region[by_id[event_id].region_id].append(event_id)
            for region_id, region_events in per_region.items():
                groups[(region_id, tuple(region_events))].append(users[user_id])
        for (_region_id, group_events), recipients in groups.items():
            chosen = [by_id[event_id] for event_id in group_events]
            chosen.sort(key=lambda event: (-event.year, event.kind, event.item.sort_order, event.item.code))
            notify(
                users=recipients,
                template=COMPETENCE_EVENT,
                context=_context(chosen[0].region, chosen),
                outbox=outbox,
            )
            sent += len(recipients)
        if outbox:
            messages = list(outbox)
            transaction.on_commit(lambda: send_email_batch_task.delay(messages=messages))
    logger.info("Competence events of snapshot #%s: %s notifications", snapshot_id, sent)
    return sent
