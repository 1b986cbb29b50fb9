"""One cell of the managerial matrix: a region × a specialisation direction, as a place to act.

The paper (seed ``001_…``) conjugates each direction (a FEACN export group or an OKVED2/NACE section)
with the S&T rubrics that stand behind it (the concordance). For one region and one direction this
module answers, from the S&T specialisation ratios:

* **has** — the direction's rubrics in which the region holds a competence (ratio ≥ threshold);
* **lacks** — the direction's rubrics in which it does not (ratio below the threshold, zero, or no
  value at all: a region missing from the S&T table has no competence there);
* **suppliers** — for each lacking rubric, the other regions that hold a competence in it, strongest
  first (ties: the region's code), with their ratios.

Frames (column names):

* ``st``: ``region``, ``rubric``, ``value`` (float; NaN = undefined) — one year;
* ``rubrics``: the direction's rubrics in the concordance's order (a list; duplicates are dropped).

Pure pandas, vectorised (one merge and one sort), no Django, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

HAS_COLUMNS = ["rubric", "value"]
SUPPLIER_COLUMNS = ["rubric", "region", "value"]


@dataclass(frozen=True)
class CellAnalysis:
    """The direction's rubrics the region has and lacks (in concordance order, with the region's ratio —
    NaN where it has none) and the regions that supply each lacking rubric (``suppliers``)."""

    has: pd.DataFrame
    lacks: pd.DataFrame
    suppliers: pd.DataFrame

    def supplier_regions(self) -> list[str]:
        """The supplying regions, each once, in the order of their strongest supply."""
        ordered = self.suppliers.sort_values(["value", "region"], ascending=[False, True], kind="stable")
        return list(dict.fromkeys(ordered["region"]))


def direction_cell(
    st: pd.DataFrame,
    *,
    region: str,
    rubrics: Sequence[object],
    threshold: float,
    among: Iterable[str] | None = None,
) -> CellAnalysis:
    """Has / lacks / suppliers of ``region`` in the rubrics of one direction.

    ``among`` limits the suppliers to these regions (e.g. the data set's regions); by default every
    region in ``st`` other than ``region`` may supply.
    """
    order = pd.Series(range(len(dict.fromkeys(rubrics))), index=list(dict.fromkeys(rubrics)), dtype="int64")
    frame = st.loc[st["rubric"].isin(order.index), ["region", "rubric", "value"]]
    own = frame[frame["region"] == region].drop_duplicates("rubric").set_index("rubric")["value"]
    values = pd.DataFrame({"rubric": order.index, "value": own.reindex(order.index).to_numpy(dtype="float64")})
    held = values["value"].ge(threshold)
    has = values[held].reset_index(drop=True)
    lacks = values[~held].reset_index(drop=True)
    others = frame[(frame["region"] != region) & frame["value"].ge(threshold) & frame["rubric"].isin(lacks["rubric"])]
    if among is not None:
        others = others[others["region"].isin(list(among))]
    suppliers = (
        others.assign(_order=others["rubric"].map(order))
        .sort_values(["_order", "value", "region"], ascending=[True, False, True], kind="stable")
        .drop_duplicates(["rubric", "region"])
        .loc[:, SUPPLIER_COLUMNS]
        .reset_index(drop=True)
    )
    suppliers["value"] = suppliers["value"].astype("float64")
    return CellAnalysis(has=has, lacks=lacks, suppliers=suppliers)
