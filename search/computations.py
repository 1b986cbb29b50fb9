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
3. **Ranking** — regions with more complementary items first, then the larger sum of their
   coefficients, then the region code. A reason is an item with its strongest coefficient in that
   region; reasons are listed strongest first.

Frames (column names):

* coefficients: ``region`` (code), ``item`` (item id), ``indicator``, ``value`` (float; NaN = undefined)
  — one year per coefficient (the caller picks the latest);
* concordance: ``direction`` (item id), ``rubric`` (item id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

REGION_COLUMNS = ["region", "items", "strength"]
REASON_COLUMNS = ["region", "item", "indicator", "value"]


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
) -> Complement:
    """Regions that hold competences in the items of ``interest`` (all items when None) that no own region holds.

    Vectorised: one filter, one de-duplication and one group-by over the coefficient frame.
    """
    own = list(own_regions)
    frame = coefficients.loc[:, REASON_COLUMNS]
    frame = frame[frame["value"].notna()]
    missing = competent_items(frame, own, threshold=threshold)
    candidates = frame[~frame["region"].isin(own) & frame["value"].ge(threshold) & ~frame["item"].isin(missing)]
    if interest is not None:
        candidates = candidates[candidates["item"].isin(list(interest))]
    if candidates.empty:
        return Complement(regions=pd.DataFrame(columns=REGION_COLUMNS), reasons=pd.DataFrame(columns=REASON_COLUMNS))
    # One reason per region and item: its strongest coefficient (NACE sections have two).
    strongest = candidates.sort_values(
        ["region", "item", "value", "indicator"], ascending=[True, True, False, True], kind="stable"
    ).drop_duplicates(["region", "item"])
    regions = (
        strongest.groupby("region", sort=True)
        .agg(items=("item", "size"), strength=("value", "sum"))
        .reset_index()
        .sort_values(["items", "strength", "region"], ascending=[False, False, True], kind="stable")
        .head(limit)
        .reset_index(drop=True)
    )
    order = pd.Series(range(len(regions)), index=regions["region"])
    reasons = strongest[strongest["region"].isin(regions["region"])].assign(_order=lambda f: f["region"].map(order))
    reasons = reasons.sort_values(["_order", "value", "item"], ascending=[True, False, True], kind="stable")
    if reasons_per_region is not None:
        reasons = reasons.groupby("region", sort=False).head(reasons_per_region)
    reasons = reasons.loc[:, REASON_COLUMNS].reset_index(drop=True)
    regions["items"] = regions["items"].astype("int64")
    return Complement(regions=regions, reasons=reasons)
