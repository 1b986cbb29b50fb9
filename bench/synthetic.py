"""Deterministic synthetic regions x items x years panels for the analytics benchmarks.

Volumes follow a simple capability model (a region exports an item more the
more its capability exceeds the item's complexity), times region size, item
size and log-normal noise, so that presence is nested-ish and connected like
real trade data; about 20% of the cells are absent from the long frame (as in
sparse real data).  Shared by ``analytics_engine.py`` and
``ecomplexity_compare.py`` so that both see exactly the same inputs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

SHARED_PEERS = Path(__file__).resolve().parents[2] / "shared" / "data" / "peers"
WORLD_TRADE = SHARED_PEERS / "world_trade_sitc2_4d_avg_1998_2000.csv"

#: (name, regions, items, years) of the synthetic panels in the issue.
SIZES = [("85x100x1", 85, 100, 1), ("300x1000x5", 300, 1000, 5), ("1000x5000x1", 1000, 5000, 1)]


def synthetic_codes(
    n_regions: int, n_items: int, n_years: int, *, seed: int = 0, absent: float = 0.2
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Long panel as integer codes: (region, item, year, value) arrays."""
    rng = np.random.default_rng(seed)
    capability = rng.random(n_regions)[:, np.newaxis]
    complexity = rng.random(n_items)[np.newaxis, :]
    size = rng.lognormal(0.0, 1.0, n_regions)[:, np.newaxis]
    popularity = rng.lognormal(0.0, 1.0, n_items)[np.newaxis, :]
    regions, items, years, values = [], [], [], []
    for year in range(n_years):
        drift = rng.lognormal(0.0, 0.1, (n_regions, 1))
        volume = (
            size
            * drift
            * popularity
            * np.exp(-3.0 * np.maximum(complexity - capability, 0.0))
            * rng.lognormal(0.0, 0.5, (n_regions, n_items))
        )
        kept = rng.random((n_regions, n_items)) >= absent
        region_index, item_index = np.nonzero(kept)
        regions.append(region_index)
        items.append(item_index)
        years.append(np.full(len(region_index), 2000 + year))
        values.append(volume[kept])
    return (np.concatenate(regions), np.concatenate(items), np.concatenate(years), np.concatenate(values))


def synthetic_panel(n_regions: int, n_items: int, n_years: int, *, seed: int = 0) -> pd.DataFrame:
    """Long frame ``region, item, year, value`` with string labels (r0000, i00000)."""
    region, item, year, value = synthetic_codes(n_regions, n_items, n_years, seed=seed)
    region_labels = np.array([f"r{i:04d}" for i in range(n_regions)], dtype=object)
    item_labels = np.array([f"i{j:05d}" for j in range(n_items)], dtype=object)
    return pd.DataFrame({"region": region_labels[region], "item": item_labels[item], "year": year, "value": value})


def world_trade_panel() -> pd.DataFrame:
    """The real 226 countries x 785 SITC2 products matrix (exports, 1998-2000 average)."""
    raw = pd.read_csv(WORLD_TRADE, dtype={"country": "string", "product": "string"})
    return pd.DataFrame({"region": raw["country"], "item": raw["product"], "year": 2000, "value": raw["value"]})
