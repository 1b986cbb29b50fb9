"""Celery tasks of the search app: thin, idempotent wrappers around one service each."""

from __future__ import annotations

from celery import shared_task

from .services import index_rebuild, saved_search_alerts


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=5 * 60, soft_time_limit=4 * 60)
def saved_search_alerts_task(refs: list[list]) -> int:
    """Notify owners of saved searches about new documents ``refs`` (``[kind, object id]`` pairs).

    Idempotent: each saved search records the objects it was told about, so a retried or
    redelivered message notifies nobody twice. Returns the number of new matches.
    """
    return saved_search_alerts(refs=[(str(kind), int(object_id)) for kind, object_id in refs])


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=10 * 60, soft_time_limit=9 * 60)
def rebuild_search_index_task() -> dict[str, int]:
    """Rebuild the whole index (nightly): repairs anything the on-commit updates could miss
    (bulk updates, raw SQL, region renames). Idempotent; one transaction."""
    return index_rebuild()


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=10 * 60, soft_time_limit=9 * 60)
def competence_events_notify_task(snapshot_id: int, dataset_ids: list[int]) -> int:
    """Tell everyone concerned of the competence events one recomputation recorded: one task per
    recomputation, not one per user.  Idempotent (the events are marked notified)."""
    from .services.competence_watches import competence_events_notify

    return competence_events_notify(snapshot_id=int(snapshot_id), dataset_ids=[int(d) for d in dataset_ids])
