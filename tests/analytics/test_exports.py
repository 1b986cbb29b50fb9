"""CSV and XLSX downloads write text as text: no cell of a download is a formula (OWASP CSV injection)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from analytics.exports import BOM, csv_lines, workbook_bytes

HOSTILE = ['=HYPERLINK("http://x")', "+1+2", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def _csv_rows(lines) -> list[list[str]]:
    text = "".join(lines)
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))


def test_csv_text_that_starts_like_a_formula_gets_a_leading_quote():
    rows = _csv_rows(csv_lines([["name", "value"], *[[text, 1] for text in HOSTILE]]))

    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://x")',
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
        "'\t=1+1",
        "'\r=1+1",
    ]


def test_csv_numbers_and_plain_text_are_unchanged():
    rows = _csv_rows(csv_lines([["name", "value"], ["Lipetsk Oblast", -1.5], ["a=b", 2], [None, 0]]))

    assert rows[1:] == [["Lipetsk Oblast", "-1.5"], ["a=b", "2"], ["", "0"]]


def test_xlsx_text_that_starts_like_a_formula_is_a_quoted_string_cell_in_sheets_and_about():
    content = workbook_bytes(
        [("table", [["name", "value"], *[[text, -1.5] for text in HOSTILE]])],
        about=[("Data set", '=HYPERLINK("http://x")'), ("Source", "@evil")],
    )

    workbook = load_workbook(io.BytesIO(content))
    sheet, about = workbook["table"], workbook["About"]
    names = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in names] == ["s"] * len(HOSTILE)
    assert [cell.value for cell in names[:5]] == [
        '\'=HYPERLINK("http://x")',
        "'+1+2",
        "'-2+3",
        "'@SUM(A1)",
        "'\t=1+1",
    ]
    # XML reads a carriage return back as a line feed; the quote is what matters.
    assert names[5].value in {"'\r=1+1", "'\n=1+1"}
    assert about["B1"].data_type == "s"
    assert about["B1"].value == '\'=HYPERLINK("http://x")'
    assert about["B2"].value == "'@evil"


@pytest.mark.parametrize("number", [-1.5, 0, 2, 1.89])
def test_xlsx_numbers_stay_numeric_cells(number):
    content = workbook_bytes([("table", [["=header", "value"], ["x", number], ["y", None]])], about=[])

    sheet = load_workbook(io.BytesIO(content))["table"]
    assert sheet["A1"].value == "'=header"
    assert sheet["B2"].data_type == "n"
    assert sheet["B2"].value == number
    assert sheet["B3"].value is None
