"""Validate the rows of an imported file: observations (volumes) or published coefficients.

Two layouts, columns matched case-insensitively (Russian headers accepted too):

* observations: ``region, code, year, value`` and optionally ``unit`` and
  ``name``; ``region`` may name the country (``RU``, ``Russia``, ``Российская
  Федерация``) for a country total;
* coefficients: ``indicator, code, region, year, value`` and optionally
  ``name`` -- the schema of the shared tables (``indicator, code, name, region,
  year, value``) imports as it is. A row with an empty ``code`` is matched by
  its ``name`` (the paper's Table 5 gives rubric names only).

Every problem is collected (unknown region or code, empty, non-numeric or
negative value, a year that is not a year or out of range, duplicate keys);
none is raised. Values accept a comma as decimal separator (``1,23``) and
blanks as thousands separators. The result keeps only the rows without problems.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from .lookups import COUNTRY, ItemLookup, RegionLookup, normalise_key
from .problems import ImportProblem, ProblemCode, sort_problems
from .reading import ROW, Progress, RawTable, read_table

OBSERVATIONS = "observations"
COEFFICIENTS = "coefficients"
KINDS = (OBSERVATIONS, COEFFICIENTS)

REQUIRED_COLUMNS = {
    OBSERVATIONS: ("region", "code", "year", "value"),
    COEFFICIENTS: ("indicator", "code", "region", "year", "value"),
}
OPTIONAL_COLUMNS = {OBSERVATIONS: ("unit", "name"), COEFFICIENTS: ("name",)}

#: Header names accepted for each column, beside the column's own name.
HEADER_ALIASES = {
    "region": ("регион", "субъект"),
    "code": ("код",),
    "name": ("наименование", "название"),
    "year": ("год",),
    "value": ("значение",),
    "unit": ("единица", "единица измерения"),
    "indicator": ("coefficient", "показатель", "коэффициент"),
}
#: Column names as errors give them, in the page's language: the Russian ones are the first aliases above,
#: so an error names a column the way the form's help does, and either name is read.
COLUMN_LABELS = {
    "region": pgettext_lazy("import column", "region"),
    "code": pgettext_lazy("import column", "code"),
    "name": pgettext_lazy("import column", "name"),
    "year": pgettext_lazy("import column", "year"),
    "value": pgettext_lazy("import column", "value"),
    "unit": pgettext_lazy("import column", "unit"),
    "indicator": pgettext_lazy("import column", "indicator"),
}
UNIT_MAX_LENGTH = 40
DEFAULT_MIN_YEAR = 1990

#: Columns of :attr:`ParsedImport.rows`.
ROW_COLUMNS = ["row", "region", "code", "year", "value", "unit", "indicator"]


@dataclass(frozen=True)
class ValidationContext:
    """What the rows are checked against: regions, the chosen classifier's items, years, coefficients.

    ``indicators`` maps each accepted coefficient identifier to its label
    (both are accepted in the file, case-insensitively).
    """

    regions: RegionLookup
    items: ItemLookup
    max_year: int
    min_year: int = DEFAULT_MIN_YEAR
    indicators: Mapping[str, str] = field(default_factory=dict)


@dataclass
class ParsedImport:
    """A validated file: its good rows (``ROW_COLUMNS``), every problem, and how many data rows it had.

    ``headers`` maps each recognised column (``region``, ``unit``, …) to its header as written.
    """

    kind: str
    format: str = ""
    sheet: str = ""
    columns: list[str] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    rows: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ROW_COLUMNS))
    problems: list[ImportProblem] = field(default_factory=list)
    row_count: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems


def parse_import(
    content: bytes,
    file_name: str,
    *,
    kind: str,
    context: ValidationContext,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> ParsedImport:
    """Read ``content`` and validate its rows as ``kind`` (observations or coefficients)."""
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    table = read_table(content, file_name, max_bytes=max_bytes, progress=progress)
    return validate_table(table, kind=kind, context=context)


def validate_table(table: RawTable, *, kind: str, context: ValidationContext) -> ParsedImport:
    """Validate a read table; rows are checked only when the file itself is readable and complete."""
    parsed = ParsedImport(kind=kind, format=table.format, sheet=table.sheet, columns=list(table.columns))
    parsed.row_count = len(table.rows)
    if not table.is_readable:
        parsed.problems = sort_problems(table.problems, table.columns)
        return parsed
    headers = match_columns(table.columns, REQUIRED_COLUMNS[kind] + OPTIONAL_COLUMNS[kind])
    parsed.headers = headers
    missing = [column for column in REQUIRED_COLUMNS[kind] if column not in headers]
    if missing:
        expected = ", ".join(str(COLUMN_LABELS[column]) for column in REQUIRED_COLUMNS[kind])
        parsed.problems = [
            ImportProblem(
                code=ProblemCode.MISSING_COLUMN,
                message=_("The column %(column)s is missing; the file needs the columns %(columns)s.")
                % {"column": COLUMN_LABELS[column], "columns": expected},
                row=table.header_row,
                column=column,
            )
            for column in missing
        ]
        return parsed
    checker = _RowChecker(table, headers)
    rows = checker.check(kind=kind, context=context)
    parsed.problems = sort_problems(checker.problems, table.columns)
    parsed.rows = rows
    return parsed


def match_columns(columns: list[str], wanted: tuple[str, ...]) -> dict[str, str]:
    """Map each wanted column to the header as written in the file (case-insensitive, aliases allowed)."""
    by_key = {normalise_key(name): name for name in columns}
    found: dict[str, str] = {}
    for column in wanted:
        for candidate in (column, *HEADER_ALIASES.get(column, ())):
            header = by_key.get(normalise_key(candidate))
            if header is not None:
                found[column] = header
                break
    return found


def parse_numbers(text: pd.Series) -> pd.Series:
    """Text to float64; ``1,23`` and ``1 234,5`` are numbers; anything else (and ±inf) is NaN."""
    s = text.astype("str").str.replace(r"[\s\u00a0\u202f']", "", regex=True).str.replace("\u2212", "-", regex=False)
    has_comma = s.str.contains(",", regex=False)
    has_dot = s.str.contains(".", regex=False)
    comma_last = s.str.rfind(",") > s.str.rfind(".")
    # With both separators the last one is the decimal separator: "1.234,5" and "1,234.5".
    s = s.mask(has_comma & has_dot & comma_last, s.str.replace(".", "", regex=False))
    s = s.mask(has_comma & has_dot & ~comma_last, s.str.replace(",", "", regex=False))
    s = s.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(s, errors="coerce").astype("float64")
    return numbers.where(np.isfinite(numbers))


class _RowChecker:
    """Collects the row problems of one table, column by column (vectorised)."""

    def __init__(self, table: RawTable, headers: dict[str, str]) -> None:
        self.table = table
        self.frame = table.rows
        self.headers = headers
        self.problems: list[ImportProblem] = []
        self.bad = pd.Series(False, index=self.frame.index)

    def text(self, column: str) -> pd.Series:
        header = self.headers.get(column)
        if header is None:
            return pd.Series("", index=self.frame.index, dtype="str")
        return self.frame[header].astype("str")

    def flag(self, mask: pd.Series, column: str, code: ProblemCode, message: Callable[[str], str]) -> None:
        """Record a problem for every row in ``mask``; ``message(value)`` words it."""
        mask = mask.fillna(False).astype(bool)
        if not mask.any():
            return
        self.bad |= mask
        header = self.headers.get(column, column)
        letter = self.table.letters.get(header, "")
        values = self.text(column) if column in self.headers else pd.Series("", index=self.frame.index)
        for row, value in zip(self.frame.loc[mask, ROW].tolist(), values.loc[mask].tolist(), strict=True):
            row, value = int(row), str(value)
            self.problems.append(
                ImportProblem(
                    code=code,
                    message=message(value),
                    row=row,
                    column=header,
                    value=value,
                    cell=f"{letter}{row}" if letter else "",
                )
            )

    def check(self, *, kind: str, context: ValidationContext) -> pd.DataFrame:
        regions = self._regions(context.regions, allow_country=kind == OBSERVATIONS)
        codes = self._codes(context.items)
        years = self._years(context.min_year, context.max_year)
        values = self._values()
        units = self._units() if kind == OBSERVATIONS else pd.Series("", index=self.frame.index, dtype="str")
        indicators = (
            self._indicators(context.indicators)
            if kind == COEFFICIENTS
            else pd.Series("", index=self.frame.index, dtype="str")
        )
        rows = pd.DataFrame(
            {
                "row": self.frame[ROW].astype("int64"),
                "region": regions,
                "code": codes,
                "year": years,
                "value": values,
                "unit": units,
                "indicator": indicators,
            }
        )
        key = ["region", "code", "year"] + (["indicator"] if kind == COEFFICIENTS else [])
        self._duplicates(rows, key)
        good = rows[~self.bad].copy()
        good["year"] = good["year"].astype("int64")
        return good.reset_index(drop=True)[ROW_COLUMNS]

    def _empty(self, column: str) -> pd.Series:
        empty = self.text(column) == ""
        self.flag(empty, column, ProblemCode.EMPTY_VALUE, lambda value: _("The cell is empty."))
        return empty

    def _regions(self, lookup: RegionLookup, *, allow_country: bool) -> pd.Series:
        text = self.text("region")
        empty = self._empty("region")
        resolved = text.map({value: lookup.resolve(value) for value in text.unique()})
        self.flag(
            ~empty & resolved.isna(),
            "region",
            ProblemCode.UNKNOWN_REGION,
            lambda value: (
                _(
                    "Unknown region “%(value)s”: write its ISO 3166-2 code (RU-LIP), "
                    "its Russian, English or Rosstat name."
                )
                % {"value": value}
            ),
        )
        if not allow_country:
            self.flag(
                resolved == COUNTRY,
                "region",
                ProblemCode.COUNTRY_NOT_ALLOWED,
                lambda value: _("A published coefficient belongs to a region, not to the whole country."),
            )
        return resolved

    def _codes(self, lookup: ItemLookup) -> pd.Series:
        code_text = self.text("code")
        name_text = self.text("name")
        by_name = (code_text == "") & (name_text != "")
        source = code_text.where(~by_name, name_text)
        self.flag(
            source == "",
            "code",
            ProblemCode.EMPTY_VALUE,
            lambda value: _("The cell is empty (and there is no name to match instead)."),
        )
        resolved = source.map({value: lookup.resolve(value) for value in source.unique()})
        unknown = (source != "") & resolved.isna()

        def unknown_message(value: str) -> str:
            return _("Unknown code “%(value)s” in the chosen classifier.") % {"value": value}

        self.flag(unknown & ~by_name, "code", ProblemCode.UNKNOWN_CODE, unknown_message)
        self.flag(
            unknown & by_name,
            "name",
            ProblemCode.UNKNOWN_CODE,
            lambda value: (
                _("The code is empty and no item of the chosen classifier is named “%(value)s”.") % {"value": value}
            ),
        )
        return resolved

    def _years(self, min_year: int, max_year: int) -> pd.Series:
        text = self.text("year")
        empty = self._empty("year")
        numbers = parse_numbers(text)
        not_year = ~empty & (numbers.isna() | (numbers != numbers.round()))
        self.flag(
            not_year,
            "year",
            ProblemCode.BAD_YEAR,
            lambda value: _("“%(value)s” is not a year.") % {"value": value},
        )
        out_of_range = ~empty & ~not_year & ((numbers < min_year) | (numbers > max_year))
        self.flag(
            out_of_range,
            "year",
            ProblemCode.YEAR_OUT_OF_RANGE,
            lambda value: (
                _("The year %(value)s is out of range (%(min)s–%(max)s).")
                % {"value": value, "min": min_year, "max": max_year}
            ),
        )
        return numbers.where(~not_year & ~out_of_range)

    def _values(self) -> pd.Series:
        text = self.text("value")
        empty = self._empty("value")
        numbers = parse_numbers(text)
        self.flag(
            ~empty & numbers.isna(),
            "value",
            ProblemCode.NON_NUMERIC,
            lambda value: _("“%(value)s” is not a number.") % {"value": value},
        )
        self.flag(
            numbers < 0,
            "value",
            ProblemCode.NEGATIVE,
            lambda value: _("The value %(value)s is negative; values cannot be below zero.") % {"value": value},
        )
        return numbers

    def _units(self) -> pd.Series:
        text = self.text("unit")
        self.flag(
            text.str.len() > UNIT_MAX_LENGTH,
            "unit",
            ProblemCode.TOO_LONG,
            lambda value: _("The unit is longer than %(limit)s characters.") % {"limit": UNIT_MAX_LENGTH},
        )
        return text

    def _indicators(self, indicators: Mapping[str, str]) -> pd.Series:
        text = self.text("indicator")
        empty = self._empty("indicator")
        keys: dict[str, str] = {}
        for identifier, label in indicators.items():
            keys[normalise_key(identifier)] = identifier
            keys[normalise_key(label)] = identifier
        resolved = text.map({value: keys.get(normalise_key(value)) for value in text.unique()})
        allowed = ", ".join(indicators)
        self.flag(
            ~empty & resolved.isna(),
            "indicator",
            ProblemCode.UNKNOWN_INDICATOR,
            lambda value: (
                _("Unknown coefficient “%(value)s”; expected one of: %(allowed)s.")
                % {"value": value, "allowed": allowed}
            ),
        )
        return resolved

    def _duplicates(self, rows: pd.DataFrame, key: list[str]) -> None:
        keyed = rows.dropna(subset=key)
        duplicated = keyed.duplicated(key, keep="first")
        if not duplicated.any():
            return
        first = keyed.groupby(key, sort=False)["row"].transform("min")
        headers = sorted((self.headers[name] for name in key), key=self.table.columns.index)
        columns = ", ".join(headers)
        self.bad.loc[duplicated[duplicated].index] = True
        pairs = zip(keyed.loc[duplicated, "row"].tolist(), first[duplicated].tolist(), strict=True)
        for row, first_row in pairs:
            self.problems.append(
                ImportProblem(
                    code=ProblemCode.DUPLICATE_KEY,
                    message=_("Duplicate: row %(first)s has the same %(columns)s.")
                    % {"first": int(first_row), "columns": columns},
                    row=int(row),
                    column=columns,
                )
            )
