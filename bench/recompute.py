"""Benchmark of a full recomputation of the competence maps (prints figures; never asserts timings).

Run from the repository root:

    .venv/bin/python bench/recompute.py                 # the shipped data, 3 runs per stage
    .venv/bin/python bench/recompute.py --repeat 5
    .venv/bin/python bench/recompute.py --synthetic     # a generated Rosstat-sized panel instead

Data: a fresh SQLite database in a temporary directory (``--db`` to choose the file)
with the reference data and everything Spiral ships, loaded by the import engineer's
``analytics.services.shipped.shipped_load_all`` (the paper's Tables 2-5 as published
coefficients, Rosstat's GVA by OKVED section for 85 regions and Russia, 2009-2022, as
volumes, and the default concordance).  Without that module, or with ``--synthetic``, it
generates a panel of the same size: 85 regions x 21 NACE sections x 14 years plus a
country row, and the paper's Tables 2-5.

Stages, each in its own subprocess so that the peak RSS (``ru_maxrss``) is its own:

* ``compute``: ``snapshot_compute`` -- every coefficient, competence flag, scenario model,
  managerial matrix and complexity document, from DataFrames already read (the engine
  plus the JSON documents; no database);
* ``service``: ``snapshot_recompute(force=True)`` -- the whole run on SQLite: read the
  inputs through the selectors, checksum, compute, insert ~43,000 coefficient rows and
  ~1,400 documents, switch in one transaction, prune the snapshot beyond the retention
  (3): the steady state of a nightly run whose inputs changed;
* ``unchanged``: ``snapshot_recompute()`` with unchanged inputs -- the usual nightly run:
  read, checksum, return the current snapshot.

Figures: best and median wall time of ``--repeat`` runs, the peak traced by
``tracemalloc`` during one extra run (numpy/pandas buffers included) and the process's
peak RSS.  The issue's target: a full recomputation of the shipped data in under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STAGES = ("compute", "service", "unchanged")


def configure(db_path: Path) -> None:
    """Point Django at a SQLite file, with no Redis (locmem cache, eager Celery), and set it up."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["REDIS_URL"] = ""
    os.environ["ANALYTICS_RECOMPUTE_PAUSE_SECONDS"] = "0"
    import django

    django.setup()


# --- data ---------------------------------------------------------------------------


def prepare(db_path: Path, *, synthetic: bool) -> str:
    """Create the database and load the data; returns a description of what was loaded."""
    configure(db_path)
    from django.core.management import call_command

    from analytics.services import classifiers_load_reference_data
    from regions.services import regions_load_reference_data

    call_command("migrate", verbosity=0)
    regions_load_reference_data()
    classifiers_load_reference_data()
    if not synthetic:
        try:
            from analytics.services.shipped import shipped_load_all
        except ImportError:
            synthetic = True
        else:
            started = time.perf_counter()
            reports = shipped_load_all()
            loaded_in = time.perf_counter() - started  # the figure test_shipped.py used to assert (< 10 s)
            return f"shipped data, loaded in {loaded_in:.1f} s: " + "; ".join(
                str(report).splitlines()[0] for report in reports
            )
    return generate_panel()


def generate_panel() -> str:
    """A Rosstat-sized panel (85 regions x 21 sections x 14 years + Russia) and the paper's tables."""
    import numpy as np
    import pandas as pd

    from analytics.choices import BatchKind
    from analytics.computations.concordance import default_concordance, default_cross_cutting
    from analytics.computations.tables import CBE_2020_DIR, CBE_2020_FILES
    from analytics.models import (
        ClassifierItem,
        ConcordanceLink,
        CrossCuttingRubric,
        Dataset,
        ImportBatch,
        Observation,
        PublishedCoefficient,
    )
    from regions.models import Region

    rng = np.random.default_rng(2024)
    regions = list(Region.objects.order_by("sort_order").values_list("pk", flat=True))
    sections = list(ClassifierItem.objects.filter(classifier__code="nace2").values_list("pk", flat=True))
    years = np.arange(2009, 2023)
    dataset = Dataset.objects.create(code="synthetic-gva", name_ru="synthetic", name_en="synthetic")
    batch = ImportBatch.objects.create(dataset=dataset, kind=BatchKind.OBSERVATIONS, file_name="-", checksum="0")
    grid = pd.MultiIndex.from_product([regions, sections, years], names=["region", "item", "year"]).to_frame(
        index=False
    )
    grid["value"] = rng.lognormal(mean=3.0, sigma=1.2, size=len(grid)).round(3)
    country = grid.groupby(["item", "year"], as_index=False)["value"].sum().assign(region=None)
    rows = pd.concat([grid, country], ignore_index=True)
    Observation.objects.bulk_create(
        (
            Observation(dataset=dataset, batch=batch, region_id=region, item_id=item, year=year, value=value)
            for region, item, year, value in zip(
                rows["region"].tolist(),
                rows["item"].tolist(),
                rows["year"].tolist(),
                rows["value"].tolist(),
                strict=False,
            )
        ),
        batch_size=2000,
    )

    paper = Dataset.objects.create(code="cbe-2020", name_ru="cbe-2020", name_en="cbe-2020")
    paper_batch = ImportBatch.objects.create(
        dataset=paper, kind=BatchKind.COEFFICIENTS, file_name="cbe_2020", checksum="0"
    )
    names = {"Belgorod": "RU-BEL", "Voronezh": "RU-VOR", "Kursk": "RU-KRS", "Lipetsk": "RU-LIP", "Tambov": "RU-TAM"}
    region_ids = dict(Region.objects.filter(iso_code__in=names.values()).values_list("iso_code", "pk"))
    classifier = ["feacn_groups", "nace2", "nace2", "grnti"]
    published = []
    for (indicator, file_name), code in zip(CBE_2020_FILES.items(), classifier, strict=True):
        table = pd.read_csv(CBE_2020_DIR / file_name, dtype={"code": "string"}, keep_default_na=False)
        key, column = ("name_en", "name") if code == "grnti" else ("code", "code")
        lookup = dict(ClassifierItem.objects.filter(classifier__code=code).values_list(key, "pk"))
        published.extend(
            PublishedCoefficient(
                dataset=paper,
                batch=paper_batch,
                indicator=indicator,
                region_id=region_ids[names[row["region"]]],
                item_id=lookup[row[column]],
                year=int(row["year"]),
                value=float(row["value"]),
            )
            for row in table.to_dict("records")
        )
    PublishedCoefficient.objects.bulk_create(published)
    grnti = dict(ClassifierItem.objects.filter(classifier__code="grnti").values_list("name_en", "pk"))
    directions = {
        kind: dict(ClassifierItem.objects.filter(classifier__code=code).values_list("code", "pk"))
        for kind, code in (("export", "feacn_groups"), ("sector", "nace2"))
    }
    ConcordanceLink.objects.bulk_create(
        ConcordanceLink(direction_id=directions[row.classifier][row.code], rubric_id=grnti[row.st_rubric], sort_order=i)
        for i, row in enumerate(default_concordance().itertuples(index=False))
    )
    CrossCuttingRubric.objects.bulk_create(
        CrossCuttingRubric(rubric_id=grnti[rubric], sort_order=i)
        for i, rubric in enumerate(default_cross_cutting()["st_rubric"])
    )
    return f"synthetic panel: {len(rows)} observations (85 x 21 x 14 + Russia) and the paper's Tables 2-5"


