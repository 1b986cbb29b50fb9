"""The fit score of cooperation projects: how well a project's partners match its directions and rubrics.

Pure pandas/numpy (no Django, no database, no clock); ``cooperation.services.fit`` reads the inputs (the
current snapshot's coefficients, the projects' items, regions and helices), calls :func:`fit_scores` and
stores the result with its explanation. Vectorised: dense regions x items and projects x items matrices,
BLAS products, no Python loop over projects, regions or items (the one loop is over coefficient families).

Inputs
------
``values``
    The competence maps: columns ``family, region, item, value``. A *family* is one coefficient of one data
    set (e.g. ``"cbe-2020:st_specialisation"``) at the year the caller chose (the latest); ``item`` keys are
    shared across families (a NACE section of Tables 3 and 4 is one item). ``value`` may be NaN (undefined).
``items``
    The projects' items: columns ``project, item, kind`` with ``kind`` ``"direction"`` or ``"rubric"``.
``regions``
    The projects' participating regions: columns ``project, region`` (repeats are ignored).
``helices``
    The projects' participating helices: columns ``project, helix`` (repeats are ignored).
``projects``
    Every project to score (a project with no items or regions still gets a row, with zeros).

Definitions (``t`` = ``threshold``, 1.0 by default; ``P`` = the project's participating regions;
``I`` = its directions and rubrics; ``Rb`` = its rubrics)
-----------------------------------------------------------------------------------------------------
* A region's **value** in an item is the largest of its values over the families that hold the item (NaN
  when none does). The region **has a competence** in the item when the value is ``>= t`` (a tie at the
  threshold counts, as everywhere in the engine); it **lacks** the item when the value is known and ``< t``;
  with no value it has **no data** for the item: it neither supplies nor lacks it.
* **core** = |{i in I : some r in P has a competence in i}| / |I|; 0 when ``I`` is empty.
* **complementarity** = |{i in Rb : some r in P has a competence in i and some s in P lacks it}| / |Rb|;
  0 when ``Rb`` is empty (with one region, no rubric can be both supplied and lacked: 0).
* **relatedness**: per family, the presence ``M = value >= t`` over *all* the regions and items of that
  family, the proximity ``phi`` and the density ``d_ri = sum_j phi_ij M_rj / sum_j phi_ij`` exactly as
  :mod:`analytics.computations.complexity` computes them (``proximity_matrix``, ``relatedness_density``);
  ``d_ri`` is kept only where the region has a value for the item, and an item in several families takes
  the largest density. A region's density in the project is the mean of its ``d_ri`` over the items of
  ``I`` it has one for; **relatedness** = the smallest of those means over ``P`` (the weakest region).
  Regions with no density in any item of ``I`` are left out (and named); 0 when no region has one.
* **helix coverage** = |{helices of the participants}| / 4 (the four links of the spiral).
* **fit** = the mean of the four parts (each 0-1), the single figure lists sort by.

Output: :class:`FitResult` — ``scores`` (one row per project, indexed by project: the four parts, ``fit``
and the counts behind them: ``core_covered``, ``core_total``, ``complementary``, ``rubrics_total``,
``weakest_region``, ``weakest_density``, ``regions_total``, ``regions_with_data``, ``helices_present``)
and ``details`` (long rows ``project, part, ref``: the items ``I`` no region covers (``uncovered``), the
complementary rubrics (``complementary``), the regions without data (``no_data``), the missing helices
(``missing_helix``)), both sorted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .complexity import presence_matrix, proximity_matrix, relatedness_density

HELICES = ("government", "business", "science", "civil")
DIRECTION, RUBRIC = "direction", "rubric"
PARTS = ("core", "complementarity", "relatedness", "helix_coverage")


@dataclass(frozen=True)
class FitResult:
    """The scores of each project (``scores``) and the lists behind them (``details``)."""

    scores: pd.DataFrame
    details: pd.DataFrame


def competence_values(values: pd.DataFrame) -> pd.DataFrame:
    """Regions x items: each region's largest value over the families holding the item (NaN: no data)."""
    if values.empty:
        return pd.DataFrame(dtype=np.float64)
    return values.pivot_table(index="region", columns="item", values="value", aggfunc="max", dropna=False)


def density_values(values: pd.DataFrame, *, threshold: float = 1.0) -> pd.DataFrame:
    """Regions x items relatedness density (the largest over families; NaN where the region has no value)."""
    frames = []
    for _family, frame in values.groupby("family", sort=True):  # a loop over coefficient families
        wide = frame.pivot_table(index="region", columns="item", values="value", aggfunc="max", dropna=False)
        presence = presence_matrix(wide, threshold=threshold)
        density = relatedness_density(presence, proximity_matrix(presence))
        frames.append(density.where(wide.notna()))
    if not frames:
        return pd.DataFrame(dtype=np.float64)
    regions = frames[0].index
    items = frames[0].columns
    for frame in frames[1:]:
        regions, items = regions.union(frame.index), items.union(frame.columns)
    combined = np.full((len(regions), len(items)), np.nan)
    for frame in frames:  # fmax keeps the larger density, ignoring NaN
        combined = np.fmax(combined, frame.reindex(index=regions, columns=items).to_numpy(dtype=np.float64))
    return pd.DataFrame(combined, index=regions, columns=items)


