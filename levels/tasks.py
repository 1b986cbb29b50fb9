"""Celery tasks of the levels app: thin wrappers around one service."""

from __future__ import annotations

from datetime import date

from celery import shared_task
from django.utils import timezone

from .services import levels_recompute

# A full recomputation takes a few seconds for 20,000 interactions; the limits stop a run that hangs
# well before the broker's visibility timeout (1 h) would deliver the message again.
RECOMPUTE_TIME_LIMIT = 5 * 60
RECOMPUTE_SOFT_TIME_LIMIT = 4 * 60


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=RECOMPUTE_TIME_LIMIT,
    soft_time_limit=RECOMPUTE_SOFT_TIME_LIMIT,
)
def recompute_levels_task(as_of: str | None = None) -> dict:
    """Recompute the cooperation levels as of ``as_of`` (ISO date; today in Moscow by default).

    Scheduled after each change of evidence and nightly by beat. Safe to run twice
    or concurrently: the service is idempotent (same evidence -> nothing written)
    and serialised by a row lock; a run killed mid-way leaves the previous history
    in place (one transaction) and is delivered again.
    """
    day = date.fromisoformat(as_of) if as_of else timezone.localdate()
    return levels_recompute(as_of=day).as_dict()
