"""The nightly recomputation on the production path: PostgreSQL, Redis and real Celery workers.

How a killed worker's run survives
----------------------------------
``recompute_competence_maps_task`` is ``acks_late`` and ``reject_on_worker_lost``: its
message is acknowledged only when the task has finished.  A worker killed with SIGKILL
(``--pool=solo``: the whole worker process dies, as when a machine or container goes)
never acknowledges, so the message stays in Redis's "unacked" set; the Redis transport
puts it back on the queue once it is older than the broker's *visibility timeout* (every
worker sweeps the unacked set when it starts and then every 10 s, see the settings), and
another worker runs it again.  In production the visibility timeout is 660 s, just above the
task's hard time limit (600 s), itself above the recompute lock (570 s).  This test does not
wait eleven minutes: the workers get ``CELERY_TASK_TIME_LIMIT=10`` and
``CELERY_VISIBILITY_TIMEOUT=15`` in their environment (read by ``portal/settings/base.py``,
which derives the soft limit, 9 s, and the lock, 9 s), the same mechanism compressed to
seconds.  The rerun is the *redelivered original message* (same task id in the second
worker's log), not a task re-sent by the test -- that is the point of acks late.  If the
redelivered task still finds the dead run's lock, it is refused and retried after the lock
timeout.

The first worker gets ``ANALYTICS_RECOMPUTE_PAUSE_SECONDS`` (a test hook: the run
sleeps between writing its rows and switching to them), so the kill lands mid-run.
"""

from __future__ import annotations

import signal
import time

import pytest
from django.core.cache import cache
from django.utils import timezone

from analytics import selectors
from analytics.choices import BatchKind, Indicator, SnapshotStatus
from analytics.models import ClassifierItem, CoefficientValue, Dataset, ImportBatch, Observation, Snapshot
from analytics.services.snapshots import LOCK_KEY, snapshot_recompute
from analytics.tasks import recompute_competence_maps_task
from regions.models import Region

TIME_LIMIT = 10
VISIBILITY_TIMEOUT = 15
#: Seconds between two sweeps of the unacknowledged messages by a running worker (the settings).
RESTORE_INTERVAL = 10
COMPRESSED = {"CELERY_TASK_TIME_LIMIT": str(TIME_LIMIT), "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}


def _wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.1)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}")


def _data_set() -> Dataset:
    """Two regions x two NACE sections, committed (the worker reads them from PostgreSQL)."""
    dataset = Dataset.objects.create(code="worker", name_ru="worker", name_en="worker")
    batch = ImportBatch.objects.create(dataset=dataset, kind=BatchKind.OBSERVATIONS, file_name="w.csv", checksum="0")
    items = {code: ClassifierItem.objects.get(classifier__code="nace2", code=code) for code in "AC"}
    regions = {iso: Region.objects.get(iso_code=iso) for iso in ("RU-LIP", "RU-VOR")}
    Observation.objects.bulk_create(
        Observation(dataset=dataset, batch=batch, region=regions[iso], item=items[code], year=2020, value=value)
        for iso, code, value in [("RU-LIP", "A", 10), ("RU-LIP", "C", 30), ("RU-VOR", "A", 20), ("RU-VOR", "C", 20)]
    )
    return dataset


def _lipetsk_a() -> float:
    (row,) = selectors.coefficient_values(
        dataset="worker", region="RU-LIP", indicator=Indicator.NATIONAL_LOCALISATION, item="A", year=2020
    )
    return row.value


