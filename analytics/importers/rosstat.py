"""Rosstat's GVA structure by OKVED section turned into volumes: share × gross regional product.

Inputs (shipped in ``analytics/data/rosstat/``, see its ``SOURCES.md``):

* ``gva_structure_by_okved_section_2009_2022.csv`` -- ``year, classification,
  region_name_rosstat, region_name_short, section, share_pct`` (shares in % of
  the region's GVA; OKVED1 until 2015, OKVED2 from 2016);
* ``grp_1998_2022.xlsx`` sheet ``Total`` -- GRP in million roubles, current
  prices, one row per region (named as ``region_name_short``), one column per year.

Volumes are ``share_pct / 100 × GRP``. The file's "Russia" row becomes the
country total; its GRP is the sum of the federal subjects' GRP.

**Every territory once.** The file has Tyumen Oblast and Arkhangelsk Oblast
twice: with their autonomous okrugs (Khanty-Mansi and Yamalo-Nenets; Nenets) and
without them. The okrugs are federal subjects of their own, so the portal's
Tyumen and Arkhangelsk regions are the rows *without* the okrugs
(``regions/data/regions.csv``, ``rosstat_name``); the "with the okrugs" rows and
the federal-district rows map to no region and are skipped. Any sum over
regions (the country's GRP here, a macro-region's totals, the matrices behind
relatedness and complexity) then counts each territory once. Pure: region
names are mapped by the caller's dictionary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pandas as pd
from openpyxl import load_workbook

from .lookups import COUNTRY, COUNTRY_NAMES, normalise_key

GVA_COLUMNS = ["year", "classification", "region_name_rosstat", "region_name_short", "section", "share_pct"]
#: Rosstat's classification → code of the portal's classifier (OKVED2 sections equal NACE Rev. 2 sections).
CLASSIFIERS = {"OKVED1": "okved1", "OKVED2": "nace2"}
UNIT = "million RUB"


@dataclass
class GvaVolumes:
    """Volumes per region (ISO code, or ``RU`` for the country), classifier, section and year, and what was left out."""

    rows: pd.DataFrame
    skipped_names: list[str] = field(default_factory=list)
    rows_without_grp: int = 0


def read_gva_structure(source: str | Path | IO[bytes]) -> pd.DataFrame:
    """Read the GVA structure CSV (``GVA_COLUMNS``); shares as float, years as int."""
    frame = pd.read_csv(
        source,
        dtype={"classification": "str", "region_name_rosstat": "str", "region_name_short": "str", "section": "str"},
        keep_default_na=False,
        na_values={"share_pct": [""]},
    )
    missing = [column for column in GVA_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"GVA structure: missing column(s) {missing}")
    frame["year"] = frame["year"].astype("int64")
    frame["share_pct"] = frame["share_pct"].astype("float64")
    return frame[GVA_COLUMNS]


def read_grp_totals(source: str | Path | IO[bytes], *, sheet: str = "Total") -> pd.DataFrame:
    """GRP per region and year from the workbook's ``sheet``, long: ``region_name_short, year, grp``.

    The workbook's first column holds names through formulas, so it is read
    with the cached values (``data_only``); rows whose name did not resolve
    (``#N/A``: the federal districts) are dropped.
    """
    workbook = load_workbook(source, read_only=True, data_only=True)
    try:
        rows = list(workbook[sheet].iter_rows(values_only=True))
    finally:
        workbook.close()
    header, body = rows[0], rows[1:]
    years = [(position, int(value)) for position, value in enumerate(header) if isinstance(value, int | float)]
    records = [
        (str(row[0]).strip(), year, row[position])
        for row in body
        if row and isinstance(row[0], str) and row[0].strip() and not row[0].startswith("#")
        for position, year in years
        if isinstance(row[position], int | float)
    ]
    frame = pd.DataFrame(records, columns=["region_name_short", "year", "grp"])
    frame["grp"] = frame["grp"].astype("float64")
    return frame


def gva_volumes(
    gva: pd.DataFrame,
    grp: pd.DataFrame,
    *,
    regions: Mapping[str, str],
    country_names: Iterable[str] = COUNTRY_NAMES,
) -> GvaVolumes:
    """Volumes ``region, classifier, code, year, value`` (million RUB) from shares and GRP.

    Args:
        gva: frame of :func:`read_gva_structure`.
        grp: frame of :func:`read_grp_totals`.
        regions: Rosstat region name (``region_name_rosstat``) → ISO code; each
            territory once (an oblast by its row without its okrugs).
        country_names: names of the country row.
    """
    by_key = {normalise_key(name): iso for name, iso in regions.items()}
    country_keys = {normalise_key(name) for name in country_names}
    names = gva["region_name_rosstat"]
    keys = names.map(normalise_key)
    iso = keys.map(by_key)
    iso = iso.mask(keys.isin(country_keys), COUNTRY)
    skipped = sorted(names[iso.isna()].unique().tolist())
    frame = gva.assign(region=iso).dropna(subset=["region"])
    frame = frame[frame["classification"].isin(list(CLASSIFIERS))]

    short_names = frame[frame["region"] != COUNTRY]["region_name_short"].unique()
    country_grp = grp[grp["region_name_short"].isin(short_names)].groupby("year", as_index=False)["grp"].sum()
    regional = frame[frame["region"] != COUNTRY].merge(grp, on=["region_name_short", "year"], how="left")
    national = frame[frame["region"] == COUNTRY].merge(country_grp, on="year", how="left")
    joined = pd.concat([regional, national], ignore_index=True)
    without_grp = int(joined["grp"].isna().sum())
    joined = joined.dropna(subset=["grp", "share_pct"])
    rows = pd.DataFrame(
        {
            "region": joined["region"],
            "classifier": joined["classification"].map(CLASSIFIERS),
            "code": joined["section"].str.strip(),
            "year": joined["year"].astype("int64"),
            "value": joined["share_pct"] / 100.0 * joined["grp"],
        }
    )
    rows = rows.sort_values(["classifier", "year", "region", "code"], kind="stable").reset_index(drop=True)
    return GvaVolumes(rows=rows, skipped_names=skipped, rows_without_grp=without_grp)
