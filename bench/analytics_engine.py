"""Benchmark of the analytics computation engine (prints figures; never asserts timings).

Run from the repository root:

    .venv/bin/python bench/analytics_engine.py            # every case
    .venv/bin/python bench/analytics_engine.py --case 85x100x1 --repeat 5

Cases: synthetic panels 85x100x1, 300x1000x5, 1000x5000x1 (regions x items x
years, see ``synthetic.py``) and the real 226x785 world trade matrix
(``shared/data/peers/world_trade_sitc2_4d_avg_1998_2000.csv``).

For each case and stage it prints the wall time (best of ``--repeat`` runs,
``time.perf_counter``), the peak memory traced by ``tracemalloc`` during one
extra run (numpy and pandas buffers included), and the process's peak RSS
(``resource.getrusage``; each case runs in its own subprocess so the RSS is
not inherited from a bigger case).  Stages:

* ``complexity``: ``analytics.computations.complexity`` on the long panel --
  RCA, presence, proximity, density, ECI, PCI, every year (the issue's target:
  about 4 s at 1,000 x 5,000 on 2 cores);
* ``complexity_matrix[1y]``: the same for the first year only, from a wide
  regions x items matrix (no long -> wide reshaping);
* ``complexity+outlook``: the long panel with COI and COG too;
* ``location_quotients``: the long-format LQ of every region x item x year.

The last table shows how time and memory grow with the number of cells.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import synthetic  # noqa: E402

from analytics.computations.complexity import complexity, complexity_matrix  # noqa: E402
from analytics.computations.location_quotients import location_quotients  # noqa: E402

CASES = [name for name, *_ in synthetic.SIZES] + ["world_trade_226x785"]


def load(case: str):
    """The long panel of a case and its (regions, items, years) shape."""
    if case == "world_trade_226x785":
        panel = synthetic.world_trade_panel()
        return panel, (panel["region"].nunique(), panel["item"].nunique(), 1)
    for name, n_regions, n_items, n_years in synthetic.SIZES:
        if name == case:
            return synthetic.synthetic_panel(n_regions, n_items, n_years), (n_regions, n_items, n_years)
    raise SystemExit(f"unknown case {case!r}; choose from {CASES}")


def measure(function: Callable[[], object], repeat: int) -> dict[str, float]:
    """Best wall time of ``repeat`` runs, then one traced run for the peak allocation."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"wall_s": min(times), "wall_median_s": sorted(times)[len(times) // 2], "traced_peak_mb": peak / 2**20}


def run_case(case: str, repeat: int) -> dict[str, object]:
    """Run every stage of one case in this process; return the figures."""
    panel, shape = load(case)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    first_year = next(iter(complexity(panel).values())).volumes  # a wide matrix, built untimed
    stages = {
        "complexity": lambda: complexity(panel),
        "complexity_matrix[1y]": lambda: complexity_matrix(first_year),
        "complexity+outlook": lambda: complexity(panel, outlook=True),
        "location_quotients": lambda: location_quotients(panel),
    }
    figures = {}
    for stage, function in stages.items():
        figures[stage] = measure(function, repeat)
    results = complexity(panel)
    sample = next(iter(results.values()))
    return {
        "case": case,
        "shape": shape,
        "rows": len(panel),
        "cells": shape[0] * shape[1] * shape[2],
        "stages": figures,
        "rss_before_mb": rss_before,
        "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "presence_share": float(sample.presence.to_numpy().mean()),
        "connected": all(result.connected for result in results.values()),
        "dropped": [len(sample.dropped_regions), len(sample.dropped_items)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=CASES, action="append", help="run only this case (repeatable)")
    parser.add_argument("--repeat", type=int, default=None, help="timed runs per stage (default 3, 1 for the largest)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        (case,) = args.case
        print(json.dumps(run_case(case, args.repeat or 1)))
        return

    import numpy as np
    import pandas as pd
    import scipy

    print(
        f"python {sys.version.split()[0]}  pandas {pd.__version__}  numpy {np.__version__}  scipy {scipy.__version__}"
    )
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} CPUs, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (other work inflates timings)"
    )
    rows = []
    for case in args.case or CASES:
        repeat = args.repeat or (1 if case == "1000x5000x1" else 3)
        completed = subprocess.run(  # noqa: S603 - runs this very script
            [sys.executable, __file__, "--child", "--case", case, "--repeat", str(repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(completed.stdout.strip().splitlines()[-1])
        rows.append(figures)
        regions, items, years = figures["shape"]
        print(
            f"\n== {case}: {regions} regions x {items} items x {years} year(s), {figures['rows']:,} long rows, "
            f"presence {figures['presence_share']:.1%}, connected={figures['connected']}, "
            f"dropped regions/items={figures['dropped']}, best of {repeat}"
        )
        print(f"   {'stage':<22} {'wall s':>9} {'median s':>9} {'traced peak MB':>15}")
        for stage, stage_figures in figures["stages"].items():
            print(
                f"   {stage:<22} {stage_figures['wall_s']:>9.3f} {stage_figures['wall_median_s']:>9.3f} "
                f"{stage_figures['traced_peak_mb']:>15.1f}"
            )
        rss = f"{figures['rss_peak_mb']:.0f} MB (after loading the input: {figures['rss_before_mb']:.0f} MB)"
        print(f"   process peak RSS {rss}")

    synthetic_rows = [row for row in rows if row["case"] != "world_trade_226x785"]
    if len(synthetic_rows) > 1:
        print("\n== growth of the complexity stage with the number of cells (regions x items x years)")
        print(f"   {'case':<14} {'cells':>12} {'wall s':>8} {'us/cell':>8} {'MB':>8} {'time exponent':>14}")
        previous = None
        for row in synthetic_rows:
            stage = row["stages"]["complexity"]
            exponent = ""
            if previous is not None:
                ratio = math.log(stage["wall_s"] / previous[1]) / math.log(row["cells"] / previous[0])
                exponent = f"{ratio:.2f}"
            print(
                f"   {row['case']:<14} {row['cells']:>12,} {stage['wall_s']:>8.3f} "
                f"{1e6 * stage['wall_s'] / row['cells']:>8.3f} {stage['traced_peak_mb']:>8.0f} {exponent:>14}"
            )
            previous = (row["cells"], stage["wall_s"])
        print(
            "   (per year the work is O(R*I*I) for proximity and density BLAS products and O(min(R,I)^2 * max(R,I))\n"
            "    for the ECI matrix, so time grows faster than the cell count when items grow)"
        )


if __name__ == "__main__":
    main()