def _incidence(pairs: pd.DataFrame, row: str, column: str, rows: pd.Index, columns: pd.Index) -> np.ndarray:
    """Dense 0/1 matrix ``rows x columns`` from long ``(row, column)`` pairs (unknown labels dropped)."""
    matrix = np.zeros((len(rows), len(columns)), dtype=np.float64)
    if len(pairs):
        r = rows.get_indexer(pairs[row])
        c = columns.get_indexer(pairs[column])
        keep = (r >= 0) & (c >= 0)
        matrix[r[keep], c[keep]] = 1.0
    return matrix


def _details(mask: np.ndarray, projects: pd.Index, labels: pd.Index, part: str) -> pd.DataFrame:
    rows, columns = np.nonzero(mask)
    return pd.DataFrame({"project": projects[rows], "part": part, "ref": labels[columns]})


def fit_scores(
    *,
    values: pd.DataFrame,
    items: pd.DataFrame,
    regions: pd.DataFrame,
    helices: pd.DataFrame,
    projects: Iterable | None = None,
    threshold: float = 1.0,
    helix_codes: Sequence[str] = HELICES,
) -> FitResult:
    """The four parts of the fit score of every project (definitions in the module docstring)."""
    project_index = pd.Index(
        sorted(set(projects) if projects is not None else set(items["project"]) | set(regions["project"])),
        name="project",
    )
    value_wide = competence_values(values)
    density_wide = density_values(values, threshold=threshold)
    item_index = pd.Index(sorted(set(items["item"]) | set(value_wide.columns), key=str))
    region_index = pd.Index(sorted(set(regions["region"]) | set(value_wide.index), key=str))
    v = value_wide.reindex(index=region_index, columns=item_index).to_numpy(dtype=np.float64, na_value=np.nan)
    d = density_wide.reindex(index=region_index, columns=item_index).to_numpy(dtype=np.float64, na_value=np.nan)
    known = ~np.isnan(v)
    competent = known & (np.nan_to_num(v, nan=-np.inf) >= threshold)
    lacking = known & ~competent

    a_item = _incidence(items, "project", "item", project_index, item_index)
    a_rubric = _incidence(items[items["kind"] == RUBRIC], "project", "item", project_index, item_index)
    a_region = _incidence(regions, "project", "region", project_index, region_index)
    helix_index = pd.Index(list(helix_codes))
    a_helix = _incidence(helices, "project", "helix", project_index, helix_index)

    suppliers = a_region @ competent.astype(np.float64)  # projects x items: competent participating regions
    lackers = a_region @ lacking.astype(np.float64)
    covered = (a_item > 0) & (suppliers > 0)
    complementary = (a_rubric > 0) & (suppliers > 0) & (lackers > 0)
    core_total = a_item.sum(axis=1)
    rubrics_total = a_rubric.sum(axis=1)
    core_covered = covered.sum(axis=1)
    complementary_count = complementary.sum(axis=1)
    core = np.divide(core_covered, core_total, out=np.zeros(len(project_index)), where=core_total > 0)
    complementarity = np.divide(
        complementary_count, rubrics_total, out=np.zeros(len(project_index)), where=rubrics_total > 0
    )

    # Relatedness: projects x regions mean density over the project's items the region has a density for.
    has_density = ~np.isnan(d)
    density_sum = a_item @ np.where(has_density, d, 0.0).T
    density_count = a_item @ has_density.astype(np.float64).T
    participating = a_region > 0
    with_data = participating & (density_count > 0)
    means = np.full(density_sum.shape, np.inf)
    np.divide(density_sum, density_count, out=means, where=with_data)
    weakest = means.argmin(axis=1) if len(region_index) else np.zeros(len(project_index), dtype=np.int64)
    any_data = with_data.any(axis=1)
    weakest_density = np.where(any_data, means.min(axis=1, initial=np.inf), np.nan)
    relatedness = np.where(any_data, weakest_density, 0.0)

    helix_coverage = a_helix.sum(axis=1) / len(helix_index)
    scores = pd.DataFrame(
        {
            "core": core,
            "complementarity": complementarity,
            "relatedness": relatedness,
            "helix_coverage": helix_coverage,
            "core_covered": core_covered.astype(np.int64),
            "core_total": core_total.astype(np.int64),
            "complementary": complementary_count.astype(np.int64),
            "rubrics_total": rubrics_total.astype(np.int64),
            "weakest_region": pd.Series(
                np.where(any_data, region_index.to_numpy(dtype=object)[weakest] if len(region_index) else None, None),
                dtype=object,
            ).to_numpy(),
            "weakest_density": weakest_density,
            "regions_total": participating.sum(axis=1).astype(np.int64),
            "regions_with_data": with_data.sum(axis=1).astype(np.int64),
            "helices_present": a_helix.sum(axis=1).astype(np.int64),
        },
        index=project_index,
    )
    scores.insert(4, "fit", scores[list(PARTS)].mean(axis=1))
    details = pd.concat(
        [
            _details((a_item > 0) & ~covered, project_index, item_index, "uncovered"),
            _details(complementary, project_index, item_index, "complementary"),
            _details(participating & ~with_data, project_index, region_index, "no_data"),
            _details(a_helix == 0, project_index, helix_index, "missing_helix"),
        ],
        ignore_index=True,
    )
    return FitResult(scores=scores, details=details)
