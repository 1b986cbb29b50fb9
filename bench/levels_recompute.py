"""Benchmark of the cooperation levels' recomputation with the helix grid and the regularity of links
(issue #14, items 3 and 4). Prints figures; never asserts timings.

Run from the repository root:

    .venv/bin/python bench/levels_recompute.py              # a fresh SQLite file, data generated once
    .venv/bin/python bench/levels_recompute.py --db /tmp/levels-bench.sqlite3 --repeat 5

Data: a SQLite database (``--db``, kept between runs) with the reference data and
``generate_scale_data`` at the issue's scale (10,000 agents, 2,000 projects, 20,000 interactions, all
confirmed by the other side), generated only when the file has none.

Stages (best and median of ``--repeat`` runs):

* ``facts``: ``selectors.level_facts()`` — read every fact, the agents' helices included;
* ``rules``: ``computations.history`` — evidence rows with their 4 × 4 links masks, then the periods;
* ``grids``: the grid and the regularity of **every** pair from the stored evidence (what the pair pages
  and the API compute on demand, here all pairs at once), and the check of the invariant "the pair's
  level is its highest cell" against the stored current level of each pair;
* ``recompute``: ``levels_recompute`` writing everything (the fingerprint reset first: a changed history);
* ``unchanged``: ``levels_recompute`` with nothing changed (read, compute, compare, no write).

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


def timed(function, repeat: int) -> tuple[float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times), result


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "spiral-levels-bench.sqlite3")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--agents", type=int, default=10_000)
    parser.add_argument("--projects", type=int, default=2_000)
    parser.add_argument("--interactions", type=int, default=20_000)
    args = parser.parse_args()
    configure(args.db)
    ensure_data(args)

    from django.utils import timezone

    from levels import computations, selectors
    from levels.models import LevelComputation, PairEvidence
    from levels.services import levels_recompute

    today = timezone.localdate()
    levels_recompute(as_of=today)  # the stored history of this code (links masks filled)
    figures = {}
    best, median, facts = timed(selectors.level_facts, args.repeat)
    figures["facts"] = (best, median)

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

    best, median, (rows, history) = timed(rules, args.repeat)
    figures["rules"] = (best, median)
    best, median, (pairs, broken, years) = timed(lambda: all_grids(today), args.repeat)
    figures["grids"] = (best, median)

    def changed():
        LevelComputation.objects.filter(pk=1).update(fingerprint="")
        return levels_recompute(as_of=today)

    best, median, result = timed(changed, args.repeat)
    figures["recompute"] = (best, median)
    best, median, unchanged = timed(lambda: levels_recompute(as_of=today), args.repeat)
    figures["unchanged"] = (best, median)

    print(
        f"interactions {len(facts.interactions):,}, evidence {PairEvidence.objects.count():,}, "
        f"pair periods {result.pair_periods:,}, pairs {pairs:,}"
    )
    print(f"{'stage':<10} {'best s':>8} {'median s':>9}")
    for stage, (best, median) in figures.items():
        print(f"{stage:<10} {best:>8.3f} {median:>9.3f}")
    print(f"recompute changed={result.changed}, unchanged run changed={unchanged.changed}")
    print(f"invariant 'pair level = highest cell' broken for {len(broken)} of {pairs} pairs {broken[:5]}")
    distribution = defaultdict(int)
    for value in years:
        distribution[value] += 1
    print("pairs by years with links:", dict(sorted(distribution.items())))
    print("target: recompute (with grid and regularity) < 5 s:", "met" if figures["recompute"][1] < 5 else "NOT met")


if __name__ == "__main__":
    main()