def test_a_worker_killed_mid_run_is_shown_interrupted_and_a_second_worker_completes_the_redelivered_run(
    celery_worker_factory, reference_data, client, make_user, settings
):
    settings.CELERY_TASK_TIME_LIMIT = TIME_LIMIT  # the web process judges "interrupted" by the workers' limit
    client.force_login(make_user("analyst"))

    # given a current snapshot, then changed inputs
    dataset = _data_set()
    old = snapshot_recompute()
    served_before = _lipetsk_a()
    Observation.objects.filter(dataset=dataset, region__iso_code="RU-LIP", item__code="A").update(value=40)

    # when a worker starts the recomputation, a second worker is up and idle, and the first is killed mid-run
    first = celery_worker_factory(env={**COMPRESSED, "ANALYTICS_RECOMPUTE_PAUSE_SECONDS": "120"}, name="doomed")
    sent_at = time.monotonic()
    result = recompute_competence_maps_task.delay()
    running = _wait_for(
        lambda: Snapshot.objects.filter(status=SnapshotStatus.RUNNING).exclude(pk=old.pk).first(),
        timeout=30,
        what="the new snapshot to be running",
    )
    _wait_for(
        lambda: CoefficientValue.objects.filter(snapshot=running).exists(),
        timeout=30,
        what="the new snapshot's rows to be written",
    )
    second = celery_worker_factory(env=COMPRESSED, name="survivor")
    first.send_signal(signal.SIGKILL)
    killed_at = time.monotonic()
    first.wait(timeout=10)

    # then the old snapshot is still the one served, the killed run's rows are invisible
    running.refresh_from_db()
    assert running.status == SnapshotStatus.RUNNING and not running.is_current
    assert selectors.current_snapshot() == old
    assert _lipetsk_a() == pytest.approx(served_before)

    # and once the killed run is past the time limit (and before the redelivery, at 15 s or later) the
    # analysts see it interrupted, not running
    time.sleep(max(0.0, (running.started_at - timezone.now()).total_seconds() + TIME_LIMIT + 0.5))
    assert Snapshot.objects.get(pk=running.pk).status == SnapshotStatus.RUNNING  # not redelivered yet
    api = {entry["id"]: entry["status"] for entry in client.get("/api/analytics/snapshots/").json()["results"]}
    assert api[running.pk] == "interrupted"
    page = client.get("/analytics/data-bank/snapshots/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Interrupted" in page and "A recomputation is running." not in page

    # when the message is older than the visibility timeout, the second worker (already running: no
    # sweep at start-up helps it) takes the redelivered message at its next sweep and runs it
    new = _wait_for(
        lambda: Snapshot.objects.filter(is_current=True, status=SnapshotStatus.COMPLETE).exclude(pk=old.pk).first(),
        timeout=VISIBILITY_TIMEOUT + RESTORE_INTERVAL + 30,
        what="the second worker to complete the redelivered run",
    )
    done_at = time.monotonic()
    print(  # the figures of the report (pytest -s)
        f"\nredelivered run complete {done_at - sent_at:.1f} s after the task was sent, "
        f"{done_at - killed_at:.1f} s after the kill (visibility timeout {VISIBILITY_TIMEOUT} s, "
        f"sweep every {RESTORE_INTERVAL} s)"
    )

    # then its snapshot is current with the new inputs, the killed run is marked failed
    assert new.pk != running.pk
    assert _lipetsk_a() == pytest.approx((40 / 70) / (60 / 110))
    running.refresh_from_db()
    assert running.status == SnapshotStatus.FAILED and "Interrupted" in running.error
    assert not CoefficientValue.objects.filter(snapshot=running).exists()
    old.refresh_from_db()
    assert old.status == SnapshotStatus.COMPLETE and not old.is_current  # kept by the retention setting
    assert result.get(timeout=30) == new.pk  # the original task id finished with the new snapshot
    second.terminate()
    log = second.communicate(timeout=30)[0]
    assert result.id in log  # the second worker ran the original (redelivered) message


def test_a_second_run_is_refused_while_the_lock_is_held_then_retried(celery_worker_factory, reference_data):
    # given another run holds the lock (as a run on another worker would)
    _data_set()
    assert cache.add(LOCK_KEY, "another-run", timeout=60)
    celery_worker_factory(env=COMPRESSED)

    # when the task is sent
    result = recompute_competence_maps_task.delay()

    # then it computes nothing while the lock is held
    time.sleep(4)
    assert not Snapshot.objects.exists()
    assert cache.get(LOCK_KEY) == "another-run"  # the refused run did not release someone else's lock

    # and once the other run has finished, the retried task completes
    cache.delete(LOCK_KEY)
    snapshot_id = result.get(timeout=60)
    assert Snapshot.objects.get(pk=snapshot_id).is_current
