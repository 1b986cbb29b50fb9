"""Celery tasks of the analytics app: thin wrappers that take ids and call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth import get_user_model

from analytics.services.imports import (
    StagedImportNotFoundError,
    staged_import_apply_queued,
    staged_import_apply_stopped,
    staged_import_check,
    staged_import_check_stopped,
)
from analytics.services.snapshots import (
    DEFAULT_LOCK_TIMEOUT,
    RecomputeInProgressError,
    SnapshotRecomputeError,
    snapshot_recompute,
)

logger = logging.getLogger(__name__)

# Time limits, from the settings (one source, portal/settings/base.py): soft (540 s) < recompute
# lock (570 s) < hard (600 s) < Redis visibility timeout (660 s).  The soft limit interrupts a run
# that hangs: the service marks its snapshot failed and releases the lock; a redelivered message
# (after a killed worker) arrives after the dead run's lock expired.  A full recomputation takes ~1 s.
RECOMPUTE_TIME_LIMIT = settings.CELERY_TASK_TIME_LIMIT
RECOMPUTE_SOFT_TIME_LIMIT = settings.CELERY_TASK_SOFT_TIME_LIMIT
#: Wait between attempts while another run holds the lock (at most the lock timeout).
LOCK_RETRY_SECONDS = 60
LOCK_MAX_RETRIES = 12


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=RECOMPUTE_TIME_LIMIT,
    soft_time_limit=RECOMPUTE_SOFT_TIME_LIMIT,
    max_retries=LOCK_MAX_RETRIES,
)
def recompute_competence_maps_task(self, user_id: int | None = None) -> int | None:
    """Recompute the competence maps (nightly by beat, or started by an analyst); returns the snapshot id.

    Safe to run twice: the service is idempotent (same inputs -> the current snapshot,
    nothing written) and locked (two runs never overlap).  Acknowledged late and
    rejected when the worker is lost, so a run killed mid-way is delivered again; the
    killed run's snapshot never became current.

    When another run holds the lock this call computes nothing: it logs the refusal
    and, on a worker, tries again later (``LOCK_RETRY_SECONDS``, at most the lock
    timeout), so a run requested during another one -- or redelivered while a dead
    run's lock has not expired yet -- still happens.  In eager mode (no Redis) it
    returns None.
    """
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    try:
        snapshot = snapshot_recompute(actor=actor)
    except RecomputeInProgressError:
        logger.warning("Recomputation refused: another run holds the lock (task %s)", self.request.id)
        if self.request.is_eager:
            return None
        lock_timeout = int(getattr(settings, "ANALYTICS_RECOMPUTE_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
        raise self.retry(countdown=max(1, min(LOCK_RETRY_SECONDS, lock_timeout))) from None
    except SnapshotRecomputeError as error:
        # The failure is recorded on the snapshot; re-running the same inputs would fail
        # the same way, so no retry: the task fails and the next nightly run tries again.
        logger.error("Recomputation failed: %s", error)
        raise
    logger.info("Competence maps: snapshot #%s is current (%s)", snapshot.pk, snapshot.row_counts.get("seconds"))
    return snapshot.pk


# A check gives up by itself after ANALYTICS_IMPORT_CHECK_SECONDS (180 s) of reading; the
# soft limit catches what follows the reading (validation, the plan), the hard limit a hang.
IMPORT_CHECK_TIME_LIMIT = 5 * 60
IMPORT_CHECK_SOFT_TIME_LIMIT = 4 * 60


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=IMPORT_CHECK_TIME_LIMIT,
    soft_time_limit=IMPORT_CHECK_SOFT_TIME_LIMIT,
)
def import_check_task(self, staging_id: str) -> str | None:
    """Check a large staged upload once and keep its preview for the page; returns the check's status.

    Safe to run twice: a finished check is returned as it is, and the check writes
    nothing but its own result (the import itself waits for the analyst's confirmation).
    """
    try:
        return staged_import_check(staging_id=staging_id).status
    except StagedImportNotFoundError:
        logger.info("Import check skipped: upload %s is gone (discarded or expired)", staging_id)
        return None
    except SoftTimeLimitExceeded:
        logger.warning("Import check of upload %s stopped at the time limit", staging_id)
        staged_import_check_stopped(staging_id=staging_id)
        return None


# An import of 200,000 rows reads, checks and writes in well under a minute; the limits stop a hang.
IMPORT_APPLY_TIME_LIMIT = 10 * 60
IMPORT_APPLY_SOFT_TIME_LIMIT = 9 * 60


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=IMPORT_APPLY_TIME_LIMIT,
    soft_time_limit=IMPORT_APPLY_SOFT_TIME_LIMIT,
)
def import_apply_task(self, staging_id: str, user_id: int) -> str | None:
    """Import a large staged upload the analyst confirmed, all or nothing; returns the upload's status.

    Safe to run twice: only an upload whose import is queued is applied, in one
    transaction, and the upload is deleted when it commits; a run killed mid-way
    rolls back and the redelivered message applies it again.
    """
    actor = get_user_model().objects.filter(pk=user_id).first()
    try:
        check = staged_import_apply_queued(staging_id=staging_id, actor=actor)
    except StagedImportNotFoundError:
        logger.info("Import skipped: upload %s is gone (discarded or expired)", staging_id)
        return None
    except SoftTimeLimitExceeded:
        logger.warning("Import of upload %s stopped at the time limit", staging_id)
        staged_import_apply_stopped(staging_id=staging_id)
        return None
    return check.status if check is not None else None
