"""What changed between two snapshots of the competence maps: competences gained and lost, values moved.

Both snapshots are long frames of their coefficients, one row per series and year:
:data:`KEY` (``dataset, indicator, region, item, year``) and ``value, is_competence``.

* ``gained``: a competence in the later snapshot that the earlier one did not have (the row was not
  a competence, or was absent: a newly imported year or region counts as gained);
* ``lost``: a competence of the earlier snapshot that the later one no longer has (or no longer has
  the row at all);
* ``changed``: a row of both snapshots, a competence in both or in neither, whose value moved by more
  than ``tolerance`` (both values defined).  A value appearing or vanishing (NaN on one side) is not a
  move of a value; a gain or loss is not counted again as a change.

Pure pandas, vectorised (one outer merge): no Django, no clock.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frames import require_columns

GAINED = "gained"
LOST = "lost"
CHANGED = "changed"
CHANGE_KINDS = (GAINED, LOST, CHANGED)

#: What identifies a coefficient in a snapshot.
KEY = ["dataset", "indicator", "region", "item", "year"]
INPUT_COLUMNS = [*KEY, "value", "is_competence"]
#: Columns of :func:`snapshot_diff`.
DIFF_COLUMNS = [*KEY, "change", "value_before", "value_after"]
#: Columns of :func:`diff_summary`.
SUMMARY_COLUMNS = ["dataset", "region", "indicator", GAINED, LOST, CHANGED]

#: Coefficients are shown with two decimals: a move below a hundredth does not show, and is not told.
DEFAULT_TOLERANCE = 0.01


def snapshot_diff(before: pd.DataFrame, after: pd.DataFrame, *, tolerance: float = DEFAULT_TOLERANCE) -> pd.DataFrame:
    """Every competence gained or lost, and every value moved by more than ``tolerance``, from ``before`` to ``after``.

    Returns :data:`DIFF_COLUMNS`, sorted by :data:`KEY`; ``value_before``/``value_after`` are NaN where the
    snapshot has no row (or an undefined value).
    """
    if tolerance < 0:
        raise ValueError("tolerance must not be negative")
    require_columns(before, INPUT_COLUMNS, "before")
    require_columns(after, INPUT_COLUMNS, "after")
    merged = before[INPUT_COLUMNS].merge(
        after[INPUT_COLUMNS],
        on=KEY,
        how="outer",
        suffixes=("_before", "_after"),
        indicator=True,
    )
    was = merged["is_competence_before"].fillna(False).to_numpy(dtype=bool)
    now = merged["is_competence_after"].fillna(False).to_numpy(dtype=bool)
    value_before = merged["value_before"].to_numpy(dtype=np.float64)
    value_after = merged["value_after"].to_numpy(dtype=np.float64)
    in_both = (merged["_merge"] == "both").to_numpy()
    with np.errstate(invalid="ignore"):
        moved = in_both & (np.abs(value_after - value_before) > tolerance)
    change = np.select([now & ~was, was & ~now, moved & (was == now)], [GAINED, LOST, CHANGED], default="")
    keep = change != ""
    diff = merged.loc[keep, KEY].copy()
    diff["change"] = change[keep]
    diff["value_before"] = value_before[keep]
    diff["value_after"] = value_after[keep]
    return diff.sort_values(KEY, kind="stable").reset_index(drop=True)[DIFF_COLUMNS]


def diff_counts(diff: pd.DataFrame) -> dict[str, int]:
    """How many competences were gained and lost, and how many values moved: ``{gained, lost, changed}``."""
    counts = diff["change"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in CHANGE_KINDS}


def diff_summary(diff: pd.DataFrame) -> pd.DataFrame:
    """The counts of :func:`diff_counts` per data set, region and coefficient (:data:`SUMMARY_COLUMNS`)."""
    if diff.empty:
        return pd.DataFrame(columns=SUMMARY_COLUMNS)
    table = pd.crosstab([diff["dataset"], diff["region"], diff["indicator"]], diff["change"])
    table = table.reindex(columns=list(CHANGE_KINDS), fill_value=0).astype(int)
    return table.reset_index()[SUMMARY_COLUMNS]
