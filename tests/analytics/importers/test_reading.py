"""Reading uploaded bytes: encodings, delimiters, empty / oversized / unsupported files, XLSX formulas."""

import pytest

from analytics.importers import ProblemCode, read_table
from analytics.importers.reading import ROW
from tests.analytics.data_bank_factories import csv_bytes, xlsx_bytes

HEADER = ["region", "code", "year", "value"]


def codes(table):
    return [problem.code for problem in table.problems]


def test_utf8_csv_is_read_with_row_numbers_as_the_user_sees_them():
    # given a header, a blank line and two data rows
    content = b"region,code,year,value\n\nRU-LIP,A,2020,1.5\nRU-BEL,A,2020,2\n"

    # when
    table = read_table(content, "volumes.csv")

    # then the header is row 1 and the blank line still counts
    assert table.is_readable
    assert table.columns == HEADER
    assert table.rows[ROW].tolist() == [3, 4]
    assert table.rows["region"].tolist() == ["RU-LIP", "RU-BEL"]


def test_a_bom_is_accepted():
    table = read_table(b"\xef\xbb\xbf" + csv_bytes([HEADER, ["RU-LIP", "A", 2020, 1]]), "bom.csv")

    assert table.is_readable
    assert table.columns == HEADER


def test_semicolon_delimited_csv_as_excel_saves_it_in_russian():
    table = read_table(csv_bytes([HEADER, ["RU-LIP", "A", "2020", "1,5"]], delimiter=";"), "excel.csv")

    assert table.columns == HEADER
    assert table.rows["value"].tolist() == ["1,5"]


def test_windows_1251_is_a_wrong_encoding_with_its_position():
    content = csv_bytes(
        [HEADER, ["RU-LIP", "A", "2020", "1"], ["Липецкая область", "A", "2020", "1"]], encoding="cp1251"
    )

    table = read_table(content, "cyrillic.csv")

    [problem] = table.problems
    assert problem.code == ProblemCode.WRONG_ENCODING
    assert problem.row == 3
    assert "row 3, character 1" in problem.message
    assert "Windows-1251" in problem.message


def test_the_position_of_a_bad_byte_inside_a_line():
    content = "region,code,year,value\nRU-LIP,Ä".encode() + b",\xff\n"

    [problem] = read_table(content, "bad.csv").problems

    assert problem.code == ProblemCode.WRONG_ENCODING
    assert problem.row == 2
    assert "character 10" in problem.message


def test_utf16_is_a_wrong_encoding():
    content = "region,code,year,value\n".encode("utf-16")

    assert codes(read_table(content, "utf16.csv")) == [ProblemCode.WRONG_ENCODING]


@pytest.mark.parametrize("content", [b"", b"   \n\n", b"\xef\xbb\xbf", b"\n,,,\n"])
def test_empty_files(content):
    assert codes(read_table(content, "empty.csv")) == [ProblemCode.EMPTY_FILE]


def test_a_header_without_rows():
    assert codes(read_table(b"region,code,year,value\n", "header.csv")) == [ProblemCode.NO_ROWS]


def test_an_oversized_file_is_refused_before_parsing():
    table = read_table(b"x" * 101, "big.csv", max_bytes=100)

    assert codes(table) == [ProblemCode.OVERSIZED_FILE]


def test_the_size_limit_comes_from_the_settings(settings):
    settings.ANALYTICS_IMPORT_MAX_BYTES = 50

    table = read_table(csv_bytes([HEADER, ["RU-LIP", "A", 2020, 1], ["RU-BEL", "A", 2020, 1]]), "a.csv")

    assert codes(table) == [ProblemCode.OVERSIZED_FILE]
    assert "limit" in table.problems[0].message


def test_too_many_rows():
    table = read_table(
        csv_bytes([HEADER, *[["RU-LIP", "A", year, 1] for year in range(2000, 2005)]]), "a.csv", max_rows=3
    )

    assert codes(table) == [ProblemCode.TOO_MANY_ROWS]


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "old.xls"), (b"%PDF-1.4 ...", "report.pdf")],
)
def test_unsupported_formats(content, name):
    assert codes(read_table(content, name)) == [ProblemCode.UNSUPPORTED_FORMAT]


def test_a_corrupt_workbook_is_unreadable():
    assert codes(read_table(b"PK\x03\x04 not really a zip", "broken.xlsx")) == [ProblemCode.UNREADABLE_FILE]


def test_duplicate_header_columns():
    table = read_table(b"region,code,year,value,Value\nRU-LIP,A,2020,1,2\n", "a.csv")

    [problem] = table.problems
    assert (problem.code, problem.row, problem.column) == (ProblemCode.DUPLICATE_COLUMN, 1, "Value")


def test_xlsx_values_are_read_as_plain_text():
    content = xlsx_bytes([HEADER, ["RU-LIP", "A", 2020, 1.5], [None, None, None, None], ["RU-BEL", 2, 2021.0, 3]])

    table = read_table(content, "volumes.xlsx")

    assert table.is_readable and table.sheet == "Data"
    assert table.rows[ROW].tolist() == [2, 4]
    assert table.rows["year"].tolist() == ["2020", "2021"]
    assert table.rows["value"].tolist() == ["1.5", "3"]
    assert table.rows["code"].tolist() == ["A", "2"]
    assert table.letters == {"region": "A", "code": "B", "year": "C", "value": "D"}


def test_xlsx_formulas_are_refused_naming_each_cell():
    content = xlsx_bytes([HEADER, ["RU-LIP", "A", 2020, 1], ["RU-BEL", "A", 2020, "=D2*2"], ["RU-KRS", "A", "=C2", 3]])

    table = read_table(content, "formulas.xlsx")

    assert [(p.code, p.cell, p.row, p.column) for p in table.problems] == [
        (ProblemCode.FORMULA, "D3", 3, "value"),
        (ProblemCode.FORMULA, "C4", 4, "year"),
    ]
    assert "D3" in table.problems[0].message


def test_the_format_is_recognised_by_content_whatever_the_name():
    content = xlsx_bytes([HEADER, ["RU-LIP", "A", 2020, 1]])

    assert read_table(content, "misnamed.csv").format == "xlsx"
