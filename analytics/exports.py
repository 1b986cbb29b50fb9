"""CSV and XLSX downloads of the analytics tables (``?format=csv|xlsx`` on the public pages).

CSV: UTF-8 with a byte-order mark, so that Excel recognises the encoding and shows
Cyrillic names; comma-separated (RFC 4180). XLSX (openpyxl, write-only mode): one
sheet per table plus an "About" sheet with the data set's source, the snapshot and
the licence. Numbers stay numbers in both; an undefined coefficient is an empty cell.
Every cell goes through ``core.spreadsheets``: text that a spreadsheet would run
as a formula (``=``, ``+``, ``-``, ``@``, tab, carriage return) is written with a
leading quote, as OWASP advises.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from core.spreadsheets import export_cell, xlsx_cell

from .presenters import DataTable

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"
FORMATS = ("csv", "xlsx")
SHEET_TITLE_MAX = 31
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")
_UNSAFE_SHEET = re.compile(r"[\[\]:*?/\\]")


def filename(*parts: Any, extension: str) -> str:
    """``spiral-<parts>.<extension>``, reduced to ASCII letters, digits, dots, dashes and underscores."""
    stem = "-".join(str(part) for part in ("spiral", *parts) if part not in (None, ""))
    return f"{_UNSAFE_FILENAME.sub('_', stem).strip('_')}.{extension}"


def _attachment(response: HttpResponse | StreamingHttpResponse, name: str) -> HttpResponse | StreamingHttpResponse:
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


class _Echo:
    """A file-like object whose ``write`` returns the line, for streaming ``csv.writer`` output."""

    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """CSV text line by line, the byte-order mark first."""
    writer = csv.writer(_Echo())
    yield BOM
    for row in rows:
        yield writer.writerow([export_cell(value) for value in row])


def table_csv_response(table: DataTable, *, name: str) -> HttpResponse:
    """One table as a CSV download."""
    content = "".join(csv_lines(table.export_rows()))
    return _attachment(HttpResponse(content.encode("utf-8"), content_type=CSV_CONTENT_TYPE), name)


def rows_csv_response(rows: Iterable[Sequence[Any]], *, name: str) -> StreamingHttpResponse:
    """Many rows (a header first) as a streamed CSV download."""
    lines = (line.encode("utf-8") for line in csv_lines(rows))
    return _attachment(StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE), name)


def _sheet_title(title: str, used: set[str]) -> str:
    base = _UNSAFE_SHEET.sub(" ", title).strip() or "Sheet"
    candidate = base[:SHEET_TITLE_MAX]
    counter = 2
    while candidate.lower() in used:
        suffix = f" ({counter})"
        candidate = base[: SHEET_TITLE_MAX - len(suffix)] + suffix
        counter += 1
    used.add(candidate.lower())
    return candidate


def workbook_bytes(sheets: Iterable[tuple[str, Iterable[Sequence[Any]]]], *, about: Sequence[tuple[str, str]]) -> bytes:
    """An XLSX workbook: one sheet per ``(title, rows)`` (first row bold: the header), then "About"."""
    workbook = Workbook(write_only=True)
    used: set[str] = set()
    bold = Font(bold=True)
    for title, rows in sheets:
        sheet = workbook.create_sheet(_sheet_title(title, used))
        for index, row in enumerate(rows):
            if index == 0:
                header = []
                for value in row:
                    cell = WriteOnlyCell(sheet, value=xlsx_cell(value))
                    cell.font = bold
                    header.append(cell)
                sheet.append(header)
            else:
                sheet.append([xlsx_cell(value) for value in row])
    info = workbook.create_sheet(_sheet_title("About", used))
    for key, value in about:
        info.append([xlsx_cell(key), xlsx_cell(value)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def tables_xlsx_response(tables: Sequence[DataTable], *, name: str, about: Sequence[tuple[str, str]]) -> HttpResponse:
    """Tables as one XLSX download, a sheet each (named after the table's slug)."""
    content = workbook_bytes(((table.slug, table.export_rows()) for table in tables), about=about)
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), name)


def rows_xlsx_response(
    rows: Iterable[Sequence[Any]], *, title: str, name: str, about: Sequence[tuple[str, str]]
) -> HttpResponse:
    """Many rows (a header first) as an XLSX download."""
    content = workbook_bytes([(title, rows)], about=about)
    return _attachment(HttpResponse(content, content_type=XLSX_CONTENT_TYPE), name)
