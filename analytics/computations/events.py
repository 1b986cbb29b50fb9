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
* Vectorised: one ``lexsort`` of integer codes and array comparisons of each row with the
  row before; no Python loop over regions, items or years (only over the few dozen distinct
  items, to resolve their continuations).

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
    values = pd.to_numeric(coefficients["value"], errors="raise").to_numpy(dtype="float64", na_value=np.nan)
    known = ~np.isnan(values)
    frame = coefficients.loc[known, INPUT_COLUMNS]
    values = values[known]
    years = frame["year"].to_numpy(dtype="int64")
    # The item of each row, as one code per (classifier, code) pair (few distinct pairs).
    pair_codes, pairs = pd.factorize(frame["classifier"].astype(str) + "\x1f" + frame["code"].astype(str))
    pair_classifier = np.array([pair.split("\x1f", 1)[0] for pair in pairs], dtype=object)
    pair_code = np.array([pair.split("\x1f", 1)[1] for pair in pairs], dtype=object)
    # The series an item belongs to: its own, or its equivalent target's across a switch.
    series_of_pair = np.arange(len(pairs))
    series_classifier, series_code = pair_classifier.copy(), pair_code.copy()
    if continuations is not None and len(continuations):
        require_columns(continuations, CONTINUATION_COLUMNS, "continuations")
        links = continuations.drop_duplicates(["source_classifier", "source_code"])
        target = {
            (str(a), str(b)): (str(c), str(d))
            for a, b, c, d in links[CONTINUATION_COLUMNS].itertuples(index=False, name=None)
        }
        for position in range(len(pairs)):  # a loop over the distinct items (a few dozen), not the rows
            linked = target.get((pair_classifier[position], pair_code[position]))
            if linked is not None:
                series_classifier[position], series_code[position] = linked
        series_keys = pd.Series(series_classifier.astype(str)) + "\x1f" + pd.Series(series_code.astype(str))
        series_of_pair = pd.factorize(series_keys)[0]
    continued = (series_classifier != pair_classifier) | (series_code != pair_code)
    series_item = series_of_pair[pair_codes]
    dataset_codes = pd.factorize(frame["dataset"])[0]
    indicator_codes = pd.factorize(frame["indicator"])[0]
    region_codes = pd.factorize(frame["region"])[0]
    # A series' own item wins over a continued one in the same year (they should not overlap).
    order = np.lexsort((continued[pair_codes], years, region_codes, series_item, indicator_codes, dataset_codes))
    keys = np.column_stack([dataset_codes, indicator_codes, series_item, region_codes])[order]
    years = years[order]
    same_series = np.zeros(len(order), dtype=bool)
    same_series[1:] = (keys[1:] == keys[:-1]).all(axis=1)
    duplicate = np.zeros(len(order), dtype=bool)
    duplicate[1:] = same_series[1:] & (years[1:] == years[:-1])
    order, keys, years = order[~duplicate], keys[~duplicate], years[~duplicate]
    if len(order) == 0:
        return pd.DataFrame(columns=EVENT_COLUMNS).astype({"year": "int64", "value_before": "float64"})
    same_series = np.zeros(len(order), dtype=bool)
    same_series[1:] = (keys[1:] == keys[:-1]).all(axis=1)
    consecutive = np.zeros(len(order), dtype=bool)
    consecutive[1:] = years[1:] == years[:-1] + 1
    ordered_values = values[order]
    flags = np.asarray(is_competence(ordered_values, threshold=threshold, strict=strict))
    before = np.zeros(len(order), dtype=bool)
    before[1:] = flags[:-1]
    rows = np.flatnonzero(same_series & consecutive & (flags != before))
    source = order[rows]
    previous = order[rows - 1]
    events = pd.DataFrame(
        {
            "dataset": frame["dataset"].to_numpy()[source],
            "indicator": frame["indicator"].to_numpy()[source],
            "classifier": series_classifier[pair_codes[source]],
            "code": series_code[pair_codes[source]],
            "region": frame["region"].to_numpy()[source],
            "year": years[rows],
            "kind": np.where(flags[rows], GAINED, LOST),
            "value_before": ordered_values[rows - 1],
            "value_after": ordered_values[rows],
            "classifier_before": pair_classifier[pair_codes[previous]],
            "code_before": pair_code[pair_codes[previous]],
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
