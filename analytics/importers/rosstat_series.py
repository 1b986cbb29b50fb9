"""Rosstat's regional tables (``.xls``, one row per region, one column per year) → values per region and year.

Two tables are shipped (``analytics/data/rosstat/``, see its ``SOURCES.md``):

* ``nauka_2.xls`` sheet ``2`` -- R&D personnel (people), 2010 and 2015–2024: the first block of year
  columns ("Численность персонала – всего"); the blocks after it (researchers, technicians, …) are
  left out;
* ``innovations_1.xls`` sheet ``1`` -- level of innovation activity of organisations (%), 2010–2024.
  2017 has two columns (the 3rd and the 4th edition of the Oslo Manual): the first (3rd edition, as in
  2010–2016) is taken; from 2018 Rosstat counts by the 4th edition only, so the series breaks there.

Reading rules, the same for both:

* the header row is the first row with at least three year cells; a year cell is a number or a text
  starting with four digits (``"2022 5)"``, ``"20235)"``: Rosstat's footnote marks); the first
  column of each year is read, up to the first year not after the one before (the next block);
* row labels lose their footnote marks (``"Республика Крым2) "``) and the words "в том числе";
  federal-district rows are aggregates and skipped; a row starting with ``"1)"`` is a footnote;
* **every territory once**: Tyumen and Arkhangelsk Oblasts are their rows *without* the autonomous
  okrugs ("… без АО"); the rows with the okrugs are skipped, the okrugs are regions of their own;
* an empty cell, ``-``, ``…`` or ``...`` is "no data" (left out, not an error); any other text, or a
  negative number, is a row error; an unknown region name is a row error.

Pure: the caller passes the region lookup; nothing is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from .lookups import COUNTRY, RegionLookup, normalise_key

_YEAR = re.compile(r"^\s*((?:19|20)\d{2})")
_FOOTNOTE_MARK = re.compile(r"\s*\d+\)\s*$")
_FOOTNOTE_ROW = re.compile(r"^\s*\d+\)")
_INCLUDING = re.compile(r"^\s*(в\s+том\s+числе|в\s+т\.\s*ч\.)\s*:?\s*", re.IGNORECASE)
_NO_DATA = {"", "-", "–", "—", "…", "...", "x", "х"}

#: Oblasts named with their okrugs (skipped) and without them (the portal's region): every territory once.
WITH_OKRUGS = {normalise_key("Тюменская область"), normalise_key("Архангельская область")}
WITHOUT_OKRUGS = {
    normalise_key("Тюменская область без АО"): "RU-TYU",
    normalise_key("Архангельская область без АО"): "RU-ARK",
}
#: Names these tables use that the reference data does not (an older name of Kemerovo Oblast).
ALIASES = {normalise_key("Кемеровская область"): "RU-KEM"}
#: Latin letters that look like Cyrillic ones: Rosstat's tables sometimes type "Калинингpадская" with a Latin p.
_LOOKALIKES = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^)]*\)\s*$")


@dataclass(frozen=True)
class SeriesSpec:
    """Where one series is in its workbook."""

    sheet: str
    unit: str


RD_PERSONNEL = SeriesSpec(sheet="2", unit="people")
INNOVATION_ACTIVITY = SeriesSpec(sheet="1", unit="%")


class SeriesFileError(ValueError):
    """The file as a whole cannot be read (not an .xls workbook, no such sheet, no year header)."""


@dataclass(frozen=True)
class SeriesProblem:
    """One row error: the spreadsheet's row number (1-based, as Excel shows it) and what is wrong."""

    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass
class ParsedSeries:
    """Values ``region`` (ISO code or ``RU``), ``year``, ``value``; row errors; labels skipped as aggregates."""

    rows: pd.DataFrame
    problems: list[SeriesProblem] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems


def read_xls_sheet(content: bytes, sheet: str) -> list[list[object]]:
    """The cells of one sheet of an ``.xls`` workbook (BIFF, read by xlrd), as rows of values."""
    import xlrd  # only this reader needs it

    try:
        book = xlrd.open_workbook(file_contents=content, on_demand=True)
    except Exception as error:  # xlrd raises several unrelated types for a file that is not a workbook
        raise SeriesFileError(f"not an Excel 97–2003 (.xls) workbook: {error}") from error
    try:
        if sheet not in book.sheet_names():
            raise SeriesFileError(f"the workbook has no sheet {sheet!r} (sheets: {', '.join(book.sheet_names())})")
        table = book.sheet_by_name(sheet)
        return [table.row_values(index) for index in range(table.nrows)]
    finally:
        book.release_resources()