# --- measuring ----------------------------------------------------------------------


def measure(function: Callable[[], object], repeat: int) -> dict[str, float]:
    """Best/median wall time of ``repeat`` runs, then the tracemalloc peak of one more run."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"best_s": min(times), "median_s": statistics.median(times), "traced_peak_mb": peak / 2**20}


def run_stage(stage: str, db_path: Path, repeat: int) -> dict[str, object]:
    """One stage, in this (child) process."""
    configure(db_path)
    from analytics.models import CoefficientValue, SnapshotDocument
    from analytics.services import snapshots

    extra: dict[str, object] = {}
    if stage == "compute":
        inputs = snapshots.snapshot_inputs()
        result = snapshots.snapshot_compute(inputs)
        extra = {"coefficients": len(result.coefficients), "documents": len(result.documents)}
        figures = measure(lambda: snapshots.snapshot_compute(inputs), repeat)
    elif stage == "service":
        for _ in range(3):  # reach the retention (3 complete snapshots): each run then prunes one
            snapshots.snapshot_recompute(force=True)
        figures = measure(lambda: snapshots.snapshot_recompute(force=True), repeat)
        snapshot = snapshots.snapshot_recompute(force=True)
        extra = {
            "coefficients": snapshot.row_counts["coefficients"],
            "documents": sum(snapshot.row_counts["documents"].values()),
            "phases_s": snapshot.row_counts["seconds"],
            "rows_in_db": CoefficientValue.objects.count(),
            "documents_in_db": SnapshotDocument.objects.count(),
        }
    else:
        snapshots.snapshot_recompute()
        figures = measure(lambda: snapshots.snapshot_recompute(), repeat)
    figures["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"stage": stage, **figures, **extra}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--synthetic", action="store_true", help="generate a Rosstat-sized panel")
    parser.add_argument("--db", type=Path, help="SQLite file to create (default: a temporary one)")
    # internal: what a child process does (each stage has its own process, hence its own peak RSS)
    parser.add_argument("--stage", choices=STAGES, help=argparse.SUPPRESS)
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.prepare:
        print(json.dumps({"described": prepare(args.db, synthetic=args.synthetic)}))
        return
    if args.stage:
        print(json.dumps(run_stage(args.stage, args.db, args.repeat)))
        return

    with tempfile.TemporaryDirectory(prefix="spiral-recompute-") as directory:
        db_path = args.db or Path(directory) / "bench.sqlite3"
        if db_path.exists():
            db_path.unlink()
        start = time.perf_counter()
        print(f"Preparing {db_path} ...", flush=True)
        described = _in_child(["--prepare"], db_path, args)["described"]
        print(f"{described} (prepared in {time.perf_counter() - start:.1f} s)")
        load = os.getloadavg()
        print(f"CPUs: {os.cpu_count()}, load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        print()
        header = f"{'stage':<10} {'best s':>8} {'median s':>9} {'traced peak MB':>15} {'peak RSS MB':>12}  details"
        print(header)
        print("-" * len(header))
        for stage in STAGES:
            result = _in_child(["--stage", stage], db_path, args)
            details = {key: value for key, value in result.items() if key not in {"stage", "best_s", "median_s"}}
            details.pop("traced_peak_mb")
            details.pop("rss_peak_mb")
            print(
                f"{stage:<10} {result['best_s']:>8.3f} {result['median_s']:>9.3f} "
                f"{result['traced_peak_mb']:>15.1f} {result['rss_peak_mb']:>12.0f}  {json.dumps(details)}",
                flush=True,
            )
        load = os.getloadavg()
        print(f"\nload average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; target: full recomputation < 2 s")


def _in_child(arguments: list[str], db_path: Path, args: argparse.Namespace) -> dict[str, object]:
    """Run this script with ``arguments`` in a child process; its last output line is JSON."""
    command = [sys.executable, __file__, "--db", str(db_path), "--repeat", str(args.repeat), *arguments]
    if args.synthetic:
        command.append("--synthetic")
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode:
        raise SystemExit(completed.stdout + completed.stderr)
    return json.loads(completed.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
