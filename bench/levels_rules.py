"""Benchmark of the level rules on 20,000 interactions (prints figures; never asserts timings).

Run from the repository root: ``.venv/bin/python bench/levels_rules.py [--repeat 5]``.
Pure computation (``levels.computations.history``), no database: the input is the one of
``tests/levels/computations/test_rules.py`` (each interaction joins three of 85 regions).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from levels import computations  # noqa: E402
from levels.computations import InteractionFact  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--interactions", type=int, default=20_000)
    args = parser.parse_args()
    interactions = [
        InteractionFact(pk, date(2020, 1, 1 + pk % 28), frozenset({1 + pk % 85, 1 + (pk * 7) % 85, 1 + (pk * 13) % 85}))
        for pk in range(args.interactions)
    ]
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        computations.history(as_of=date(2025, 12, 31), interactions=interactions)
        times.append(time.perf_counter() - started)
    print(f"load average {os.getloadavg()[0]:.1f}; {args.interactions} interactions")
    print(f"levels history: best {min(times):.3f} s, median {statistics.median(times):.3f} s over {args.repeat} runs")


if __name__ == "__main__":
    main()
