"""Partner regions from the competence maps: pure functions, pandas in, pandas out (no Django, no clock).

The idea is the paper's (Lyshchikova et al. 2023, seed ``001_…``): a region's specialisation
directions (export commodity groups, economic activities) are backed by scientific and
technological rubrics (the analysts' concordance), and a region that lacks a competence can find
it in another region. For an agent or a project:

1. **Interest** — the items it works in (an agent's competences, a project's directions and
   rubrics), plus the S&T rubrics that back its directions in the concordance, plus the
   cross-cutting (end-to-end digital) rubrics when it has a direction (the scenario model attaches
   them to every direction). With no item at all, the own region's competent directions stand in
   (then only what backs them can be missing). See :func:`interest_items`.
2. **Complement** — an item of interest complements the own region(s) when another region holds a
   competence in it (coefficient ≥ threshold, under any of the four coefficients) and no own region
   does. See :func:`complementary_regions`.
3. **Similar** — the other kind: a region strong where the own region(s) are strong too (an item of
   interest in which an own region *and* that region hold a competence): partners for scale and
   alliances. See :func:`similar_regions`.
4. **Ranking** (both kinds) — regions with more items first; among equals, a region the own region
   already cooperates with at a level that could still rise (1–3 of 4; ``levels``) first; then the
   larger sum of their coefficients, then the region code. A reason is an item with its strongest
   coefficient in that region; reasons are listed strongest first.
5. **Why empty** — :func:`diagnose` says which items of interest the own regions hold and which
   they lack, and whether any of the data covers an own region, so that an empty list is explained.

Frames (column names):

* coefficients: ``region`` (code), ``item`` (item id), ``indicator``, ``value`` (float; NaN = undefined)
  — one year per coefficient (the caller picks the latest);
* concordance: ``direction`` (item id), ``rubric`` (item id).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

REGION_COLUMNS = ["region", "items", "strength", "level"]
REASON_COLUMNS = ["region", "item", "indicator", "value"]
SIMILAR_REASON_COLUMNS = [*REASON_COLUMNS, "own_value"]
#: Levels a pair of regions may still climb from (4, the integrated level, is the top).
RISING_LEVELS = (1, 2, 3)


def competent_items(coefficients: pd.DataFrame, regions: Iterable[str], *, threshold: float) -> set[int]:
    """Items in which at least one of ``regions`` holds a competence (value ≥ threshold, any coefficient)."""
    frame = coefficients[coefficients["region"].isin(list(regions))]
    return set(frame.loc[frame["value"].ge(threshold), "item"].astype("int64"))


def interest_items(
    subject_items: Iterable[int],
    *,
    concordance: pd.DataFrame,
    cross_cutting: Iterable[int] = (),
    own_competences: Iterable[int] = (),
) -> tuple[set[int] | None, str]:
    """The items a partner may complement, and on what they are based.

    Returns ``(items, basis)``: ``basis`` is ``"subject"`` (the agent's or project's own items),
    ``"region"`` (the subject has none: the own region's competent directions stand in) or
    ``"all"`` (neither: every item counts, ``items`` is None).
    """
    subject = {int(item) for item in subject_items}
    basis = "subject"
    if not subject:
        directions = set(concordance["direction"].astype("int64"))
        subject = {int(item) for item in own_competences} & directions
        basis = "region"
    if not subject:
        return None, "all"
    backing = concordance[concordance["direction"].isin(list(subject))]
    items = subject | set(backing["rubric"].astype("int64"))
    if not backing.empty:
        items |= {int(item) for item in cross_cutting}
    return items, basis


@dataclass(frozen=True)
class Complement:
    """Partner regions (``regions``: region, items, strength — best first) and their reasons
    (``reasons``: region, item, indicator, value — per region, strongest first)."""

    regions: pd.DataFrame
    reasons: pd.DataFrame


def complementary_regions(
    coefficients: pd.DataFrame,
    *,
    own_regions: Iterable[str],
    interest: Iterable[int] | None,
    threshold: float,
    limit: int = 5,
    reasons_per_region: int | None = None,
    levels: Mapping[str, int] | None = None,
) -> Complement:
    """Regions that hold competences in the items of ``interest`` (all items when None) that no own region holds.

    ``levels``: the cooperation level each region already holds with the own region(s) (ranking, see above).

    Vectorised: one filter, one de-duplication and one group-by over the coefficient frame.
    """
    own = list(own_regions)
    frame = coefficients.loc[:, REASON_COLUMNS]
    frame = frame[frame["value"].notna()]
    missing = competent_items(frame, own, threshold=threshold)
    candidates = frame[~frame["region"].isin(own) & frame["value"].ge(threshold) & ~frame["item"].isin(missing)]
    if interest is not None:
        candidates = candidates[candidates["item"].isin(list(interest))]
    return _ranked(candidates, limit=limit, levels=levels, reasons_per_region=reasons_per_region)


def _empty(columns: list[str]) -> Complement:
    return Complement(regions=pd.DataFrame(columns=REGION_COLUMNS), reasons=pd.DataFrame(columns=columns))


def _ranked(
    candidates: pd.DataFrame,
    *,
    limit: int,
    levels: Mapping[str, int] | None,
    reasons_per_region: int | None,
    columns: list[str] = REASON_COLUMNS,
) -> Complement:
    """Regions ranked by items, a level that could rise, strength, code; one reason per region and item."""
    if candidates.empty:
        return _empty(columns)
    # One reason per region and item: its strongest coefficient (NACE sections have two).
    strongest = candidates.sort_values(
        ["region", "item", "value", "indicator"], ascending=[True, True, False, True], kind="stable"
    ).drop_duplicates(["region", "item"])
    grouped = strongest.groupby("region", sort=True)
    regions = grouped.agg(items=("item", "size"), strength=("value", "sum")).reset_index()
    regions["level"] = regions["region"].map(dict(levels or {})).fillna(0).astype("int64")
    regions["_rising"] = regions["level"].isin(RISING_LEVELS)
    regions = (
        regions.sort_values(
            ["items", "_rising", "strength", "region"], ascending=[False, False, False, True], kind="stable"
        )
        .head(limit)
        .loc[:, REGION_COLUMNS]
        .reset_index(drop=True)
    )
    order = pd.Series(range(len(regions)), index=regions["region"])
    reasons = strongest[strongest["region"].isin(regions["region"])].assign(_order=lambda f: f["region"].map(order))
    reasons = reasons.sort_values(["_order", "value", "item"], ascending=[True, False, True], kind="stable")
    if reasons_per_region is not None:
        reasons = reasons.groupby("region", sort=False).head(reasons_per_region)
    reasons = reasons.loc[:, columns].reset_index(drop=True)
    regions["items"] = regions["items"].astype("int64")
    return Complement(regions=regions, reasons=reasons)


def similar_regions(
    coefficients: pd.DataFrame,
    *,
    own_regions: Iterable[str],
    interest: Iterable[int] | None,
    threshold: float,
    limit: int = 5,
    levels: Mapping[str, int] | None = None,
    reasons_per_region: int | None = None,
) -> Complement:
    """Regions that hold competences in the items of ``interest`` (all items when None) that an own region holds
    too: strong where the own region is strong. Reasons carry ``own_value``, the own regions' best value."""
    own = list(own_regions)
    frame = coefficients.loc[:, REASON_COLUMNS]
    frame = frame[frame["value"].notna()]
    mine = frame[frame["region"].isin(own) & frame["value"].ge(threshold)]
    if interest is not None:
        mine = mine[mine["item"].isin(list(interest))]
    own_best = mine.groupby("item")["value"].max()
    candidates = frame[~frame["region"].isin(own) & frame["value"].ge(threshold) & frame["item"].isin(own_best.index)]
    candidates = candidates.assign(own_value=candidates["item"].map(own_best))
    return _ranked(
        candidates, limit=limit, levels=levels, reasons_per_region=reasons_per_region, columns=SIMILAR_REASON_COLUMNS
    )


@dataclass(frozen=True)
class Diagnosis:
    """What an empty list is explained with: the items of interest the own regions hold and lack (``None`` when
    every item counts), and whether the coefficients cover any own region at all."""

    covered: bool
    held: set[int]
    lacked: set[int] | None


def diagnose(
    coefficients: pd.DataFrame, *, own_regions: Iterable[str], interest: Iterable[int] | None, threshold: float
) -> Diagnosis:
    """Which items of interest the own regions hold or lack, and whether the data covers them."""
    own = list(own_regions)
    covered = bool(coefficients["region"].isin(own).any())
    held = competent_items(coefficients, own, threshold=threshold)
    if interest is None:
        return Diagnosis(covered=covered, held=held, lacked=None)
    wanted = {int(item) for item in interest}
    return Diagnosis(covered=covered, held=held & wanted, lacked=wanted - held)
