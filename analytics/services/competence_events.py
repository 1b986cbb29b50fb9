"""Competence events: recorded by each recomputation from its snapshot's coefficients.

:func:`competence_events_record` is called by ``snapshots.snapshot_recompute`` once the new
snapshot is current.  It computes every gain and loss between consecutive years with the pure
``analytics.computations.events.competence_events`` (the *equivalent* classifier mappings
continue a series across the OKVED1 -> OKVED2 switch), compares them with the events recorded
by the earlier snapshots (``new_events``), and in one transaction

* inserts the new ones (``ON CONFLICT DO NOTHING`` on the unique constraint: two runs that race
  write each event once; the run whose row was kept is the event's ``snapshot``);
* deletes the recorded events the data no longer support (a corrected import): the timeline
  shows what the current data say.

An unchanged recomputation records nothing.  After the commit the signal
``analytics.events.competence_events_recorded`` is sent once, naming the data sets whose new
events are news (those that already had recorded events: a data set's first recording is its
history back to its first year, which is told to no one).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pandas as pd
from django.db import transaction

from analytics import selectors
from analytics.computations.events import competence_events, new_events
from analytics.events import competence_events_recorded
from analytics.models import CompetenceEvent, Snapshot

logger = logging.getLogger(__name__)

BATCH_SIZE = 2000


@dataclass(frozen=True)
class EventsRecorded:
    """What one recording did: events added and removed, and the data sets whose additions are news."""

    added: int
    removed: int
    news_dataset_ids: tuple[int, ...]


def competence_events_record(
    *, snapshot: Snapshot, coefficients: pd.DataFrame, regions: pd.DataFrame, items: pd.DataFrame, threshold: float
) -> EventsRecorded:
    """Record the competence events of ``snapshot`` (its ``coefficients`` as the recomputation computed them).

    ``coefficients``: ``dataset`` (id), ``indicator, classifier, code, region`` (ISO), ``year, value``;
    ``regions``: :func:`analytics.selectors.region_names`; ``items``: :func:`analytics.selectors.item_names`.
    Idempotent and safe against a concurrent run (see the module docstring).
    """
    dataset_ids = sorted({int(dataset) for dataset in coefficients["dataset"].unique()})
    events = competence_events(coefficients, threshold=threshold, continuations=selectors.continuations_frame())
    recorded = selectors.recorded_events_frame(dataset_ids=dataset_ids)
    to_add, stale = new_events(events, recorded)

    region_ids = regions["id"]
    item_ids = items.set_index(["classifier", "code"])["id"]
    region_id = to_add["region"].map(region_ids)
    item_id = item_ids.reindex(pd.MultiIndex.from_arrays([to_add["classifier"], to_add["code"]])).to_numpy()
    known = region_id.notna().to_numpy() & ~pd.isna(item_id)
    rows = [
        CompetenceEvent(
            dataset_id=int(dataset),
            indicator=indicator,
            region_id=int(region),
            item_id=int(item),
            year=int(year),
            kind=kind,
            value_before=float(before),
            value_after=float(after),
            snapshot_id=snapshot.pk,
        )
        for dataset, indicator, region, item, year, kind, before, after in zip(
            to_add["dataset"][known],
            to_add["indicator"][known],
            region_id[known],
            item_id[known],
            to_add["year"][known],
            to_add["kind"][known],
            to_add["value_before"][known],
            to_add["value_after"][known],
            strict=True,
        )
    ]
    had_history = set(recorded["dataset"].unique().tolist())
    with transaction.atomic():
        if len(stale):
            CompetenceEvent.objects.filter(pk__in=stale["id"].tolist()).delete()
        CompetenceEvent.objects.bulk_create(rows, batch_size=BATCH_SIZE, ignore_conflicts=True)
        # The rows this run wrote (a racing run's rows carry its own snapshot).
        written = list(CompetenceEvent.objects.filter(snapshot=snapshot).values_list("dataset_id", flat=True))
        news = tuple(sorted({dataset for dataset in written if dataset in had_history}))
        if news:
            transaction.on_commit(
                lambda: competence_events_recorded.send(
                    sender=CompetenceEvent, snapshot_id=snapshot.pk, dataset_ids=list(news)
                ),
                robust=True,
            )
    logger.info("Snapshot #%s: %s competence events added, %s removed", snapshot.pk, len(written), len(stale))
    return EventsRecorded(added=len(written), removed=len(stale), news_dataset_ids=news)
