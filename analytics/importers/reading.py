"""Read an uploaded CSV or XLSX file into a frame of text cells, or say exactly why it cannot be read.

* CSV must be UTF-8 (a BOM is allowed); anything else is a "wrong encoding"
  problem naming the row and character where decoding failed. The delimiter
  is the comma, or the semicolon / tab when the header uses them (Excel in a
  Russian locale saves CSV with semicolons).
* XLSX is read with openpyxl in read-only mode, first worksheet, *without*
  computing formulas: a cell holding a formula is a problem naming the cell,
  because its cached value may be stale or missing.
* Files above ``settings.ANALYTICS_IMPORT_MAX_BYTES`` (20 MB by default) are
  refused before parsing; a workbook is inspected as a zip archive first
  (``limits.inspect_xlsx``), and both formats are read as streams that stop at
  the row, column and cell-length caps (``limits.ImportLimits``), so a hostile
  file is refused in seconds with little memory.

Row numbers are what the user sees: the header is row 1 and a blank row still
counts. Blank rows are skipped. The result's cells are text (``""`` when
empty); typed spreadsheet values are written back as plain text (``2020``, not
``2020.0``) so that one validator serves both formats.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from .limits import (
    BROKEN_ARCHIVE,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ROWS,
    ImportLimits,
    cell_too_long,
    inspect_xlsx,
    megabytes,
    too_many_columns,
    too_many_rows,
)
from .problems import ImportProblem, ProblemCode

#: Called with the number of rows read so far, every :data:`PROGRESS_EVERY` rows (it may raise to stop).
Progress = Callable[[int], None]
PROGRESS_EVERY = 10_000

#: Name of the column holding each row's number in the file.
ROW = "__row__"

CSV, XLSX = "csv", "xlsx"
_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other OLE compound files)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UTF8_BOM = b"\xef\xbb\xbf"


def max_import_bytes() -> int:
    """The largest file accepted, in bytes (``settings.ANALYTICS_IMPORT_MAX_BYTES``, default 20 MB)."""
    return int(getattr(settings, "ANALYTICS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_import_rows() -> int:
    """The largest number of data rows accepted (``settings.ANALYTICS_IMPORT_MAX_ROWS``, default 200,000)."""
    return int(getattr(settings, "ANALYTICS_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS))


@dataclass
class RawTable:
    """A file's header and data rows as text, and whatever stopped it from being read.

    ``rows`` has one column per header name (as written, stripped) plus
    :data:`ROW`, the row's number in the file. ``letters`` maps each header
    name to its spreadsheet column letter (XLSX only), so problems can name cells.
    """

    format: str
    columns: list[str] = field(default_factory=list)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    letters: dict[str, str] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)
    sheet: str = ""
    header_row: int = 1

    @property
    def is_readable(self) -> bool:
        return not self.problems


def detect_format(file_name: str, content: bytes) -> str | None:
    """``"xlsx"`` or ``"csv"`` from the content's signature, else from the file's extension."""
    if content.startswith(_XLSX_MAGIC):
        return XLSX
    if content.startswith(_OLE_MAGIC):
        return None
    suffix = PurePath(file_name or "").suffix.lower()
    if suffix in {".csv", ".txt", ".tsv", ""}:
        return CSV
    return None


def read_table(
    content: bytes,
    file_name: str,
    *,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    limits: ImportLimits | None = None,
    progress: Progress | None = None,
) -> RawTable:
    """Read ``content`` (a CSV or XLSX file) into a :class:`RawTable`.

    Never raises for a bad file: the table's ``problems`` say what is wrong.
    ``limits`` defaults to the settings (``max_bytes`` / ``max_rows`` override
    two of them); ``progress`` is told how many rows were read, now and then.
    """
    limits = limits or ImportLimits.from_settings(max_bytes=max_bytes, max_rows=max_rows)
    if len(content) > limits.max_bytes:
        return RawTable(
            format="",
            problems=[
                _file_problem(
                    ProblemCode.OVERSIZED_FILE,
                    _("The file is too large: %(size)s; the limit is %(limit)s.")
                    % {"size": megabytes(len(content)), "limit": megabytes(limits.max_bytes)},
                )
            ],
        )
    if not content.strip() or content.strip() == _UTF8_BOM:
        return RawTable(format="", problems=[_file_problem(ProblemCode.EMPTY_FILE, _("The file is empty."))])
    kind = detect_format(file_name, content)
    if kind is None:
        message = (
            _("This is an old Excel workbook (.xls). Save it as .xlsx or as CSV UTF-8 and upload it again.")
            if content.startswith(_OLE_MAGIC)
            else _("Unsupported file type: upload a CSV (UTF-8) or an Excel workbook (.xlsx).")
        )
        return RawTable(format="", problems=[_file_problem(ProblemCode.UNSUPPORTED_FORMAT, message)])
    reader = _read_xlsx if kind == XLSX else _read_csv
    table = reader(content, limits, progress)
    if not table.problems and table.rows.empty:
        table.problems.append(_file_problem(ProblemCode.NO_ROWS, _("The file has a header but no data rows.")))
    return table


# --- CSV ---------------------------------------------------------------------------------


class _LimitExceededError(Exception):
    """A row broke a limit while being read; carries the problem."""

    def __init__(self, problem: ImportProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _read_csv(content: bytes, limits: ImportLimits, progress: Progress | None) -> RawTable:
    text, problem = _decode_utf8(content)
    if problem is not None:
        return RawTable(format=CSV, problems=[problem])
    newline = text.find("\n")
    delimiter = _sniff_delimiter(text if newline < 0 else text[:newline])
    numbered: list[tuple[int, list[str]]] = []
    try:
        records = csv.reader(_checked_lines(_lines(text), delimiter, limits), delimiter=delimiter)
        for number, record in enumerate(records, start=1):
            _check_record(number, record, limits, progress)
            if any(c.strip() for c in record):
                numbered.append((number, record))
    except _LimitExceededError as error:
        return RawTable(format=CSV, problems=[error.problem])
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            # The csv module's own cap (128 KB) stops a field before it is built whole.
            return RawTable(format=CSV, problems=[cell_too_long(limits)])
        return RawTable(
            format=CSV,
            problems=[
                _file_problem(
                    ProblemCode.UNREADABLE_FILE,
                    _("The CSV file cannot be read: %(error)s") % {"error": error},
                )
            ],
        )
    return _table_from_records(CSV, numbered, max_rows=limits.max_rows)


def _lines(text: str) -> Iterator[str]:
    """The lines with their endings, one at a time (``io.StringIO`` would copy the text, 4 bytes a character)."""
    end_of_line = "\n" if "\n" in text else "\r"
    start, length = 0, len(text)
    while start < length:
        end = text.find(end_of_line, start)
        end = length if end < 0 else end + 1
        yield text[start:end]
        start = end


def _checked_lines(lines: Iterable[str], delimiter: str, limits: ImportLimits) -> Iterator[str]:
    """The lines, refusing one with more delimiters than columns allowed before csv splits it into fields."""
    for number, line in enumerate(lines, start=1):
        if line.count(delimiter) >= limits.max_columns:
            raise _LimitExceededError(too_many_columns(limits, row=number))
        yield line


def _check_record(number: int, record: list[str], limits: ImportLimits, progress: Progress | None) -> None:
    if number > limits.max_file_rows:
        raise _LimitExceededError(too_many_rows(limits))
    if len(record) > limits.max_columns:
        raise _LimitExceededError(too_many_columns(limits, row=number))
    if any(len(value) > limits.max_cell_chars for value in record):
        raise _LimitExceededError(cell_too_long(limits, row=number))
    if progress is not None and number % PROGRESS_EVERY == 0:
        progress(number)


def _decode_utf8(content: bytes) -> tuple[str, ImportProblem | None]:
    """Decode UTF-8 (BOM allowed) or return a problem naming where decoding failed."""
    if content.startswith(_UTF16_BOMS):
        return "", _file_problem(
            ProblemCode.WRONG_ENCODING,
            _("Wrong encoding: the file is in UTF-16. Save it as “CSV UTF-8” and upload it again."),
        )
    try:
        return content.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        offset = error.start
        before = content[:offset]
        row = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        prefix = before[line_start:]
        if prefix.startswith(_UTF8_BOM):
            prefix = prefix[len(_UTF8_BOM) :]
        character = len(prefix.decode("utf-8", errors="replace")) + 1
        hint = ""
        if _looks_like_cp1251(content):
            hint = " " + _("It looks like Windows-1251 (Cyrillic).")
        return "", ImportProblem(
            code=ProblemCode.WRONG_ENCODING,
            message=_(
                "Wrong encoding: the file is not UTF-8; byte 0x%(byte)02X at row %(row)s, character %(character)s "
                "cannot be read.%(hint)s Save the file as “CSV UTF-8” and upload it again."
            )
            % {"byte": content[offset], "row": row, "character": character, "hint": hint},
            row=row,
        )


def _looks_like_cp1251(content: bytes) -> bool:
    try:
        text = content.decode("cp1251")
    except UnicodeDecodeError:
        return False
    return any("\u0400" <= ch <= "\u04ff" for ch in text[:4000])


def _sniff_delimiter(header: str) -> str:
    counts = {delimiter: header.count(delimiter) for delimiter in (",", ";", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


# --- XLSX --------------------------------------------------------------------------------


def _read_xlsx(content: bytes, limits: ImportLimits, progress: Progress | None) -> RawTable:
    problem = inspect_xlsx(content, limits)
    if problem is not None:
        return RawTable(format=XLSX, problems=[problem])
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (InvalidFileException, *BROKEN_ARCHIVE) as error:
        return _unreadable_xlsx(error)
    try:
        if not workbook.worksheets:
            return RawTable(
                format=XLSX, problems=[_file_problem(ProblemCode.EMPTY_FILE, _("The workbook has no sheets."))]
            )
        sheet = workbook.worksheets[0]
        # A forged <dimension> must not make openpyxl pad every row to 16,384 columns.
        sheet.reset_dimensions()
        numbered, formulas = _xlsx_records(sheet, limits, progress)
    except _LimitExceededError as error:
        return RawTable(format=XLSX, problems=[error.problem])
    except BROKEN_ARCHIVE as error:
        return _unreadable_xlsx(error)
    finally:
        workbook.close()
    table = _table_from_records(XLSX, numbered, max_rows=limits.max_rows)
    table.sheet = sheet.title
    if table.columns:
        for problem in formulas:
            # Name the formula's column by its header, when it has one.
            letter = "".join(ch for ch in problem.cell if ch.isalpha())
            column = next((name for name, col in table.letters.items() if col == letter), "")
            table.problems.append(
                ImportProblem(
                    code=problem.code,
                    message=problem.message,
                    row=problem.row,
                    column=column if problem.row != table.header_row else "",
                    value=problem.value,
                    cell=problem.cell,
                )
            )
    else:
        table.problems.extend(formulas)
    return table


def _xlsx_records(
    sheet, limits: ImportLimits, progress: Progress | None
) -> tuple[list[tuple[int, list[str]]], list[ImportProblem]]:
    """The sheet's non-blank rows as text, and its formulas; stops at the first limit broken."""
    numbered: list[tuple[int, list[str]]] = []
    formulas: list[ImportProblem] = []
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number > limits.max_file_rows:
            raise _LimitExceededError(too_many_rows(limits))
        if len(cells) > limits.max_columns:
            raise _LimitExceededError(too_many_columns(limits, row=number))
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number)
        values: list[str] = []
        for position, cell in enumerate(cells, start=1):
            value = cell.value
            if value is None:
                values.append("")
                continue
            if isinstance(value, str) and len(value) > limits.max_cell_chars:
                raise _LimitExceededError(
                    cell_too_long(limits, row=number, cell=f"{get_column_letter(position)}{number}")
                )
            if cell.data_type == "f" or (isinstance(value, str) and value.startswith("=")):
                reference = f"{get_column_letter(position)}{number}"
                formulas.append(
                    ImportProblem(
                        code=ProblemCode.FORMULA,
                        message=_(
                            "Cell %(cell)s holds a formula. Replace formulas with their values "
                            "(Paste special → Values) and upload again."
                        )
                        % {"cell": reference},
                        row=number,
                        value=str(value)[:100],
                        cell=reference,
                    )
                )
                values.append("")
                continue
            values.append(_cell_text(value))
        if any(v.strip() for v in values):
            numbered.append((number, values))
    return numbered, formulas


