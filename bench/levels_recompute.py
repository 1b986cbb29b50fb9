"""Benchmark of the cooperation levels' recomputation with the helix grid and the regularity of links
(issue #14, items 3 and 4). Prints figures; never asserts timings.

Run from the repository root:

    .venv/bin/python bench/levels_recompute.py              # a fresh SQLite file, data generated once
    .venv/bin/python bench/levels_recompute.py --db /tmp/levels-bench.sqlite3 --repeat 5

Data: a SQLite database (``--db``, kept between runs) with the reference data and
``generate_scale_data`` at the issue's scale (10,000 agents, 2,000 projects, 20,000 interactions, all
confirmed by the other side), generated only when the file has none.

Stages (best and median of ``--repeat`` runs, wall and CPU — ``time.process_time``, this process only — with the
load average before and after each stage: the machine is shared, the CPU time is the comparable figure):

* ``facts``: ``selectors.level_facts()`` — read every fact, the agents' helices included;
* ``rules``: ``computations.history`` — evidence rows with their 4 × 4 links masks, then the periods;
* ``grids``: the grid and the regularity of **every** pair from the stored evidence (what the pair pages
  and the API compute on demand, here all pairs at once), and the check of the invariant "the pair's
  level is its highest cell" against the stored current level of each pair;
* ``recompute``: ``levels_recompute`` after the stored fingerprint was reset (a change is assumed: the stored
  rows are read and compared, the difference — here none — written);
* ``rewrite``: ``levels_recompute`` after the stored history was emptied (every row inserted: a first run);
* ``one change``: ``levels_recompute`` after one counted interaction was withdrawn (then restored, alternately);
* ``unchanged``: ``levels_recompute`` with nothing changed (read, compute, compare the fingerprint, no write).

The target (issue #14): the recomputation with the helix grid and the regularity under 5 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def configure(db_path: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["REDIS_URL"] = ""
    import django

    django.setup()


def ensure_data(args) -> None:
    from django.core.management import call_command

    from levels.models import Interaction
    from regions.models import Region

    call_command("migrate", "--noinput", verbosity=0)
    if Region.objects.count() != 85:
        call_command("load_reference_data", verbosity=0)
    if Interaction.objects.count() < args.interactions:
        started = time.perf_counter()
        call_command(
            "generate_scale_data",
            agents=args.agents,
            projects=args.projects,
            interactions=args.interactions,
            seed=1,
            stdout=sys.stderr,
        )
        print(f"data generated in {time.perf_counter() - started:.1f} s")


def timed(function, repeat: int, prepare=None) -> tuple[dict, object]:
    """Best and median wall and CPU (``time.process_time``: this process only) seconds of ``repeat`` runs, and
    the load average before and after; ``prepare`` runs untimed before each run."""
    walls, cpus, result = [], [], None
    load_before = os.getloadavg()[0]
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        started, cpu_started = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu_started)
    figures = {
        "wall_best": min(walls),
        "wall_median": statistics.median(walls),
        "cpu_best": min(cpus),
        "cpu_median": statistics.median(cpus),
        "load": (load_before, os.getloadavg()[0]),
    }
    return figures, result


def all_grids(today):
    """Grid and regularity of every pair from the stored evidence; the pairs breaking the invariant."""
    from levels import computations
    from levels.models import PairEvidence, PairLevel

    by_pair = defaultdict(list)
    for a, b, kind, ref, level, date_from, date_to, links in PairEvidence.objects.values_list(
        "region_a_id", "region_b_id", "kind", "ref_id", "level", "date_from", "date_to", "links_mask"
    ).iterator(chunk_size=10000):
        by_pair[(a, b)].append(computations.LinkRow(kind, ref, level, date_from, date_to, links))
    current = defaultdict(int)
    for a, b, level in PairLevel.objects.filter(lost_on__isnull=True).values_list("region_a", "region_b", "level"):
        current[(a, b)] = max(current[(a, b)], level)
    broken, years = [], []
    for pair, rows in by_pair.items():
        grid = computations.link_grid(rows, as_of=today)
        regularity = computations.regularity([(row.kind, row.ref, row.date_from) for row in rows], as_of=today)
        years.append(regularity.years)
        if computations.grid_level(grid) != current.get(pair, 0) or any(row.links == 0 for row in rows):
            broken.append(pair)
    return len(by_pair), broken, years


#: The stages of the target: the recomputation in its three cases.
TIMED = ("recompute", "rewrite", "one change")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "spiral-levels-bench.sqlite3")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=2_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    args = parser.parse_args()
    print(f"Machine: {os.cpu_count()} cores, load average {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")
    configure(args.db)
    ensure_data(args)

    from django.utils import timezone

    from levels import computations, selectors
    from levels.models import Interaction, LevelComputation, PairEvidence, PairLevel, RegionLevel
    from levels.services import levels_recompute

    today = timezone.localdate()
    levels_recompute(as_of=today)  # the stored history of this code (links masks filled)
    figures = {}
    figures["facts"], facts = timed(selectors.level_facts, args.repeat)

    def rules():
        return computations.history(
            as_of=today,
            interactions=facts.interactions,
            projects=facts.projects,
            participations=facts.participations,
            experts=facts.experts,
            consultations=facts.consultations,
            structures=facts.structures,
        )

    figures["rules"], (rows, history) = timed(rules, args.repeat)
    figures["grids"], (pairs, broken, years) = timed(lambda: all_grids(today), args.repeat)

    def forget_fingerprint():
        LevelComputation.objects.filter(pk=1).update(fingerprint="")

    def empty_history():
        forget_fingerprint()
        for model in (PairEvidence, PairLevel, RegionLevel):
            model.objects.all().delete()

    # a stored fingerprint that differs (as after a change) but the same history: read, compare, write nothing
    figures["recompute"], result = timed(lambda: levels_recompute(as_of=today), args.repeat, forget_fingerprint)
    # the first run (or any run after the stored history was lost): every row inserted
    figures["rewrite"], _ = timed(lambda: levels_recompute(as_of=today), args.repeat, empty_history)
    # the usual change: one interaction confirmed or withdrawn (alternately), then the recomputation
    counted = Interaction.objects.filter(pk=facts.interactions[0].id)
    flips = iter(range(args.repeat * 2))

    def flip():
        counted.update(is_withdrawn=next(flips) % 2 == 0)

    figures["one change"], one = timed(lambda: levels_recompute(as_of=today), args.repeat, flip)
    counted.update(is_withdrawn=False)
    levels_recompute(as_of=today)
    figures["unchanged"], unchanged = timed(lambda: levels_recompute(as_of=today), args.repeat)

    print(
        f"interactions {len(facts.interactions):,}, evidence {PairEvidence.objects.count():,}, "
        f"pair periods {result.pair_periods:,}, pairs {pairs:,}"
    )
    print(f"{'stage':<10} {'wall best':>9} {'median':>7} {'cpu best':>9} {'median':>7}  load average")
    for stage, row in figures.items():
        print(
            f"{stage:<10} {row['wall_best']:>9.3f} {row['wall_median']:>7.3f} {row['cpu_best']:>9.3f} "
            f"{row['cpu_median']:>7.3f}  {row['load'][0]:.1f} → {row['load'][1]:.1f}"
        )
    print(f"recompute changed={result.changed}, unchanged run changed={unchanged.changed}")
    print(f"invariant 'pair level = highest cell' broken for {len(broken)} of {pairs} pairs {broken[:5]}")
    distribution = defaultdict(int)
    for value in years:
        distribution[value] += 1
    print("pairs by years with links:", dict(sorted(distribution.items())))
    print(f"one change: changed={one.changed}")
    print(
        "target: recompute (with grid and regularity) < 5 s:",
        *(f"{stage} {'met' if figures[stage]['wall_median'] < 5 else 'NOT met'} (wall)" for stage in TIMED),
        *(f"{stage} {'met' if figures[stage]['cpu_median'] < 5 else 'NOT met'} (CPU)" for stage in TIMED),
    )
    print(f"Load average at the end: {'/'.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
