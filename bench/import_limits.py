"""Benchmark of the data-bank import's refusal of hostile files (prints figures; never asserts timings).

Run from the repository root:

    .venv/bin/python bench/import_limits.py
    .venv/bin/python bench/import_limits.py --case huge-string

The files of issue #10, item 5, built at the zip/XML level by ``tests/analytics/hostile_files.py``:

* ``huge-string``: a ~300 KB workbook whose one shared string is 300 MB of letters;
* ``blank-rows``: a ~20 MB workbook of a header, one data row and 4.1 million blank rows
  (a styled empty cell each, as Excel saves them);
* ``zip-bomb``: a ~1 MB workbook whose sheet unpacks to 1 GB;
* ``blank-rows-bare``: 3.9 million bare ``<row/>`` elements (~60 MB unpacked, under the 200 MB
  limit), so the row count in the stream is what refuses it;
* ``long-cell-20mb``: a 20 MB shared string of random letters (no zip-bomb ratio), found by the
  stream scan;
* ``blank-rows-199k``: 199,000 styled blank rows, within every limit: it is read to the end
  (openpyxl, ~20,000 rows/s), which is why files above ``ANALYTICS_IMPORT_BACKGROUND_BYTES``
  (unpacked) are checked by the worker's task rather than in the request.

Each case runs ``import_preview`` (the dry run behind the preview page and the
``--dry-run`` command) on a fresh SQLite database with the reference data, in its own
subprocess, and prints: wall time, RSS before the preview and the process's peak RSS
(``ru_maxrss``; the difference is the extra memory), the peak traced by ``tracemalloc`` in
a second run, the message, and that no row was written. The target: each refused in under
5 s with under 200 MB of extra memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024
CASES = ("huge-string", "blank-rows", "zip-bomb", "blank-rows-bare", "long-cell-20mb", "blank-rows-199k")


def build(case: str) -> bytes:
    from tests.analytics import hostile_files

    if case == "huge-string":
        return hostile_files.huge_string_xlsx(300_000_000)
    if case == "blank-rows":
        return hostile_files.blank_rows_xlsx(4_100_000)
    if case == "zip-bomb":
        return hostile_files.zip_bomb_xlsx(1024 * MB)
    if case == "blank-rows-199k":
        return hostile_files.blank_rows_xlsx(199_000)
    if case == "blank-rows-bare":
        return hostile_files.blank_rows_xlsx(3_900_000, styled=False)
    if case == "long-cell-20mb":
        return hostile_files.huge_inline_string_xlsx(20 * MB, unit=hostile_files.random_letters(65_536))
    raise SystemExit(f"unknown case {case}")


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB


def run_case(case: str, db_path: Path, file_path: Path) -> dict:
    """Run the dry run on the file (built by the parent) and measure, in this subprocess."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["REDIS_URL"] = ""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    from analytics.models import Classifier, Dataset, ImportBatch, Observation
    from analytics.services import classifiers_load_reference_data
    from analytics.services.imports import import_preview
    from regions.services import regions_load_reference_data

    call_command("migrate", verbosity=0)
    regions_load_reference_data()
    classifiers_load_reference_data()
    dataset = Dataset.objects.create(code="bench", name_en="Bench", name_ru="Bench")
    classifier = Classifier.objects.get(code="nace2")
    content = file_path.read_bytes()

    def preview():
        with translation.override("en"):
            return import_preview(
                dataset=dataset, kind="observations", classifier=classifier, file_name=f"{case}.xlsx", content=content
            )

    # ru_maxrss is the peak of the whole process (the migrations included): "extra" = that peak
    # minus the RSS just before the dry run is an upper bound; tracemalloc measures the dry run alone.
    rss_before = _rss_mb()
    started = time.perf_counter()
    result = preview()
    seconds = time.perf_counter() - started
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    preview()
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "case": case,
        "file_mb": len(content) / MB,
        "seconds": seconds,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak_after,
        "extra_rss_mb": max(0.0, peak_after - rss_before),
        "traced_peak_mb": traced / MB,
        "problems": [p.message for p in result.problems][:2],
        "written": ImportBatch.objects.count() + Observation.objects.count(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=CASES, action="append")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(args.child, Path(args.db), Path(args.file))))
        return
    sys.path.insert(0, str(ROOT))
    print(f"load average: {os.getloadavg()[0]:.1f} (2 shared cores; a busy machine inflates times)")
    print(
        f"{'case':<18} {'file':>8} {'time':>7} {'RSS before':>10} {'peak RSS':>9} {'extra':>7} {'traced':>8}"
        "  written  message"
    )
    for case in args.case or CASES:
        with tempfile.TemporaryDirectory() as tmp:
            file_path = Path(tmp) / f"{case}.xlsx"
            file_path.write_bytes(build(case))
            database = str(Path(tmp) / "bench.sqlite3")
            output = subprocess.run(  # noqa: S603 (this script with its own arguments)
                [sys.executable, __file__, "--child", case, "--db", database, "--file", str(file_path)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            ).stdout
        row = json.loads(output.strip().splitlines()[-1])
        print(
            f"{row['case']:<18} {row['file_mb']:>6.1f}MB {row['seconds']:>6.2f}s {row['rss_before_mb']:>8.0f}MB "
            f"{row['peak_rss_mb']:>7.0f}MB {row['extra_rss_mb']:>5.0f}MB {row['traced_peak_mb']:>6.1f}MB"
            f"  {row['written']:>7}  {' | '.join(row['problems'])}"
        )


if __name__ == "__main__":
    main()
