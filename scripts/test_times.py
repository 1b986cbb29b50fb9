"""Where the test suite's time goes: sum the durations of a pytest JUnit file per test file (and per folder).

``make test`` writes ``test-results/test-unit.xml`` (the embedded pass) and ``test-results/test-integration.xml``
(the production pass). Usage::

    python3 scripts/test_times.py test-results/test-unit.xml            # the 30 costliest files
    python3 scripts/test_times.py test-results/test-integration.xml --folders --top 15

The sum is worker time: with two pytest-xdist workers the wall time is about half of it, or the time of the
browser tests' group (one worker runs it) when that is longer.
"""

from __future__ import annotations

import argparse
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path


def file_of(classname: str, folders: bool) -> str:
    """``tests.cooperation.views.test_x.TestY`` -> ``tests/cooperation/views/test_x.py`` (or its folder)."""
    parts = classname.split(".")
    while parts and not parts[-1].startswith("test_"):
        parts.pop()  # a class name inside the module
    if not parts:
        return classname
    return "/".join(parts[:-1]) + "/" if folders else "/".join(parts) + ".py"


def case_seconds(case: ET.Element, cpu: bool) -> float:
    """The test's wall time, or with ``cpu`` its CPU time (the ``cpu`` property ``tests/conftest.py`` records)."""
    if cpu:
        for prop in case.iter("property"):
            if prop.get("name") == "cpu":
                return float(prop.get("value", 0) or 0)
        return 0.0
    return float(case.get("time", 0) or 0)


def summarise(path: Path, folders: bool, cpu: bool = False) -> tuple[dict[str, float], dict[str, int]]:
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for case in ET.parse(path).getroot().iter("testcase"):  # noqa: S314 - our own pytest run wrote the file
        key = file_of(case.get("classname", ""), folders)
        seconds[key] += case_seconds(case, cpu)
        counts[key] += 1
    return seconds, counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("junit", type=Path)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--folders", action="store_true", help="sum per folder instead of per file")
    parser.add_argument(
        "--cpu", action="store_true", help="sum CPU time (not inflated by a busy machine), not wall time"
    )
    args = parser.parse_args(argv)
    seconds, counts = summarise(args.junit, args.folders, args.cpu)
    total, tests = sum(seconds.values()), sum(counts.values())
    what = "CPU" if args.cpu else "worker"
    print(f"{tests} tests, {total / 60:.1f} {what}-minutes in {args.junit}")
    print(f"{'seconds':>8} {'share':>6} {'tests':>6} {'ms/test':>8}  file")
    for key in sorted(seconds, key=seconds.get, reverse=True)[: args.top]:
        share = seconds[key] / total if total else 0.0
        print(f"{seconds[key]:8.1f} {share:6.1%} {counts[key]:6d} {1000 * seconds[key] / counts[key]:8.0f}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
