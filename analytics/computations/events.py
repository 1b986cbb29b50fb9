"""Competence events: where a region gained or lost a competence from one year to the next.

A competence is a coefficient at or above the threshold (``competences.is_competence``).
For every series -- data set x coefficient x item x region -- the flag of each year is
compared with the flag of the year before; a change is an event:

* ``gained``: below the threshold the year before, at or above it this year;
* ``lost``: at or above the threshold the year before, below it this year.

Conventions (also in ``README.md``):

* Only **consecutive** years are compared (``year_before == year - 1``); a gap in a
  series (a year with no coefficient) starts it again, with no event across the gap.
* An undefined coefficient (NaN) is *unknown*, not "no competence": no event is made
  from or to a NaN year (otherwise a missing figure would read as a loss).
* **Classifier switches**: Rosstat's series are OKVED1 until 2015 and OKVED2 (NACE 2)
  from 2016, and the letters mean other activities.  ``continuations`` (rows
  ``source_classifier, source_code, target_classifier, target_code``: the *equivalent*
  classifier mappings) continue a target item's series with its source item's earlier
  years, so OKVED1 "D" 2015 (manufacturing) is compared with NACE "C" 2016; the event is
  labelled with the target item.  Items without an equivalent mapping are not
  comparable across the switch: no event in their first year.
* Vectorised: one sort and array comparisons of each row with the row before; no Python
  loop over regions, items or years.

:func:`new_events` compares with what an earlier run recorded (its events, keyed by
:data:`EVENT_KEYS`): the events to add, and the recorded ones the data no longer supports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._frames import require_columns
from .competences import DEFAULT_THRESHOLD, is_competence

GAINED = "gained"
LOST = "lost"

#: Columns of the coefficients given to :func:`competence_events`.
INPUT_COLUMNS = ["dataset", "indicator", "classifier", "code", "region", "year", "value"]
#: Columns of the events returned.
EVENT_COLUMNS = [
    "dataset",
    "indicator",
    "classifier",
    "code",
    "region",
    "year",
    "kind",
    "value_before",
    "value_after",
    "classifier_before",
    "code_before",
]
#: What identifies an event (one change per series and year).
EVENT_KEYS = ["dataset", "indicator", "classifier", "code", "region", "year", "kind"]
CONTINUATION_COLUMNS = ["source_classifier", "source_code", "target_classifier", "target_code"]


def competence_events(
    coefficients: pd.DataFrame,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    continuations: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every competence gained or lost between consecutive years of ``coefficients``.

    Args:
        coefficients: long frame ``dataset, indicator, classifier, code, region, year,
            value`` (other columns are ignored).
        threshold, strict: the competence rule (see :func:`competences.is_competence`).
        continuations: equivalent classifier mappings continuing a series across a
            classifier switch (see the module docstring); ``None``: none.

    Returns:
        Frame :data:`EVENT_COLUMNS`, sorted by data set, indicator, region, year,
        classifier, code.  ``classifier_before, code_before`` name the item of the year
        before (another classifier's item across a switch).
    """
    require_columns(coefficients, INPUT_COLUMNS, "coefficients")
    frame = coefficients[INPUT_COLUMNS].copy()
    frame["value"] = pd.to_numeric(frame["value"], errors="raise").astype("float64")
    frame["year"] = frame["year"].astype("int64")
    frame = frame[frame["value"].notna()]
    # The series an item belongs to: its own, or its equivalent target's across a switch.
    frame["series_classifier"] = frame["classifier"]
    frame["series_code"] = frame["code"]
    if continuations is not None and len(continuations):
        require_columns(continuations, CONTINUATION_COLUMNS, "continuations")
        links = continuations[CONTINUATION_COLUMNS].drop_duplicates(["source_classifier", "source_code"])
        linked = frame[["classifier", "code"]].merge(
            links,
            left_on=["classifier", "code"],
            right_on=["source_classifier", "source_code"],
            how="left",
        )
        has_link = linked["target_classifier"].notna().to_numpy()
        frame.loc[has_link, "series_classifier"] = linked.loc[has_link, "target_classifier"].to_numpy()
        frame.loc[has_link, "series_code"] = linked.loc[has_link, "target_code"].to_numpy()
    series = ["dataset", "indicator", "series_classifier", "series_code", "region"]
    # A series' own item wins over a continued one in the same year (they should not overlap).
    frame["continued"] = (frame["classifier"] != frame["series_classifier"]) | (frame["code"] != frame["series_code"])
    frame = frame.sort_values([*series, "year", "continued"], kind="stable")
    frame = frame.drop_duplicates([*series, "year"], keep="first").reset_index(drop=True)

    if frame.empty:
        return pd.DataFrame(columns=EVENT_COLUMNS).astype({"year": "int64", "value_before": "float64"})
    codes = np.column_stack([pd.factorize(frame[column])[0] for column in series])
    same_series = np.zeros(len(frame), dtype=bool)
    same_series[1:] = (codes[1:] == codes[:-1]).all(axis=1)
    years = frame["year"].to_numpy()
    consecutive = np.zeros(len(frame), dtype=bool)
    consecutive[1:] = years[1:] == years[:-1] + 1
    flags = np.asarray(is_competence(frame["value"].to_numpy(), threshold=threshold, strict=strict))
    before = np.zeros(len(frame), dtype=bool)
    before[1:] = flags[:-1]
    changed = same_series & consecutive & (flags != before)
    rows = np.flatnonzero(changed)
    values = frame["value"].to_numpy()
    events = pd.DataFrame(
        {
            "dataset": frame["dataset"].to_numpy()[rows],
            "indicator": frame["indicator"].to_numpy()[rows],
            "classifier": frame["series_classifier"].to_numpy()[rows],
            "code": frame["series_code"].to_numpy()[rows],
            "region": frame["region"].to_numpy()[rows],
            "year": years[rows],
            "kind": np.where(flags[rows], GAINED, LOST),
            "value_before": values[rows - 1],
            "value_after": values[rows],
            "classifier_before": frame["classifier"].to_numpy()[rows - 1],
            "code_before": frame["code"].to_numpy()[rows - 1],
        }
    )
    return events.sort_values(
        ["dataset", "indicator", "region", "year", "classifier", "code"], kind="stable", ignore_index=True
    )


def new_events(events: pd.DataFrame, recorded: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(to_add, stale)``: the events not yet recorded, and the recorded ones no longer in ``events``.

    Both frames are keyed by :data:`EVENT_KEYS`; ``stale`` keeps ``recorded``'s other
    columns (its ids, say).  An unchanged recomputation gives two empty frames.
    """
    require_columns(events, EVENT_KEYS, "events")
    require_columns(recorded, EVENT_KEYS, "recorded")
    left = events.assign(year=events["year"].astype("int64"))
    right = recorded.assign(year=recorded["year"].astype("int64"))
    marks = left[EVENT_KEYS].merge(right[EVENT_KEYS].drop_duplicates(), on=EVENT_KEYS, how="left", indicator=True)
    to_add = left[(marks["_merge"] == "left_only").to_numpy()].reset_index(drop=True)
    kept = right[EVENT_KEYS].merge(left[EVENT_KEYS].drop_duplicates(), on=EVENT_KEYS, how="left", indicator=True)
    stale = right[(kept["_merge"] == "left_only").to_numpy()].reset_index(drop=True)
    return to_add, stale
