"""Coefficient tables: the long schema of the paper's Tables 2-5, and their loaders.

A coefficient table is a long frame ``indicator, code, name, region, year,
value`` (the schema of ``analytics/data/cbe_2020/table*.csv`` and of the
output of the named wrappers in ``location_quotients``).

Codes.  The paper prints Table 5 (S&T specialisation by RSCI/GRNTI rubric)
without codes, so the shipped ``table5_st_specialisation.csv`` has an empty
``code`` column.  ``normalise_coefficient_table`` fills a missing code from
``codes`` (a mapping name -> code, e.g. the GRNTI classifier's English names
-> GRNTI codes) when given, and otherwise with the name itself, so every row
has a non-empty key.  The concordance links S&T rubrics by name (or code),
so both ways work.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import IO

import pandas as pd

from ._frames import clean_text, numeric_values, reject_duplicates, require_columns
from .location_quotients import (
    COEFFICIENT_COLUMNS,
    EXPORT_SPECIALISATION,
    MACROREGIONAL_LOCALISATION,
    NATIONAL_LOCALISATION,
    ST_SPECIALISATION,
)

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CBE_2020_DIR = DATA_DIR / "cbe_2020"

CBE_2020_FILES = {
    EXPORT_SPECIALISATION: "table2_export_specialisation.csv",
    NATIONAL_LOCALISATION: "table3_national_localisation.csv",
    MACROREGIONAL_LOCALISATION: "table4_macroregional_localisation.csv",
    ST_SPECIALISATION: "table5_st_specialisation.csv",
}

#: Regions of the Central Black Earth macro-region, in the paper's order.
CBE_REGIONS = ("Belgorod", "Voronezh", "Kursk", "Lipetsk", "Tambov")


def normalise_coefficient_table(table: pd.DataFrame, *, codes: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Validate a coefficient table and return it in canonical form.

    Text is stripped; a missing ``code`` is filled from ``codes`` (name -> code)
    and else with the ``name``; ``value`` becomes float64 (missing -> NaN);
    ``year`` an integer.  Raises ``ValueError`` on missing columns, rows without
    code and name, or duplicate (indicator, code, region, year) rows.
    """
    require_columns(table, COEFFICIENT_COLUMNS, "coefficient table")
    frame = table[COEFFICIENT_COLUMNS].copy()
    for column in ("indicator", "code", "name", "region"):
        frame[column] = clean_text(frame[column])
    if codes is not None:
        frame["code"] = frame["code"].fillna(frame["name"].map(dict(codes)))
    frame["code"] = frame["code"].fillna(frame["name"])
    if frame["code"].isna().any():
        raise ValueError("coefficient table: a row has neither code nor name")
    if frame["region"].isna().any():
        raise ValueError("coefficient table: a row has no region")
    frame["year"] = numeric_values(frame["year"], "coefficient table year").astype("int64")
    frame["value"] = numeric_values(frame["value"], "coefficient table")
    reject_duplicates(frame, ["indicator", "code", "region", "year"], "coefficient table")
    return frame.reset_index(drop=True)


def read_coefficient_table(source: str | Path | IO[str], *, codes: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a coefficient-table CSV (schema of ``cbe_2020/table*.csv``) and normalise it."""
    raw = pd.read_csv(
        source,
        dtype={"indicator": "string", "code": "string", "name": "string", "region": "string"},
        keep_default_na=False,
        na_values={"value": ["", "NA", "NaN", "nan"], "year": [""]},
    )
    return normalise_coefficient_table(raw, codes=codes)


def cbe_2020_tables(
    directory: str | Path | None = None, *, st_codes: Mapping[str, str] | None = None
) -> dict[str, pd.DataFrame]:
    """The paper's Tables 2-5 (Central Black Earth, 2020/2021) keyed by indicator.

    ``directory`` defaults to the shipped ``analytics/data/cbe_2020``;
    ``st_codes`` optionally maps Table 5 rubric names to codes (GRNTI).
    """
    base = CBE_2020_DIR if directory is None else Path(directory)
    return {
        indicator: read_coefficient_table(base / filename, codes=st_codes if indicator == ST_SPECIALISATION else None)
        for indicator, filename in CBE_2020_FILES.items()
    }
