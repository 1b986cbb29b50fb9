"""Declared priorities against revealed ones, and the ranking of a discovery session: pure pandas, no Django.

A declared priority is an item of OKVED2 (NACE section, classifier kind ``sector``), of FEACN groups
(``export``) or of GRNTI (``science``). Against the current snapshot it is

* **revealed** when a coefficient of its kind is at or above the competence threshold (1 by default,
  ``>=`` as in ``analytics.computations.competences``) at some level: national or macro-regional
  localisation for a NACE section, export specialisation for a FEACN group, S&T specialisation for a
  GRNTI rubric. Each (data set, coefficient, region) is read at its latest year; the best value wins.
* **related** when not revealed, but the region's relatedness density for the item (computed by
  ``analytics.computations.complexity``) is at or above the median of the region's densities over all
  items of that document (same data set, coefficient family and year); a tie with the median is related.
  Of several documents, the one where the item stands highest above the median is shown.
* **unsupported** otherwise (no data counts as no evidence).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

REVEALED, RELATED, UNSUPPORTED = "revealed", "related", "unsupported"

#: The coefficients that can reveal a priority of each classifier kind.
KIND_INDICATORS: dict[str, tuple[str, ...]] = {
    "sector": ("national_localisation", "macroregional_localisation"),
    "export": ("export_specialisation",),
    "science": ("st_specialisation",),
}
#: The coefficient families whose relatedness density speaks for each kind (complexity documents are
#: computed per family: from volumes for the national one, from published values for the others).
KIND_FAMILY: dict[str, tuple[str, ...]] = {
    "sector": ("national_localisation", "macroregional_localisation"),
    "export": ("export_specialisation",),
    "science": ("st_specialisation",),
}

PRIORITY_COLUMNS = ["region", "kind", "classifier", "code"]
COEFFICIENT_COLUMNS = ["dataset", "indicator", "classifier", "region", "code", "year", "value"]
DENSITY_COLUMNS = ["dataset", "indicator", "region", "code", "year", "density"]
RESULT_COLUMNS = [
    "best_value",
    "best_indicator",
    "best_dataset",
    "best_year",
    "density",
    "density_median",
    "density_dataset",
    "density_year",
    "status",
]
#: The lowest mean rating at which a session's direction is adopted as a priority ("neutral" or better).
ADOPT_MIN_MEAN = 3.0


def latest_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of the latest year of each (data set, coefficient, region)."""
    if frame.empty:
        return frame
    latest = frame.groupby(["dataset", "indicator", "region"], sort=False)["year"].transform("max")
    return frame[frame["year"] == latest]


def _check(frame: pd.DataFrame, columns: list[str], what: str) -> None:
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks the columns {missing}")


def _best_coefficients(priorities: pd.DataFrame, coefficients: pd.DataFrame) -> pd.DataFrame:
    """Per priority (the frame's index): the highest coefficient of its kind, with its data set and year."""
    wanted = priorities[PRIORITY_COLUMNS].assign(
        indicator=priorities["kind"].map(lambda kind: list(KIND_INDICATORS.get(kind, ())))
    )
    wanted = wanted.explode("indicator").dropna(subset=["indicator"])
    wanted["priority"] = wanted.index
    values = latest_rows(coefficients[COEFFICIENT_COLUMNS].dropna(subset=["value"]))
    joined = wanted.merge(values, on=["region", "indicator", "classifier", "code"], how="inner")
    joined = joined.sort_values(["priority", "value"], ascending=[True, False], kind="stable")
    best = joined.drop_duplicates("priority").set_index("priority")
    return best.rename(
        columns={"value": "best_value", "indicator": "best_indicator", "dataset": "best_dataset", "year": "best_year"}
    )[["best_value", "best_indicator", "best_dataset", "best_year"]]


def region_density_medians(density: pd.DataFrame) -> pd.DataFrame:
    """``density`` (latest year per data set, family and region) with each region's median density
    over the document's items in ``density_median`` (NaN densities left out)."""
    frame = latest_rows(density[DENSITY_COLUMNS])
    medians = frame.groupby(["dataset", "indicator", "region", "year"], sort=False)["density"].transform("median")
    return frame.assign(density_median=medians)


def _best_density(priorities: pd.DataFrame, density: pd.DataFrame) -> pd.DataFrame:
    """Per priority: the density document where the item stands highest above the region's median."""
    wanted = priorities[PRIORITY_COLUMNS].assign(
        indicator=priorities["kind"].map(lambda kind: list(KIND_FAMILY.get(kind, ())))
    )
    wanted = wanted.explode("indicator").dropna(subset=["indicator"])
    wanted["priority"] = wanted.index
    documents = region_density_medians(density).dropna(subset=["density", "density_median"])
    joined = wanted.merge(documents, on=["region", "indicator", "code"], how="inner")
    joined["margin"] = joined["density"] - joined["density_median"]
    joined = joined.sort_values(["priority", "margin"], ascending=[True, False], kind="stable")
    best = joined.drop_duplicates("priority").set_index("priority")
    return best.rename(columns={"dataset": "density_dataset", "year": "density_year"})[
        ["density", "density_median", "density_dataset", "density_year"]
    ]


