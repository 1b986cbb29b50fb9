"""Spiral's complexity engine vs ecomplexity 0.5.3 on the same inputs: equality and speed.

Prints figures; never asserts.  ecomplexity needs pandas 2.x, so it runs in its own venv
(``bench/setup_ecomplexity_venv.sh``, default ``.bench-venv/`` at the repository root, ignored by git) through
``_ecomplexity_worker.py``; this script runs in the project venv:

    bash bench/setup_ecomplexity_venv.sh                      # once
    .venv/bin/python bench/ecomplexity_compare.py              # the small cases
    .venv/bin/python bench/ecomplexity_compare.py --case 1000x5000x1 --timeout 900

Cases: the synthetic panels of ``synthetic.py`` and the real 226x785 world trade matrix.
For each case and year it prints the largest deviations and whether they are within the
issue's tolerances (RCA and proximity 1e-12 relative, presence exact, density 1e-12
relative, ECI/PCI 1e-9 relative), then both wall times and the speed ratio.  ecomplexity runs
with its defaults (including its log-supermodularity check, which dominates its run time on
small inputs); ``--no-logsupermodularity`` times it without.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(Path(__file__).resolve().parent)]

import synthetic  # noqa: E402

from analytics.computations.complexity import complexity  # noqa: E402

WORKER = Path(__file__).resolve().parent / "_ecomplexity_worker.py"
DEFAULT_VENV = os.environ.get("ECOMPLEXITY_VENV", str(ROOT / ".bench-venv"))
DEFAULT_CASES = ["85x100x1", "300x1000x5", "world_trade_226x785"]
ALL_CASES = [name for name, *_ in synthetic.SIZES] + ["world_trade_226x785"]
TOLERANCES = {"rca": 1e-12, "proximity": 1e-12, "density": 1e-12, "eci": 1e-9, "pci": 1e-9}


def panel_codes(case: str) -> dict[str, np.ndarray]:
    """The long panel of a case as integer codes and label arrays (the worker's input)."""
    if case == "world_trade_226x785":
        panel = synthetic.world_trade_panel()
        region, region_labels = pd.factorize(panel["region"])
        item, item_labels = pd.factorize(panel["item"])
        return {
            "region": region,
            "item": item,
            "year": panel["year"].to_numpy(),
            "value": panel["value"].to_numpy(dtype=float),
            "region_labels": np.asarray(region_labels, dtype=object),
            "item_labels": np.asarray(item_labels, dtype=object),
        }
    for name, n_regions, n_items, n_years in synthetic.SIZES:
        if name == case:
            region, item, year, value = synthetic.synthetic_codes(n_regions, n_items, n_years)
            return {
                "region": region,
                "item": item,
                "year": year,
                "value": value,
                "region_labels": np.array([f"r{i:04d}" for i in range(n_regions)], dtype=object),
                "item_labels": np.array([f"i{j:05d}" for j in range(n_items)], dtype=object),
            }
    raise SystemExit(f"unknown case {case!r}; choose from {ALL_CASES}")


def relative_error(ours: np.ndarray, theirs: np.ndarray) -> tuple[float, bool]:
    """Largest |a-b|/|b| (over b != 0; exact equality required where b == 0), NaN-aware."""
    both_nan = np.isnan(ours) & np.isnan(theirs)
    one_nan = np.isnan(ours) ^ np.isnan(theirs)
    if one_nan.any():
        return float("inf"), False
    ours, theirs = ours[~both_nan], theirs[~both_nan]
    zero = theirs == 0
    if (ours[zero] != 0).any():
        return float("inf"), False
    if (~zero).sum() == 0:
        return 0.0, True
    error = np.abs(ours[~zero] - theirs[~zero]) / np.abs(theirs[~zero])
    return float(error.max()), True


def compare(case: str, args: argparse.Namespace) -> None:
    codes = panel_codes(case)
    panel = pd.DataFrame(
        {
            "region": codes["region_labels"][codes["region"]],
            "item": codes["item_labels"][codes["item"]],
            "year": codes["year"],
            "value": codes["value"],
        }
    )
    n_items = len(codes["item_labels"])
    with_proximity = n_items <= args.proximity_max_items

    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        ours = complexity(panel)
        times.append(time.perf_counter() - start)
    our_wall = min(times)

    with tempfile.TemporaryDirectory() as directory:
        source = Path(directory) / "input.npz"
        target = Path(directory) / "output.npz"
        np.savez(source, **codes)
        command = [f"{args.venv}/bin/python", str(WORKER), str(source), str(target)]
        if with_proximity:
            command.append("--proximity")
        if args.no_logsupermodularity:
            command.append("--no-logsupermodularity")
        print(f"\n== {case}: {len(panel):,} long rows, {len(codes['region_labels'])} regions x {n_items} items")
        try:
            completed = subprocess.run(  # noqa: S603 - our own worker in the bench venv
                command, check=True, capture_output=True, text=True, timeout=args.timeout
            )
        except subprocess.TimeoutExpired:
            print(f"   ecomplexity: skipped, still running after {args.timeout:.0f} s (timeout)")
            print(f"   Spiral engine: {our_wall:.3f} s")
            return
        except subprocess.CalledProcessError as error:
            print(f"   ecomplexity failed:\n{error.stderr[-2000:]}")
            return
        meta = json.loads(completed.stdout.strip().splitlines()[-1])
        theirs = np.load(target, allow_pickle=True)

        all_ok = True
        for year, result in ours.items():
            key = str(int(year))
            same_labels = list(theirs[f"{key}/regions"]) == list(result.rca.index) and list(
                theirs[f"{key}/items"]
            ) == list(result.rca.columns)
            if not same_labels:
                print(f"   {year}: region/item sets differ")
                all_ok = False
                continue
            pairs = {
                "rca": (result.rca.to_numpy(), theirs[f"{key}/rca"]),
                "density": (result.density.to_numpy(), theirs[f"{key}/density"]),
                "eci": (result.regions["eci"].to_numpy(), theirs[f"{key}/eci"][:, 0]),
                "pci": (result.items["pci"].to_numpy(), theirs[f"{key}/pci"][0, :]),
            }
            if with_proximity:
                pairs["proximity"] = (result.proximity.to_numpy(), theirs[f"{key}/proximity"])
            presence_mismatch = int((result.presence.to_numpy() != theirs[f"{key}/mcp"]).sum())
            diversity_ok = (result.regions["diversity"].to_numpy() == theirs[f"{key}/diversity"][:, 0]).all()
            ubiquity_ok = (result.items["ubiquity"].to_numpy() == theirs[f"{key}/ubiquity"][0, :]).all()
            parts = [
                f"presence mismatches {presence_mismatch}",
                f"diversity/ubiquity equal {diversity_ok and ubiquity_ok}",
            ]
            year_ok = presence_mismatch == 0 and diversity_ok and ubiquity_ok
            for name, (mine, peer) in pairs.items():
                error, comparable = relative_error(mine, peer)
                ok = comparable and error <= TOLERANCES[name]
                year_ok &= ok
                parts.append(f"{name} max rel {error:.1e} {'ok' if ok else 'FAIL'}")
            all_ok &= year_ok
            print(f"   {year}: " + "; ".join(parts))
        if not with_proximity:
            print(f"   (proximity not compared: {n_items} items > --proximity-max-items {args.proximity_max_items})")
        print(f"   equal at the tolerances: {'YES' if all_ok else 'NO'}")
        lsm = "without" if args.no_logsupermodularity else "with"
        print(
            f"   wall time: Spiral {our_wall:.3f} s (best of {args.repeat}); ecomplexity {meta['wall_s']:.3f} s "
            f"({lsm} its log-supermodularity check; pandas {meta['pandas']}); "
            f"ratio ecomplexity/Spiral = {meta['wall_s'] / our_wall:.1f}x"
        )
        if meta["proximity_wall_s"] is not None:
            print(f"   ecomplexity.proximity (separate call): {meta['proximity_wall_s']:.3f} s")
        print(f"   ecomplexity worker peak RSS {meta['peak_rss_mb']:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", choices=ALL_CASES, action="append", help=f"default: {DEFAULT_CASES}")
    parser.add_argument("--venv", default=DEFAULT_VENV, help="the ecomplexity venv (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of the Spiral engine")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds before giving up on ecomplexity")
    parser.add_argument("--proximity-max-items", type=int, default=1000, help="compare proximity up to this size")
    parser.add_argument("--no-logsupermodularity", action="store_true", help="run ecomplexity without that check")
    args = parser.parse_args()
    if not Path(args.venv, "bin", "python").exists():
        raise SystemExit(f"no ecomplexity venv at {args.venv}: run bash bench/setup_ecomplexity_venv.sh first")
    load = os.getloadavg()
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} CPUs")
    for case in args.case or DEFAULT_CASES:
        compare(case, args)


if __name__ == "__main__":
    main()
