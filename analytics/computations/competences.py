"""Competences: a coefficient at or above a threshold.

The paper (Lyshchikova et al. 2023, section 2) says a region "has export,
sectoral, scientific and technological competences if the coefficients ...
are above 1", yet its Figure 1 counts Lipetsk's transport at exactly 1.00 as a
competence.  The default here is therefore ``value >= 1.00`` (what the paper
does, and what ecomplexity, Datawheel and EconGeo do for RCA); ``strict=True``
gives the literal ``value > threshold``.

Conventions (also in ``README.md``):

* ``threshold`` defaults to 1.00 and is configurable.
* ``strict=False`` (default): competence iff ``value >= threshold``;
  ``strict=True``: iff ``value > threshold``.
* ``decimals``: optionally round the coefficient before comparing (the paper
  judges coefficients printed with 2 decimals, so a computed 0.996 shows as
  1.00); ``None`` (default) compares the exact value.
* NaN (undefined coefficient) is never a competence.
"""

from __future__ import annotations

from typing import TypedDict

import numpy as np
import pandas as pd

from ._frames import require_columns

DEFAULT_THRESHOLD = 1.0


class CompetenceRule(TypedDict):
    """The competence rule as keyword arguments of :func:`is_competence`."""

    threshold: float
    strict: bool
    decimals: int | None


def is_competence(
    values: pd.Series | np.ndarray,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    decimals: int | None = None,
) -> pd.Series | np.ndarray:
    """Boolean mask: which coefficients are competences (NaN never is).

    Args:
        values: coefficients (Series keeps its index; arrays give arrays).
        threshold: the competence threshold (default 1.00).
        strict: compare with ``>`` instead of ``>=``.
        decimals: round the coefficients to this many decimals before comparing.
    """
    array = np.asarray(
        values.to_numpy(dtype="float64", na_value=np.nan) if isinstance(values, pd.Series) else values,
        dtype=np.float64,
    )
    if decimals is not None:
        array = np.round(array, decimals)
    # Comparisons with NaN are False and do not warn.
    mask = array > threshold if strict else array >= threshold
    if isinstance(values, pd.Series):
        return pd.Series(mask, index=values.index, name=values.name, dtype=bool)
    return mask


def flag_competences(
    coefficients: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    decimals: int | None = None,
    value_column: str = "value",
    flag_column: str = "competence",
) -> pd.DataFrame:
    """Copy of ``coefficients`` with a boolean ``competence`` column added."""
    require_columns(coefficients, [value_column], "coefficients")
    flagged = coefficients.copy()
    flagged[flag_column] = is_competence(flagged[value_column], threshold=threshold, strict=strict, decimals=decimals)
    return flagged


def select_competences(
    coefficients: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    decimals: int | None = None,
    value_column: str = "value",
) -> pd.DataFrame:
    """The rows of ``coefficients`` that are competences (same columns, index kept)."""
    require_columns(coefficients, [value_column], "coefficients")
    mask = is_competence(coefficients[value_column], threshold=threshold, strict=strict, decimals=decimals)
    return coefficients[mask]