def _unreadable_xlsx(error: Exception) -> RawTable:
    return RawTable(
        format=XLSX,
        problems=[
            _file_problem(
                ProblemCode.UNREADABLE_FILE,
                _("The Excel workbook cannot be read (%(error)s). Save it again as .xlsx and upload it.")
                % {"error": type(error).__name__},
            )
        ],
    )


def _cell_text(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


# --- shared --------------------------------------------------------------------------------


def _table_from_records(kind: str, numbered: list[tuple[int, list[str]]], *, max_rows: int) -> RawTable:
    """Header = first non-blank record; the rest are data rows numbered as in the file."""
    if not numbered:
        return RawTable(format=kind, problems=[_file_problem(ProblemCode.EMPTY_FILE, _("The file is empty."))])
    if len(numbered) - 1 > max_rows:
        return RawTable(format=kind, problems=[too_many_rows(ImportLimits(max_rows=max_rows))])
    header_number, header = numbered[0]
    columns = [name.strip() for name in header]
    problems: list[ImportProblem] = []
    seen: dict[str, int] = {}
    for name in columns:
        if not name:
            continue
        key = name.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            problems.append(
                ImportProblem(
                    code=ProblemCode.DUPLICATE_COLUMN,
                    message=_("The column %(column)s appears more than once in the header.") % {"column": name},
                    row=header_number,
                    column=name,
                )
            )
    width = len(columns)
    kept = [(position, name) for position, name in enumerate(columns) if name]
    data = {name: [] for _, name in kept}
    numbers: list[int] = []
    if not problems:
        for number, record in numbered[1:]:
            record = list(record) + [""] * (width - len(record))
            for position, name in kept:
                data[name].append(record[position].strip())
            numbers.append(number)
    rows = pd.DataFrame(data, columns=[name for _, name in kept], dtype="object")
    rows[ROW] = pd.Series(numbers, dtype="int64")
    letters = {name: get_column_letter(position + 1) for position, name in kept} if kind == XLSX else {}
    return RawTable(
        format=kind,
        columns=[name for _, name in kept],
        rows=rows,
        letters=letters,
        problems=problems,
        header_row=header_number,
    )


def _file_problem(code: ProblemCode, message: str) -> ImportProblem:
    return ImportProblem(code=code, message=message)
