"""Hostile files are refused before they are parsed whole: zip bombs, huge strings, millions of rows, wide rows.

Each file is built in the test at the zip/XML level (tests/analytics/hostile_files.py).
The memory bound is checked with tracemalloc: the refusal's peak allocation stays
far below what the file unpacks to. Timings are in bench/import_limits.py.
"""

import io
import re
import tracemalloc
import zipfile

import pytest

from analytics.importers import ProblemCode, read_table
from analytics.importers import limits as limits_module
from analytics.importers import reading as reading_module
from analytics.importers.limits import ImportLimits, inspect_xlsx
from tests.analytics import hostile_files
from tests.analytics.data_bank_factories import csv_bytes, xlsx_bytes

MB = 1024 * 1024
HEADER = ["region", "code", "year", "value"]


def _read_traced(content: bytes, name: str = "hostile.xlsx"):
    tracemalloc.start()
    try:
        table = read_table(content, name)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return table, peak


@pytest.fixture
def openpyxl_must_not_run(monkeypatch):
    """The refusal comes from the zip inspection: openpyxl never opens the file."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl was asked to parse a file the inspection should refuse")

    monkeypatch.setattr(reading_module, "load_workbook", refuse)


def test_a_workbook_holding_a_huge_shared_string_is_refused_unread(openpyxl_must_not_run):
    # given a ~40 KB workbook whose shared string unpacks to 40 MB (the was 300 MB in 300 KB)
    content = hostile_files.huge_string_xlsx(40 * MB)
    assert len(content) < MB

    # when
    table, peak = _read_traced(content)

    # then
    [problem] = table.problems
    assert problem.code == ProblemCode.OVERSIZED_FILE
    assert "xl/sharedStrings.xml" in problem.message and "unpacked" in problem.message
    assert table.rows.empty
    assert peak < 4 * MB


def test_a_shared_string_longer_than_a_cell_may_be_is_found_by_streaming_before_openpyxl(
    monkeypatch, openpyxl_must_not_run
):
    # given a shared string of 20 MB (under the size limits), with the zip-bomb ratio check out of the way
    monkeypatch.setattr(limits_module, "MAX_COMPRESSION_RATIO", 10**9)
    content = hostile_files.huge_string_xlsx(20 * MB)

    table, peak = _read_traced(content)

    [problem] = table.problems
    assert problem.code == ProblemCode.CELL_TOO_LONG
    assert "more than 10000 characters" in problem.message
    assert peak < 5 * MB  # a few 1 MB chunks, not the 20 MB string


def test_an_inline_string_in_the_sheet_is_found_too(openpyxl_must_not_run):
    # given 2 MB of random letters in one cell of the sheet (they compress like text: no ratio betrays them)
    content = hostile_files.huge_inline_string_xlsx(2 * MB, unit=hostile_files.random_letters(65_536))
    assert len(content) > MB

    table = read_table(content, "inline.xlsx")

    assert [problem.code for problem in table.problems] == [ProblemCode.CELL_TOO_LONG]


def test_a_cell_just_over_the_limit_is_named_by_openpyxl_reading():
    # given 10,001 characters: under the streaming guard (4 bytes a character), over the cell limit
    content = xlsx_bytes([HEADER, ["RU-LIP", "A" * 10_001, 2020, 1]])

    table = read_table(content, "long.xlsx")

    [problem] = table.problems
    assert problem.code == ProblemCode.CELL_TOO_LONG
    assert (problem.row, problem.cell) == (2, "B2")


def test_millions_of_blank_rows_are_counted_in_the_stream_and_refused(settings, openpyxl_must_not_run):
    # given a limit of 1,000 rows and a workbook of 100,000 blank rows (the had 4.1 million)
    settings.ANALYTICS_IMPORT_MAX_ROWS = 1000
    content = hostile_files.blank_rows_xlsx(100_000)

    table, peak = _read_traced(content)

    [problem] = table.problems
    assert problem.code == ProblemCode.TOO_MANY_ROWS
    assert "more than 1000 data rows" in problem.message
    assert peak < 4 * MB


def test_a_row_numbered_far_down_is_refused_while_openpyxl_fills_the_gap(settings):
    # given two <row> elements only: the header and row 1,000,000 (openpyxl yields the blank rows between)
    settings.ANALYTICS_IMPORT_MAX_ROWS = 1000
    content = xlsx_bytes([HEADER])
    content = _with_far_row(content)

    table = read_table(content, "far.xlsx")

    assert [problem.code for problem in table.problems] == [ProblemCode.TOO_MANY_ROWS]


def _with_far_row(content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", b'<row r="1000000"><c r="A1000000"><v>1</v></c></row></sheetData>')
            target.writestr(info.filename, data)
    return buffer.getvalue()


def test_a_classic_zip_bomb_is_refused_from_the_zip_directory(settings, openpyxl_must_not_run):
    # given a limit of 10 MB unpacked and a ~50 KB workbook that unpacks to 50 MB
    settings.ANALYTICS_IMPORT_MAX_UNCOMPRESSED_BYTES = 10 * MB
    content = hostile_files.zip_bomb_xlsx(50 * MB)

    table, peak = _read_traced(content)

    [problem] = table.problems
    assert problem.code == ProblemCode.OVERSIZED_FILE
    assert "Unpacked, the workbook would take 50.0 MB; the limit is 10.0 MB." == problem.message
    assert peak < MB


def test_a_part_that_unpacks_a_thousand_times_larger_is_a_zip_bomb(openpyxl_must_not_run):
    # given 5 MB of blanks packed into ~5 KB: within the size limits, not within any sane ratio
    content = hostile_files.zip_bomb_xlsx(5 * MB)

    table = read_table(content, "bomb.xlsx")

    [problem] = table.problems
    assert problem.code == ProblemCode.OVERSIZED_FILE
    assert "looks like a zip bomb" in problem.message


def test_a_workbook_of_thousands_of_parts_is_refused(openpyxl_must_not_run):
    table = read_table(hostile_files.many_members_xlsx(1_001), "parts.xlsx")

    assert [problem.code for problem in table.problems] == [ProblemCode.OVERSIZED_FILE]
    assert "parts" in table.problems[0].message


def test_a_row_with_a_cell_in_the_last_column_is_refused_without_padding_every_row():
    table = read_table(hostile_files.wide_xlsx(16_384), "wide.xlsx")

    [problem] = table.problems
    assert problem.code == ProblemCode.TOO_MANY_COLUMNS
    assert problem.row == 2
    assert "more than 200 columns" in problem.message


def test_a_forged_dimension_does_not_pad_the_rows():
    # given a sheet that claims to span A1:XFD1048576 but holds two short rows
    content = xlsx_bytes([HEADER, ["RU-LIP", "A", 2020, 1]])
    content = _with_dimension(content, b"A1:XFD1048576")

    table = read_table(content, "dimension.xlsx")

    assert table.is_readable
    assert table.columns == HEADER


def _with_dimension(content: bytes, reference: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="' + reference + b'"/>', data)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def test_the_row_limit_counts_data_rows(settings):
    settings.ANALYTICS_IMPORT_MAX_ROWS = 3
    rows = [["RU-LIP", "A", year, 1] for year in range(2000, 2003)]

    assert read_table(xlsx_bytes([HEADER, *rows]), "three.xlsx").is_readable
    assert read_table(csv_bytes([HEADER, *rows]), "three.csv").is_readable
    four = [*rows, ["RU-LIP", "A", 2003, 1]]
    assert [p.code for p in read_table(xlsx_bytes([HEADER, *four]), "four.xlsx").problems] == [
        ProblemCode.TOO_MANY_ROWS
    ]
    assert [p.code for p in read_table(csv_bytes([HEADER, *four]), "four.csv").problems] == [ProblemCode.TOO_MANY_ROWS]


# --- CSV -------------------------------------------------------------------------------------


def test_a_csv_of_millions_of_blank_lines_stops_at_the_row_limit():
    # given 19 MB of line feeds: under the size limit, 19 million rows
    content = b"region,code,year,value\n" + b"\n" * (19 * MB)

    table, peak = _read_traced(content, "blank.csv")

    [problem] = table.problems
    assert problem.code == ProblemCode.TOO_MANY_ROWS
    # the decoded text (19 MB) is the only large allocation: no list of 19 million records
    assert peak < 2 * 19 * MB + 4 * MB


def test_a_csv_line_with_too_many_fields_is_refused_before_it_is_split():
    content = b"region,code,year,value\n" + b"a," * 1_000_000 + b"\n"

    table, peak = _read_traced(content, "wide.csv")

    [problem] = table.problems
    assert problem.code == ProblemCode.TOO_MANY_COLUMNS
    assert problem.row == 2
    assert peak < 20 * MB  # a million one-letter fields would take ~60 MB


@pytest.mark.parametrize("length", [10_001, 200_000])
def test_a_csv_cell_longer_than_the_limit_is_refused(length):
    content = csv_bytes([HEADER, ["RU-LIP", "x" * length, "2020", "1"]])

    table = read_table(content, "long.csv")

    assert [problem.code for problem in table.problems] == [ProblemCode.CELL_TOO_LONG]


def test_limits_come_from_the_settings(settings):
    settings.ANALYTICS_IMPORT_MAX_COLUMNS = 3
    settings.ANALYTICS_IMPORT_MAX_CELL_CHARS = 5

    limits = ImportLimits.from_settings()

    assert (limits.max_columns, limits.max_cell_chars) == (3, 5)
    assert [p.code for p in read_table(csv_bytes([HEADER]), "h.csv").problems] == [ProblemCode.TOO_MANY_COLUMNS]


def test_an_ordinary_workbook_passes_the_inspection():
    content = xlsx_bytes([HEADER, ["RU-LIP", "A", 2020, 1.5], ["Россия", "A", 2020, 10]])

    assert inspect_xlsx(content, ImportLimits()) is None
    assert read_table(content, "ok.xlsx").is_readable


def test_a_damaged_deflate_stream_is_an_unreadable_file_not_an_error():
    # given a valid workbook whose sheet's deflate stream starts with a reserved block type (zlib.error)
    content = bytearray(xlsx_bytes([HEADER, *[["RU-LIP", "A", year, year] for year in range(2000, 2400)]]))
    info = zipfile.ZipFile(io.BytesIO(bytes(content))).getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    content[start : start + 8] = b"\xff" * 8

    table = read_table(bytes(content), "damaged.xlsx")

    assert [problem.code for problem in table.problems] == [ProblemCode.UNREADABLE_FILE]
