"""Fit scores of every project at scale, and the nightly run of the shipped data (prints figures; asserts nothing).

Run from the repository root (PostgreSQL must be up for the first part):

    .venv/bin/python bench/fit_scores.py                 # both parts, 3 runs each
    .venv/bin/python bench/fit_scores.py --part scale --repeat 5
    .venv/bin/python bench/fit_scores.py --part nightly

Parts, each in its own process:

* ``scale`` — the scale data of ``bench/pages.py`` (10,000 agents, 2,000 projects, 20,000 interactions) in a
  PostgreSQL database (``--database-url``, default ``spiral_fit_bench``; created, migrated, loaded and
  generated once, as ``bench/pages.py`` does). Figures: ``project_fit_refresh()`` of all projects (read the
  inputs, compute, write 2,000 ``ProjectFit`` rows), and its pure part ``compute_fits`` alone (inputs
  already read). Target: under 2 s.
* ``nightly`` — a fresh SQLite database with the reference data, everything Spiral ships and the demo data
  (``manage.py setup_portal``). Figures: ``snapshot_recompute(force=True)``, the nightly recomputation of
  the competence maps, whose ``snapshot_switched`` signal recomputes every project's fit (so the figure is
  the whole run), and the fit refresh alone. Target: the whole run under 3 s.

Best and median wall time of ``--repeat`` runs, the median CPU time (``time.process_time`` of this process plus, on
PostgreSQL, the CPU of its backend read from /proc: figures the shared machine's load does not inflate much) and
the load average (the machine is shared).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PYTHON = ROOT / ".venv" / "bin" / "python"


def _backend_cpu() -> float:
    """CPU seconds so far of this process's PostgreSQL backend (0 on SQLite, which runs in this process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    from bench.pages import process_cpu

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return process_cpu(cursor.fetchone()[0])


def timed(function, repeat: int) -> list[tuple[float, float, float]]:
    """``(wall s, this process's CPU s, the database backend's CPU s)`` of each of ``repeat`` runs.

    The CPU figures do not depend on what else the shared machine runs; the wall time does."""
    runs = []
    for _ in range(repeat):
        backend = _backend_cpu()
        cpu = time.process_time()
        started = time.perf_counter()
        function()
        wall = time.perf_counter() - started
        runs.append((wall, time.process_time() - cpu, _backend_cpu() - backend))
    return runs


def report(name: str, runs: list[tuple[float, float, float]], target: float | None = None) -> None:
    walls = [wall for wall, _cpu, _db in runs]
    cpus = [cpu + db for _wall, cpu, db in runs]
    best, median = min(walls), statistics.median(walls)
    verdict = "" if target is None else (f"  (target < {target:.1f} s: " + ("met)" if best < target else "MISSED)"))
    print(
        f"  {name:<40} best {best:7.3f} s   median {median:7.3f} s   runs {len(runs)}{verdict}\n"
        f"  {'':<40} CPU median {statistics.median(cpus):6.3f} s (this process "
        f"{statistics.median(cpu for _w, cpu, _d in runs):.3f} + database backend "
        f"{statistics.median(db for _w, _c, db in runs):.3f})   load {os.getloadavg()[0]:.1f}"
    )


def scale(args) -> None:
    from bench import pages

    env = pages.environment(args)
    print(f"Scale data in {args.database_url}")
    pages.prepare_data(args, env)
    os.environ.update(env)
    import django

    django.setup()
    from cooperation.models import Project, ProjectFit
    from cooperation.services import fit as fit_services

    projects = Project.objects.count()
    print(f"  projects: {projects}")
    items, regions, helices, ids = fit_services._frames(None)
    from analytics.selectors import current_snapshot

    snapshot = current_snapshot()
    fit_services.fit_values(snapshot)  # the per-process cache of the maps, as in a worker
    print(f"  inputs: {len(items)} project items, {len(regions)} participations, snapshot {snapshot and snapshot.pk}")
    report(
        "compute_fits (pure, inputs read)",
        timed(
            lambda: fit_services.compute_fits(
                items=items, regions=regions, helices=helices, projects=ids, snapshot=snapshot
            ),
            args.repeat,
        ),
    )
    fit_services._values_cache.clear()
    report("project_fit_refresh() cold (maps read)", timed(fit_services.project_fit_refresh, 1), target=2.0)
    report("project_fit_refresh() all projects", timed(fit_services.project_fit_refresh, args.repeat), target=2.0)
    print(f"  ProjectFit rows: {ProjectFit.objects.count()}")


def nightly(args) -> None:
    directory = Path(tempfile.mkdtemp(prefix="spiral-fit-bench-"))
    database = directory / "nightly.sqlite3"
    env = dict(os.environ)
    env.update(DATABASE_URL=f"sqlite:///{database}", REDIS_URL="", DJANGO_SETTINGS_MODULE="portal.settings.local")
    print(f"Shipped and demo data in {database}")
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 - our own manage.py
        [str(PYTHON), "manage.py", "setup_portal"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    print(f"  setup_portal in {time.perf_counter() - started:.1f} s")
    os.environ.update(env)
    import django

    django.setup()
    from analytics.services.snapshots import snapshot_recompute
    from cooperation.models import Project
    from cooperation.services.fit import project_fit_refresh

    print(f"  projects: {Project.objects.count()}")
    report("project_fit_refresh() (demo projects)", timed(project_fit_refresh, args.repeat))
    report(
        "nightly: snapshot_recompute(force) + fits",
        timed(lambda: snapshot_recompute(force=True), args.repeat),
        target=3.0,
    )
    report("nightly, inputs unchanged", timed(snapshot_recompute, args.repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--part", choices=["scale", "nightly", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/spiral_fit_bench")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=2_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reindex", action="store_true")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    if args.part == "both":
        for part in ("scale", "nightly"):
            command = [str(PYTHON), __file__, "--part", part, "--repeat", str(args.repeat)]
            command += ["--database-url", args.database_url, "--redis-url", args.redis_url]
            subprocess.run(command, check=False)  # noqa: S603 - this script
    elif args.part == "scale":
        scale(args)
    else:
        nightly(args)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
