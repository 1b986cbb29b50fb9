"""Possible-to-develop ("technologically related") competences of regions.

The method (seed 001, Lyshchikova et al. 2023) distinguishes a region's *key* competences
(coefficient at or above the threshold) from its *possible-to-develop, technologically
related* ones, without saying how to find the latter.  Spiral's rule, one place:

    an item is **possible to develop** for a region when
      1. its coefficient is known and **below** the competence threshold
         (``value < threshold``; a value equal to the threshold is a competence), and
      2. the region's relatedness density of the item is **positive** and at least the
         **cut-off** ``c_r``.

The cut-off is either a fixed density ``min_density`` (the same for every region), or, by
default, the ``quantile`` (0.5: the median) of the region's own densities over its
**candidates** -- the items of condition 1 with a known density -- with numpy's linear
interpolation (the median of an even count is the mean of the two middle values).  Ties at
the cut-off qualify (``>=``).  So with the default a region's possible-to-develop items are
the more related half of what it does not yet do.  A region with no candidate, or whose
densities are all unknown, has no cut-off (NaN) and nothing possible.

Relatedness density is ecomplexity's (``complexity.relatedness_density``):
``sum_j phi_ij M_rj / sum_j phi_ij``; it is computed elsewhere and passed in.

Pure pandas, vectorised over regions x items (no loop over regions); no Django.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Default quantile of the region's candidate densities used as the cut-off (the median).
DEFAULT_QUANTILE = 0.5

POSSIBLE_COLUMNS = ["region", "item", "value", "density", "competence", "candidate", "cutoff", "possible"]


def density_cutoff(
    values: pd.DataFrame,
    density: pd.DataFrame,
    *,
    threshold: float = 1.0,
    quantile: float = DEFAULT_QUANTILE,
    min_density: float | None = None,
) -> pd.Series:
    """Per region, the density an item needs to be possible to develop (NaN: no candidate).

    ``values`` and ``density`` are wide regions x items frames (aligned on both labels;
    missing cells are NaN).  See the module docstring for the rule.
    """
    values, density = _align(values, density)
    candidate = _candidates(values, density, threshold)
    if min_density is not None:
        cutoff = pd.Series(float(min_density), index=values.index, dtype="float64")
        return cutoff.where(candidate.any(axis=1))
    if not 0.0 <= quantile <= 1.0:
        raise ValueError(f"quantile must be between 0 and 1, not {quantile!r}")
    masked = density.where(candidate)
    if masked.empty:
        return pd.Series(np.nan, index=values.index, dtype="float64")
    return masked.quantile(quantile, axis=1, numeric_only=False, interpolation="linear").astype("float64")


def possible_to_develop(
    values: pd.DataFrame,
    density: pd.DataFrame,
    *,
    threshold: float = 1.0,
    quantile: float = DEFAULT_QUANTILE,
    min_density: float | None = None,
) -> pd.DataFrame:
    """Every region x item with its coefficient, density, and whether it is possible to develop.

    Args:
        values: wide regions x items coefficients (the portal's coefficient of one family
            and year; NaN where unknown).
        density: wide regions x items relatedness density of the same family and year.
        threshold: competence threshold (a coefficient ``>=`` it is a competence).
        quantile: quantile of the region's candidate densities used as its cut-off.
        min_density: a fixed cut-off instead of the quantile.

    Returns:
        Long frame :data:`POSSIBLE_COLUMNS`, one row per region x item of the union of both
        frames' labels (sorted as the inputs' union), ``competence``, ``candidate`` and
        ``possible`` booleans, ``cutoff`` the region's cut-off (NaN without candidates).
    """
    values, density = _align(values, density)
    candidate = _candidates(values, density, threshold)
    cutoff = density_cutoff(values, density, threshold=threshold, quantile=quantile, min_density=min_density)
    cut = cutoff.to_numpy(dtype=np.float64)[:, np.newaxis]
    dens = density.to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        possible = candidate.to_numpy(dtype=bool) & (dens > 0) & (dens >= cut)
    competence = values.to_numpy(dtype=np.float64) >= threshold  # NaN compares False
    n_regions, n_items = values.shape
    return pd.DataFrame(
        {
            "region": np.repeat(values.index.to_numpy(), n_items),
            "item": np.tile(values.columns.to_numpy(), n_regions),
            "value": values.to_numpy(dtype=np.float64).ravel(),
            "density": dens.ravel(),
            "competence": competence.ravel(),
            "candidate": candidate.to_numpy(dtype=bool).ravel(),
            "cutoff": np.repeat(cutoff.to_numpy(dtype=np.float64), n_items),
            "possible": possible.ravel(),
        },
        columns=POSSIBLE_COLUMNS,
    )


def eci_ranks(eci: pd.Series) -> pd.DataFrame:
    """ECI with its rank among the regions that have one (1 = highest; ties share the best rank).

    Returns a frame indexed like ``eci`` with ``eci``, ``rank`` (nullable Int64, NA where the
    ECI is undefined) and ``of`` (how many regions have an ECI).
    """
    values = pd.to_numeric(eci, errors="coerce").astype("float64")
    ranks = values.rank(ascending=False, method="min").astype("Int64")
    return pd.DataFrame({"eci": values, "rank": ranks, "of": int(values.notna().sum())}, index=eci.index)


def _align(values: pd.DataFrame, density: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    regions = values.index.union(density.index, sort=False)
    items = values.columns.union(density.columns, sort=False)
    return (
        values.reindex(index=regions, columns=items).astype("float64"),
        density.reindex(index=regions, columns=items).astype("float64"),
    )


def _candidates(values: pd.DataFrame, density: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Known coefficient below the threshold, and a known density."""
    return values.notna() & (values < threshold) & density.notna()