def classify_priorities(
    priorities: pd.DataFrame,
    coefficients: pd.DataFrame,
    density: pd.DataFrame,
    *,
    threshold: float = 1.0,
) -> pd.DataFrame:
    """``priorities`` (``region, kind, classifier, code``, any other columns kept) with the evidence columns
    :data:`RESULT_COLUMNS` and ``status`` = ``revealed`` | ``related`` | ``unsupported``.

    ``coefficients``: :data:`COEFFICIENT_COLUMNS` (every year; the latest per data set, coefficient and
    region is used). ``density``: :data:`DENSITY_COLUMNS`, one row per region and item of each complexity
    document (``indicator`` is the document's coefficient family). Vectorised: two merges, no Python loop.
    """
    _check(priorities, PRIORITY_COLUMNS, "priorities")
    _check(coefficients, COEFFICIENT_COLUMNS, "coefficients")
    _check(density, DENSITY_COLUMNS, "density")
    result = priorities.copy()
    result = result.join(_best_coefficients(priorities, coefficients)).join(_best_density(priorities, density))
    for column in RESULT_COLUMNS[:-1]:
        if column not in result.columns:
            result[column] = np.nan
    revealed = result["best_value"].ge(threshold)
    related = ~revealed & result["density"].ge(result["density_median"])
    result["status"] = np.select([revealed, related], [REVEALED, RELATED], default=UNSUPPORTED)
    return result


def declared_without_advantage(classified: pd.DataFrame, *, min_regions: int = 2) -> pd.DataFrame:
    """Items declared by at least ``min_regions`` regions where none of those regions reveals them.

    ``classified`` is :func:`classify_priorities`'s result (one row per region and item; repeats of a
    region's item across its sets count once). Returns ``classifier, code, regions`` (sorted list),
    ``region_count``, ``related_count``, most regions first.
    """
    columns = ["classifier", "code", "regions", "region_count", "related_count"]
    if classified.empty:
        return pd.DataFrame(columns=columns)
    rows = classified.drop_duplicates(["region", "classifier", "code"])
    weak = rows[rows["status"] != REVEALED]
    grouped = weak.groupby(["classifier", "code"], sort=True).agg(
        regions=("region", lambda regions: sorted(regions)),
        region_count=("region", "nunique"),
        related_count=("status", lambda statuses: int((statuses == RELATED).sum())),
    )
    grouped = grouped[grouped["region_count"] >= min_regions].reset_index()
    return grouped.sort_values(["region_count", "classifier", "code"], ascending=[False, True, True])[columns]


def undeclared_strengths(coefficients: pd.DataFrame, declared: pd.DataFrame, *, strong: float = 2.0) -> pd.DataFrame:
    """Strong revealed competences (latest coefficient ``>= strong``) whose item no strategy declares.

    ``declared``: ``classifier, code`` of every declared priority, any region. Returns
    ``classifier, code, indicator, regions`` (sorted), ``region_count``, ``max_value``, most regions first.
    """
    columns = ["classifier", "code", "indicator", "regions", "region_count", "max_value"]
    values = latest_rows(coefficients[COEFFICIENT_COLUMNS].dropna(subset=["value"]))
    values = values[values["value"] >= strong]
    keys = set(zip(declared["classifier"], declared["code"], strict=True))
    if keys:
        values = values[[key not in keys for key in zip(values["classifier"], values["code"], strict=True)]]
    if values.empty:
        return pd.DataFrame(columns=columns)
    grouped = values.groupby(["classifier", "code", "indicator"], sort=True).agg(
        regions=("region", lambda regions: sorted(set(regions))),
        region_count=("region", "nunique"),
        max_value=("value", "max"),
    )
    grouped = grouped.reset_index()
    return grouped.sort_values(["region_count", "max_value"], ascending=[False, False], kind="stable")[columns]


def rank_directions(items: pd.DataFrame, ratings: pd.DataFrame, *, min_mean: float = ADOPT_MIN_MEAN) -> pd.DataFrame:
    """A session's outcome: directions ranked by mean rating, then number of ratings, then coefficient, then
    the model's order; ``adopted`` where the mean is at least ``min_mean``; ``rank`` 1, 2, … over them.

    ``items``: ``key, item, sort_order, value`` (one row per session direction; ``item`` the classifier
    item, which may appear at two levels); ``ratings``: ``key, score``. A direction nobody rated is not
    adopted. An item adopted at two levels keeps its better place. Returns ``items`` with ``mean``,
    ``count``, ``adopted`` and ``rank`` (0 when not adopted), in ranked order.
    """
    stats = ratings.groupby("key")["score"].agg(["mean", "count"])
    frame = items.merge(stats, left_on="key", right_index=True, how="left")
    frame["count"] = frame["count"].fillna(0).astype("int64")
    frame = frame.sort_values(
        ["mean", "count", "value", "sort_order"], ascending=[False, False, False, True], na_position="last"
    )
    adopted = frame["mean"].ge(min_mean) & ~frame["item"].duplicated()
    frame["adopted"] = adopted
    frame["rank"] = np.where(adopted, adopted.cumsum(), 0).astype("int64")
    return frame.reset_index(drop=True)