def _year(cell: object) -> int | None:
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return int(cell) if 1900 <= cell <= 2100 and float(cell).is_integer() else None
    match = _YEAR.match(str(cell))
    return int(match.group(1)) if match else None


def _year_columns(grid: Sequence[Sequence[object]]) -> tuple[int, list[tuple[int, int]]]:
    """The header row's index and its (column, year) pairs of the first block."""
    for index, row in enumerate(grid):
        years = [(column, _year(cell)) for column, cell in enumerate(row) if column > 0]
        found = [(column, year) for column, year in years if year is not None]
        if len(found) < 3:
            continue
        block: list[tuple[int, int]] = []
        for column, year in found:
            if block and year <= block[-1][1]:
                if year == block[-1][1]:
                    continue  # the same year again (2017 by two editions of the Oslo Manual): keep the first
                break
            block.append((column, year))
        return index, block
    raise SeriesFileError("no header row with years was found")


def _label(cell: object) -> str:
    text = _INCLUDING.sub("", str(cell).replace("\n", " ")).strip()
    text = _FOOTNOTE_MARK.sub("", text).strip()
    return text.translate(_LOOKALIKES) if _CYRILLIC.search(text) else text


def _region(label: str, key: str, regions: RegionLookup) -> str | None:
    """The ISO code of a row's label: the oblasts without their okrugs, the aliases, then the reference names
    (also without a trailing parenthesis: "Республика Адыгея (Адыгея)")."""
    found = WITHOUT_OKRUGS.get(key) or ALIASES.get(key) or regions.resolve(label)
    if found is None and _PARENTHESES.search(label):
        found = regions.resolve(_PARENTHESES.sub("", label))
    return found


def _value(cell: object) -> tuple[float | None, str | None]:
    """(value, None), (None, None) for no data, or (None, error)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if cell < 0:
            return None, f"{cell} is negative"
        return float(cell), None
    text = _FOOTNOTE_MARK.sub("", str(cell)).strip()
    if text.casefold() in _NO_DATA:
        return None, None
    try:
        number = float(text.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return None, f"{text!r} is not a number"
    if number < 0:
        return None, f"{text} is negative"
    return number, None


def parse_series(grid: Sequence[Sequence[object]], *, regions: RegionLookup) -> ParsedSeries:
    """Values per region and year of one Rosstat regional table (see the module's reading rules)."""
    header, columns = _year_columns(grid)
    records: list[tuple[str, int, float]] = []
    problems: list[SeriesProblem] = []
    skipped: list[str] = []
    seen: dict[str, int] = {}
    for index in range(header + 1, len(grid)):
        row = grid[index]
        if not row or not str(row[0]).strip():
            continue
        raw = str(row[0])
        if _FOOTNOTE_ROW.match(raw):
            break
        label = _label(raw)
        key = normalise_key(label)
        if not key or key.startswith(normalise_key("в том числе")):
            continue
        if "федеральныйокруг" in key or key in WITH_OKRUGS:
            skipped.append(label)
            continue
        iso = _region(label, key, regions)
        if iso is None:
            problems.append(SeriesProblem(index + 1, f"unknown region {label!r}"))
            continue
        if iso in seen:
            problems.append(SeriesProblem(index + 1, f"{label!r} repeats row {seen[iso]}"))
            continue
        seen[iso] = index + 1
        for column, year in columns:
            value, error = _value(row[column] if column < len(row) else "")
            if error:
                problems.append(SeriesProblem(index + 1, f"{year}: {error}"))
            elif value is not None:
                records.append((iso, year, value))
    if not any(region == COUNTRY for region, _, _ in records) and not problems:
        problems.append(SeriesProblem(header + 2, "no row for the Russian Federation"))
    frame = pd.DataFrame(records, columns=["region", "year", "value"])
    frame["year"] = frame["year"].astype("int64")
    return ParsedSeries(rows=frame, problems=problems, skipped=skipped)


def read_series(content: bytes, *, spec: SeriesSpec, regions: RegionLookup) -> ParsedSeries:
    """Read one shipped Rosstat table (``spec`` says which sheet) into values per region and year."""
    return parse_series(read_xls_sheet(content, spec.sheet), regions=regions)
