"""The managerial matrix of the paper's Table 6, for a macro-region.

For each level and each direction -- global: FEACN export groups (export
specialisation ratio); national: NACE sections (national localisation
factor); macroregional: NACE sections (macro-regional localisation factor) --
and each region of the macro-region, the matrix says

* whether the region is specialised in the direction (+ / -: the coefficient
  is a competence, see ``competences``), and
* which of the region's S&T competences (S&T specialisation ratio is a
  competence) stand behind the direction through the concordance, and
* the region's cross-cutting S&T competences (the rubrics in the
  cross-cutting list in which the region is competent).

The result is tidy (``ManagerialMatrix``: three long frames);
``ManagerialMatrix.to_table6()`` renders the paper's layout (rows: direction x
{presence, S&T competences}; columns: regions; last row: cross-cutting
competences).

Conventions: a region missing from a coefficient table has value NaN, so it
is never specialised there ("-"); each table uses its own year (the latest it
holds unless ``years`` says otherwise), since the paper pairs 2020 economic
data with 2021 publication data; the S&T competences are listed for every
direction/region pair (tidy frame, with the pair's ``specialised`` flag), but
``to_table6`` shows them only under a "+", as the paper's template does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._frames import one_year
from .competences import DEFAULT_THRESHOLD, CompetenceRule, is_competence
from .concordance import EXPORT, SECTOR, normalise_concordance, normalise_cross_cutting
from .location_quotients import (
    EXPORT_SPECIALISATION,
    MACROREGIONAL_LOCALISATION,
    NATIONAL_LOCALISATION,
)
from .tables import normalise_coefficient_table

GLOBAL = "global"
NATIONAL = "national"
MACROREGIONAL = "macroregional"
LEVELS = (GLOBAL, NATIONAL, MACROREGIONAL)

LEVEL_CLASSIFIER = {GLOBAL: EXPORT, NATIONAL: SECTOR, MACROREGIONAL: SECTOR}
LEVEL_INDICATOR = {
    GLOBAL: EXPORT_SPECIALISATION,
    NATIONAL: NATIONAL_LOCALISATION,
    MACROREGIONAL: MACROREGIONAL_LOCALISATION,
}
LEVEL_ADJECTIVE = {GLOBAL: "export", NATIONAL: "national", MACROREGIONAL: "macroregional"}

PRESENT = "+"
ABSENT = "-"

PRESENCE_COLUMNS = [
    "level",
    "classifier",
    "code",
    "name",
    "region",
    "year",
    "value",
    "specialised",
    "mark",
]
ST_COLUMNS = ["level", "code", "region", "specialised", "st_code", "st_name", "st_value"]
CROSS_CUTTING_COLUMNS = ["region", "st_code", "st_name", "st_value"]

PRESENCE_LABEL = "Presence (+) / lack (-) of {adjective} specialisation"
COMPETENCES_LABEL = "Scientific and technological competences"
CROSS_CUTTING_CELL = "Cross-cutting competences"
CROSS_CUTTING_ROW = "Cross-cutting scientific and technological competences"


@dataclass(frozen=True)
class ManagerialMatrix:
    """Tidy managerial matrix (Table 6) of a set of regions.

    Attributes:
        regions: the regions, in column order.
        presence: one row per level x direction x region: ``level, classifier,
            code, name, region, year, value, specialised, mark`` (mark ``+``/``-``).
        st_competences: one row per level x direction x region x S&T competence
            linked through the concordance: ``level, code, region, specialised,
            st_code, st_name, st_value`` (``specialised`` repeats the direction's
            presence for that region), in concordance order.
        cross_cutting: the regions' cross-cutting competences: ``region,
            st_code, st_name, st_value``, in the cross-cutting list's order.
    """

    regions: tuple[str, ...]
    presence: pd.DataFrame
    st_competences: pd.DataFrame
    cross_cutting: pd.DataFrame

    def to_table6(self, *, level: str | None = None, only_specialised_rows: bool = True) -> pd.DataFrame:
        """Render the paper's Table 6 layout as a wide frame of strings.

        Rows are indexed by ``(level, direction, characteristic)``: for each
        direction a presence row (``+``/``-`` per region) and an S&T competences
        row (the linked competences, one per line, then "Cross-cutting
        competences" when the region has any; empty under a ``-``), and a final
        row listing each region's cross-cutting competences.  Columns are the
        regions.  ``level`` restricts to one level; ``only_specialised_rows``
        drops directions where no region is specialised (as the paper's tables do).
        """
        presence = self.presence
        if level is not None:
            presence = presence[presence["level"] == level]
        if only_specialised_rows:
            keep = presence.groupby(["level", "code"], sort=False)["specialised"].transform("any")
            presence = presence[keep.to_numpy(dtype=bool)]

        linked = self.st_competences[self.st_competences["specialised"]]
        texts = (
            linked.groupby(["level", "code", "region"], sort=False)["st_name"]
            .agg("\n".join)
            .rename("competences")
            .reset_index()
        )
        cells = presence.merge(texts, on=["level", "code", "region"], how="left")
        has_cross = cells["region"].isin(set(self.cross_cutting["region"]))
        suffix = pd.Series(np.where(has_cross, CROSS_CUTTING_CELL, ""), index=cells.index)
        competences = (cells["competences"].fillna("") + "\n" + suffix).str.strip("\n")
        cells["competences"] = competences.where(cells["specialised"], "")

        name = cells["name"].fillna("")
        cells["direction"] = (cells["code"] + ". " + name).where(name != "", cells["code"])
        cells["presence_label"] = cells["level"].map(lambda lvl: PRESENCE_LABEL.format(adjective=LEVEL_ADJECTIVE[lvl]))
        cells["_direction"] = cells.groupby(["level", "code"], sort=False).ngroup()
        rows = pd.concat(
            [
                cells.assign(characteristic=cells["presence_label"], cell=cells["mark"], _row=0),
                cells.assign(characteristic=COMPETENCES_LABEL, cell=cells["competences"], _row=1),
            ],
            ignore_index=True,
        )
        cross = (
            self.cross_cutting.groupby("region", sort=False)["st_name"]
            .agg("\n".join)
            .reindex(list(self.regions))
            .fillna("")
            .rename("cell")
            .rename_axis("region")
            .reset_index()
            .assign(
                level="cross-cutting",
                direction=CROSS_CUTTING_ROW,
                characteristic="",
                _direction=len(cells),
                _row=2,
            )
        )
        rows = pd.concat([rows, cross], ignore_index=True)
        index_columns = ["level", "direction", "characteristic"]
        order = pd.MultiIndex.from_frame(
            rows.sort_values(["_direction", "_row"], kind="stable")[index_columns].drop_duplicates()
        )
        table = rows.pivot_table(
            index=index_columns,
            columns="region",
            values="cell",
            aggfunc="first",
            sort=False,
        )
        table = table.reindex(index=order, columns=list(self.regions)).fillna("")
        table.columns.name = None
        return table


def managerial_matrix(
    *,
    st: pd.DataFrame,
    concordance: pd.DataFrame,
    cross_cutting: pd.DataFrame,
    export: pd.DataFrame | None = None,
    national: pd.DataFrame | None = None,
    macroregional: pd.DataFrame | None = None,
    regions: Iterable[str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    decimals: int | None = None,
    years: Mapping[str, int] | None = None,
) -> ManagerialMatrix:
    """Conjugate the directions' specialisation with the regions' S&T competences.

    Args:
        st: S&T specialisation coefficient table (Table 5 schema).
        concordance: ``classifier, code, st_rubric`` frame.
        cross_cutting: ``st_rubric`` frame of cross-cutting rubrics.
        export, national, macroregional: coefficient tables of the three levels
            (Tables 2, 3, 4); a level whose table is None is left out.
        regions: the macro-region's regions in column order; default: every
            region found in the tables, in order of appearance.
        threshold, strict, decimals: the competence rule (see ``competences``).
        years: optional year per table, keyed by level name or ``"st"``; by
            default each table's latest year.
    """
    years = dict(years or {})
    rule = CompetenceRule(threshold=threshold, strict=strict, decimals=decimals)
    tables = {GLOBAL: export, NATIONAL: national, MACROREGIONAL: macroregional}
    parts = []
    for level, table in tables.items():  # three levels, not a loop over data
        if table is None:
            continue
        frame = one_year(normalise_coefficient_table(table), years.get(level), f"{level} table")
        parts.append(frame.assign(level=level, classifier=LEVEL_CLASSIFIER[level]))
    st_table = one_year(normalise_coefficient_table(st), years.get("st"), "S&T table")

    if regions is None:
        seen = pd.concat([*(part["region"] for part in parts), st_table["region"]])
        regions = tuple(seen.drop_duplicates().tolist())
    else:
        regions = tuple(regions)
    region_rank = {region: rank for rank, region in enumerate(regions)}

    presence = _presence(parts, regions, region_rank, rule)
    st_competent = st_table[st_table["region"].isin(regions) & is_competence(st_table["value"], **rule)].rename(
        columns={"code": "st_code", "name": "st_name", "value": "st_value"}
    )
    lookup = _rubric_lookup(st_table)

    links = normalise_concordance(concordance)
    links["_order"] = np.arange(len(links))
    links = links.merge(lookup, left_on="st_rubric", right_on="key", how="inner")
    st_links = (
        presence[["level", "classifier", "code", "region", "specialised", "_level", "_region"]]
        .merge(links[["classifier", "code", "st_code", "_order"]], on=["classifier", "code"])
        .merge(st_competent[["region", "st_code", "st_name", "st_value"]], on=["region", "st_code"])
        .sort_values(["_level", "code", "_region", "_order"], kind="stable")
        .drop_duplicates(["level", "code", "region", "st_code"])
    )

    cross = normalise_cross_cutting(cross_cutting)
    cross["_order"] = np.arange(len(cross))
    cross = (
        cross.merge(lookup, left_on="st_rubric", right_on="key", how="inner")
        .merge(st_competent[["region", "st_code", "st_name", "st_value"]], on="st_code")
        .assign(_region=lambda frame: frame["region"].map(region_rank))
        .sort_values(["_region", "_order"], kind="stable")
        .drop_duplicates(["region", "st_code"])
    )
    return ManagerialMatrix(
        regions=regions,
        presence=presence[PRESENCE_COLUMNS].reset_index(drop=True),
        st_competences=st_links[ST_COLUMNS].reset_index(drop=True),
        cross_cutting=cross[CROSS_CUTTING_COLUMNS].reset_index(drop=True),
    )


def _presence(
    parts: list[pd.DataFrame],
    regions: tuple[str, ...],
    region_rank: Mapping[str, int],
    rule: CompetenceRule,
) -> pd.DataFrame:
    """Full level x direction x region grid with value, specialised flag and mark."""
    columns = ["level", "classifier", "code", "name", "region", "year", "value"]
    if not parts:
        frame = pd.DataFrame(columns=columns)
    else:
        directions = pd.concat(parts, ignore_index=True)
        codes = directions.drop_duplicates(["level", "code"])[["level", "classifier", "code", "name", "year"]]
        grid = codes.merge(pd.DataFrame({"region": list(regions)}), how="cross")
        frame = grid.merge(
            directions[["level", "code", "region", "value"]],
            on=["level", "code", "region"],
            how="left",
        )[columns]
    frame["value"] = frame["value"].astype("float64")
    frame["specialised"] = is_competence(frame["value"], **rule)
    frame["mark"] = np.where(frame["specialised"], PRESENT, ABSENT)
    frame["_level"] = frame["level"].map({level: rank for rank, level in enumerate(LEVELS)})
    frame["_region"] = frame["region"].map(region_rank)
    return frame.sort_values(["_level", "code", "_region"], kind="stable")


def _rubric_lookup(st_table: pd.DataFrame) -> pd.DataFrame:
    """Map a concordance rubric string to the S&T table's (code, name): name first, then code."""
    rubrics = st_table.drop_duplicates("code")[["code", "name"]].rename(
        columns={"code": "st_code", "name": "st_name_ref"}
    )
    by_name = rubrics.assign(key=rubrics["st_name_ref"], _priority=0)
    by_code = rubrics.assign(key=rubrics["st_code"], _priority=1)
    lookup = pd.concat([by_name, by_code], ignore_index=True).dropna(subset=["key"])
    lookup = lookup.sort_values("_priority", kind="stable").drop_duplicates("key")
    return lookup[["key", "st_code"]]
