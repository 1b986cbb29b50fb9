"""Worker of ``ecomplexity_compare.py``: runs ecomplexity 0.5.3 in ITS OWN venv (pandas 2.x).

Not for the project venv.  Usage (done by ecomplexity_compare.py):

    .bench-venv/bin/python bench/_ecomplexity_worker.py INPUT.npz OUTPUT.npz [--proximity]
    [--no-logsupermodularity]

INPUT.npz: integer codes ``region``, ``item``, ``year`` and ``value`` of a long panel plus the
label arrays ``region_labels``, ``item_labels``.  OUTPUT.npz: per year, ecomplexity's figures as
dense regions x items arrays in the sorted label order, plus wall time and peak RSS.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import resource
import sys
import time
import warnings

import numpy as np
import pandas as pd
from ecomplexity import ecomplexity, proximity

COLUMNS = {"time": "year", "loc": "region", "prod": "item", "val": "value"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--proximity", action="store_true", help="also run ecomplexity.proximity")
    parser.add_argument("--no-logsupermodularity", action="store_true")
    args = parser.parse_args()

    data = np.load(args.input, allow_pickle=True)
    region_labels = data["region_labels"]
    item_labels = data["item_labels"]
    panel = pd.DataFrame(
        {
            "year": data["year"],
            "region": region_labels[data["region"]],
            "item": item_labels[data["item"]],
            "value": data["value"],
        }
    )
    options = {"check_logsupermodularity": not args.no_logsupermodularity, "verbose": False}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        start = time.perf_counter()
        output = ecomplexity(panel, COLUMNS, **options)
        wall = time.perf_counter() - start
        prox_wall = None
        prox = None
        if args.proximity:
            start = time.perf_counter()
            prox = proximity(panel, COLUMNS)
            prox_wall = time.perf_counter() - start

    arrays: dict[str, np.ndarray] = {}
    years = sorted(output["year"].dropna().unique())
    for year in years:
        part = output[(output["year"] == year) & output["rca"].notna()]
        part = part.drop_duplicates(["region", "item"])
        regions = np.array(sorted(part["region"].unique()), dtype=object)
        items = np.array(sorted(part["item"].unique()), dtype=object)
        rows = pd.Index(regions).get_indexer(part["region"])
        cols = pd.Index(items).get_indexer(part["item"])
        arrays[f"{year}/regions"] = regions
        arrays[f"{year}/items"] = items
        for column in ["rca", "mcp", "density", "eci", "pci", "diversity", "ubiquity"]:
            dense = np.full((len(regions), len(items)), np.nan)
            dense[rows, cols] = part[column].to_numpy(dtype=float)
            arrays[f"{year}/{column}"] = dense
        if prox is not None:
            prox_year = prox[prox["year"] == year]
            first = pd.Index(items).get_indexer(prox_year["item_1"])
            second = pd.Index(items).get_indexer(prox_year["item_2"])
            dense = np.full((len(items), len(items)), np.nan)
            dense[first, second] = prox_year["proximity"].to_numpy(dtype=float)
            arrays[f"{year}/proximity"] = dense
    meta = {
        "wall_s": wall,
        "proximity_wall_s": prox_wall,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "years": [int(year) for year in years],
        "pandas": pd.__version__,
        "numpy": np.__version__,
    }
    arrays["meta"] = np.array(json.dumps(meta))
    np.savez(args.output, **arrays)
    sys.stdout.write(json.dumps(meta) + "\n")


if __name__ == "__main__":
    main()
