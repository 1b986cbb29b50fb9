"""Problems found in an imported file: data, never exceptions.

Every problem names where it is, as the user sees the file: ``row`` is the
1-based row number with the header on row 1 (``None`` for the file as a
whole), ``column`` the column name as written in the header, and for
spreadsheets ``cell`` the cell reference (``C7``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

import pandas as pd
from django.utils.translation import gettext as _


class ProblemCode(StrEnum):
    """What kind of problem a row or a file has (stable identifiers, for tests and reports)."""

    # The file as a whole
    EMPTY_FILE = "empty_file"
    OVERSIZED_FILE = "oversized_file"
    TOO_MANY_ROWS = "too_many_rows"
    TOO_MANY_COLUMNS = "too_many_columns"
    CELL_TOO_LONG = "cell_too_long"
    CHECK_TIMEOUT = "check_timeout"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNREADABLE_FILE = "unreadable_file"
    WRONG_ENCODING = "wrong_encoding"
    FORMULA = "formula"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    NO_ROWS = "no_rows"
    # One row
    EMPTY_VALUE = "empty_value"
    UNKNOWN_REGION = "unknown_region"
    COUNTRY_NOT_ALLOWED = "country_not_allowed"
    UNKNOWN_CODE = "unknown_code"
    UNKNOWN_INDICATOR = "unknown_indicator"
    NON_NUMERIC = "non_numeric"
    NEGATIVE = "negative"
    BAD_YEAR = "bad_year"
    YEAR_OUT_OF_RANGE = "year_out_of_range"
    TOO_LONG = "too_long"
    DUPLICATE_KEY = "duplicate_key"


@dataclass(frozen=True)
class ImportProblem:
    """One problem of an imported file, with its place and a message in the active language."""

    code: ProblemCode
    message: str
    row: int | None = None
    column: str = ""
    value: str = ""
    cell: str = ""

    def __str__(self) -> str:
        return describe_problem(self)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict (for the import batch's report)."""
        data = asdict(self)
        data["code"] = str(self.code)
        return data


def describe_problem(problem: ImportProblem) -> str:
    """``row R, column C: message`` (or the parts of it that apply)."""
    if problem.row is not None and problem.column:
        return _("row %(row)s, column %(column)s: %(message)s") % {
            "row": problem.row,
            "column": problem.column,
            "message": problem.message,
        }
    if problem.row is not None:
        return _("row %(row)s: %(message)s") % {"row": problem.row, "message": problem.message}
    if problem.column:
        return _("column %(column)s: %(message)s") % {"column": problem.column, "message": problem.message}
    return problem.message


def problems_frame(problems: Iterable[ImportProblem]) -> pd.DataFrame:
    """The problems as a frame ``row, column, cell, value, code, message`` (for tests and exports)."""
    columns = ["row", "column", "cell", "value", "code", "message"]
    return pd.DataFrame([{name: getattr(p, name) for name in columns} for p in problems], columns=columns)


def sort_problems(problems: Iterable[ImportProblem], column_order: list[str] | None = None) -> list[ImportProblem]:
    """File-level problems first, then by row and by the column's place in the file."""
    order = {name: position for position, name in enumerate(column_order or [])}
    return sorted(
        problems,
        key=lambda p: (p.row is not None, p.row or 0, order.get(p.column, len(order)), p.column),
    )
