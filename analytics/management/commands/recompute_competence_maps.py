"""``manage.py recompute_competence_maps [--force]``: the nightly recomputation, by hand."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from analytics.services.snapshots import RecomputeInProgressError, SnapshotRecomputeError, snapshot_recompute


class Command(BaseCommand):
    help = (
        "Recompute the competence maps (coefficients, competences, scenario models, managerial matrices, "
        "complexity) into a new snapshot and make it current; with unchanged inputs the current snapshot stays."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recompute even if the inputs did not change.")

    def handle(self, *args, force: bool = False, **options):
        started = timezone.now()
        try:
            snapshot = snapshot_recompute(force=force)
        except RecomputeInProgressError as error:
            raise CommandError(f"{error}; try again when it has finished.") from error
        except SnapshotRecomputeError as error:
            raise CommandError(f"{error}\n{error.snapshot.error}") from error
        if snapshot.started_at < started:
            self.stdout.write("Inputs unchanged: the current snapshot stays (use --force to recompute).")
        counts = snapshot.row_counts or {}
        seconds = counts.get("seconds", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"Snapshot #{snapshot.pk} ({snapshot.get_status_display()}, current={snapshot.is_current}), "
                f"inputs {snapshot.inputs_checksum[:12]}, threshold {snapshot.threshold:g}"
            )
        )
        started_at, finished_at = (timezone.localtime(moment) for moment in (snapshot.started_at, snapshot.finished_at))
        self.stdout.write(f"  started {started_at:%Y-%m-%d %H:%M:%S %Z}, finished {finished_at:%H:%M:%S}")
        self.stdout.write(f"  coefficients: {counts.get('coefficients', 0)}")
        self.stdout.write(f"  documents: {json.dumps(counts.get('documents', {}))}")
        for code, figures in counts.get("datasets", {}).items():
            self.stdout.write(f"  data set {code}: {json.dumps(figures)}")
        if seconds:
            self.stdout.write(
                "  time: read {read:.3f} s, compute {compute:.3f} s, write {write:.3f} s, total {total:.3f} s".format(
                    **seconds
                )
            )
        for warning in counts.get("warnings", [])[:10]:
            self.stdout.write(self.style.WARNING(f"  warning: {warning}"))
