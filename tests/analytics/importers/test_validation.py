"""Row validation of observations and coefficients: every error kind, as data, and the real shared tables."""

import pandas as pd
import pytest

from analytics.importers import COUNTRY, ProblemCode, describe_problem, parse_import, parse_numbers, problems_frame
from tests.analytics.data_bank_factories import csv_bytes, xlsx_bytes

from .conftest import CBE_2020, SHARED_DATA

HEADER = ["region", "code", "year", "value", "unit"]
TABLES = [
    ("table2_export_specialisation.csv", "feacn_groups", 20),
    ("table3_national_localisation.csv", "nace2", 65),
    ("table4_macroregional_localisation.csv", "nace2", 50),
    ("table5_st_specialisation.csv", "grnti", 200),
]


def observations(rows, context, classifier="nace2", **kwargs):
    return parse_import(csv_bytes([HEADER, *rows]), "volumes.csv", kind="observations", context=context(classifier))


def found(parsed):
    return [(p.row, p.column, p.code) for p in parsed.problems]


@pytest.mark.parametrize(("file_name", "classifier", "count"), TABLES)
def test_the_shared_tables_import_as_they_are(context, file_name, classifier, count):
    # given the paper's tables, byte for byte as shared (schema indicator, code, name, region, year, value)
    content = (SHARED_DATA / "cbe_2020" / file_name).read_bytes()
    assert content == (CBE_2020 / file_name).read_bytes()

    # when
    parsed = parse_import(content, file_name, kind="coefficients", context=context(classifier))

    # then every row is good and every region is a CBE region
    assert parsed.problems == []
    assert parsed.row_count == len(parsed.rows) == count
    assert set(parsed.rows["region"]) == {"RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"}


def test_table5_rubrics_are_matched_by_name_when_the_code_is_empty(context):
    content = (CBE_2020 / "table5_st_specialisation.csv").read_bytes()

    rows = parse_import(content, "t5.csv", kind="coefficients", context=context("grnti")).rows

    lipetsk = rows[rows["region"] == "RU-LIP"].set_index("code")
    assert lipetsk.loc["50", "value"] == 1.47  # Automation. Computer engineering → GRNTI 50
    assert set(rows["indicator"]) == {"st_specialisation"}


def test_good_observations_with_a_country_total_and_comma_decimals(context):
    parsed = observations(
        [
            ["RU-LIP", "A", "2020", "1 234,5", "million RUB"],
            ["Российская Федерация", "A", "2020", "99999", "million RUB"],
            ["  lipetsk oblast ", "C", "2020", "0", ""],
        ],
        context,
    )

    assert parsed.is_valid
    assert parsed.rows[["region", "code", "year", "value", "unit"]].to_numpy().tolist() == [
        ["RU-LIP", "A", 2020, 1234.5, "million RUB"],
        [COUNTRY, "A", 2020, 99999.0, "million RUB"],
        ["RU-LIP", "C", 2020, 0.0, ""],
    ]


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("RU-LIP", "RU-LIP"),
        ("ru-lip", "RU-LIP"),
        ("ЛИПЕЦКАЯ ОБЛАСТЬ", "RU-LIP"),
        ("Lipetsk Oblast", "RU-LIP"),
        ("Lipetsk", "RU-LIP"),
        ("г.Москва", "RU-MOW"),
        ("г. Москва", "RU-MOW"),
        ("Moscow", "RU-MOW"),
        ("Moscow Oblast", "RU-MOS"),
        ("Кемеровская область-Кузбасс", "RU-KEM"),
        ("в т.ч. Ненецкий автономный округ", "RU-NEN"),
        ("Tatarstan", "RU-TA"),
        ("Орёл", None),
        ("Altai", None),  # krai or republic: ambiguous, so unknown
    ],
)
def test_regions_by_code_and_every_name(regions, written, iso):
    assert regions.resolve(written) == iso


def test_every_row_error_kind_with_row_and_column(context):
    parsed = observations(
        [
            ["Atlantis", "A", "2020", "1", ""],  # row 2: unknown region
            ["RU-LIP", "ZZ", "2020", "1", ""],  # row 3: unknown code
            ["RU-LIP", "B", "2020", "abc", ""],  # row 4: non-numeric
            ["RU-LIP", "C", "2020", "-1", ""],  # row 5: negative
            ["RU-LIP", "D", "20x0", "1", ""],  # row 6: not a year
            ["RU-LIP", "E", "1850", "1", ""],  # row 7: year out of range
            ["RU-LIP", "F", "2030", "1", ""],  # row 8: year out of range (future)
            ["RU-LIP", "G", "2020", "", ""],  # row 9: empty value
            ["RU-LIP", "H", "2020", "1", "x" * 41],  # row 10: unit too long
            ["RU-LIP", "I", "2020", "1", ""],  # row 11: good
            ["Lipetsk Oblast", "i", "2020", "2", ""],  # row 12: duplicate of row 11
            ["", "J", "2020.5", "1", ""],  # row 13: empty region, not a year
        ],
        context,
    )

    assert found(parsed) == [
        (2, "region", ProblemCode.UNKNOWN_REGION),
        (3, "code", ProblemCode.UNKNOWN_CODE),
        (4, "value", ProblemCode.NON_NUMERIC),
        (5, "value", ProblemCode.NEGATIVE),
        (6, "year", ProblemCode.BAD_YEAR),
        (7, "year", ProblemCode.YEAR_OUT_OF_RANGE),
        (8, "year", ProblemCode.YEAR_OUT_OF_RANGE),
        (9, "value", ProblemCode.EMPTY_VALUE),
        (10, "unit", ProblemCode.TOO_LONG),
        (12, "region, code, year", ProblemCode.DUPLICATE_KEY),
        (13, "region", ProblemCode.EMPTY_VALUE),
        (13, "year", ProblemCode.BAD_YEAR),
    ]
    assert "row 11" in parsed.problems[9].message
    assert parsed.rows["row"].tolist() == [11]  # only the good row is kept
    assert parsed.row_count == 12


def test_problems_read_as_the_command_prints_them(context):
    parsed = observations([["RU-LIP", "A", "2020", "abc", ""]], context)

    assert describe_problem(parsed.problems[0]) == "row 2, column value: \u201cabc\u201d is not a number."
    assert problems_frame(parsed.problems)[["row", "column", "code"]].to_numpy().tolist() == [
        [2, "value", "non_numeric"]
    ]


def test_missing_columns_are_reported_once_for_the_file(context):
    content = csv_bytes([["region", "year", "amount"], ["RU-LIP", "2020", "1"]])

    parsed = parse_import(content, "a.csv", kind="observations", context=context("nace2"))

    assert [(p.code, p.column, p.row) for p in parsed.problems] == [
        (ProblemCode.MISSING_COLUMN, "code", 1),
        (ProblemCode.MISSING_COLUMN, "value", 1),
    ]
    assert "region, code, year, value" in parsed.problems[0].message


def test_russian_and_differently_cased_headers(context):
    content = csv_bytes([["Регион", "КОД", "Год", "Значение"], ["Липецкая область", "A", "2020", "1"]])

    parsed = parse_import(content, "ru.csv", kind="observations", context=context("nace2"))

    assert parsed.is_valid
    assert parsed.headers["region"] == "Регион"


def test_grnti_codes_by_english_or_russian_name_and_lost_leading_zeros(context):
    parsed = observations(
        [
            ["RU-LIP", "Computer science", "2021", "1", ""],
            ["RU-LIP", "Информатика", "2022", "1", ""],
            ["RU-LIP", "2", "2021", "1", ""],  # "02" after a spreadsheet dropped the zero
        ],
        context,
        classifier="grnti",
    )

    assert parsed.is_valid
    assert parsed.rows["code"].tolist() == ["20", "20", "02"]


def test_coefficients_need_a_known_indicator_and_a_region(context):
    content = csv_bytes(
        [
            ["indicator", "code", "name", "region", "year", "value"],
            ["national_localisation", "A", "", "RU-LIP", "2020", "1,2"],
            ["National localisation factor", "B", "", "RU-LIP", "2020", "0.5"],  # label accepted
            ["lq", "C", "", "RU-LIP", "2020", "1"],
            ["national_localisation", "", "Mining", "Russia", "2020", "1"],
            ["national_localisation", "", "", "RU-LIP", "2020", "1"],
            ["national_localisation", "", "No such section", "RU-LIP", "2020", "1"],
        ]
    )

    parsed = parse_import(content, "c.csv", kind="coefficients", context=context("nace2"))

    assert found(parsed) == [
        (4, "indicator", ProblemCode.UNKNOWN_INDICATOR),
        (5, "region", ProblemCode.COUNTRY_NOT_ALLOWED),
        (6, "code", ProblemCode.EMPTY_VALUE),
        (7, "name", ProblemCode.UNKNOWN_CODE),
    ]
    assert parsed.rows[["code", "indicator", "value"]].to_numpy().tolist() == [
        ["A", "national_localisation", 1.2],
        ["B", "national_localisation", 0.5],
    ]


def test_the_same_key_under_two_indicators_is_not_a_duplicate(context):
    content = csv_bytes(
        [
            ["indicator", "code", "region", "year", "value"],
            ["national_localisation", "A", "RU-LIP", "2020", "1"],
            ["macroregional_localisation", "A", "RU-LIP", "2020", "1"],
            ["national_localisation", "A", "Lipetsk", "2020", "2"],
        ]
    )

    parsed = parse_import(content, "c.csv", kind="coefficients", context=context("nace2"))

    assert found(parsed) == [(4, "indicator, code, region, year", ProblemCode.DUPLICATE_KEY)]


def test_xlsx_row_problems_name_the_cell(context):
    content = xlsx_bytes([["region", "code", "year", "value"], ["RU-LIP", "A", 2020, 1], ["RU-LIP", "B", 2020, -2]])

    parsed = parse_import(content, "v.xlsx", kind="observations", context=context("nace2"))

    [problem] = parsed.problems
    assert (problem.code, problem.row, problem.column, problem.cell) == (ProblemCode.NEGATIVE, 3, "value", "D3")


def test_file_problems_stop_row_validation(context):
    parsed = parse_import(b"", "a.csv", kind="observations", context=context("nace2"))

    assert [p.code for p in parsed.problems] == [ProblemCode.EMPTY_FILE]
    assert parsed.rows.empty


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.5", 1.5),
        ("1,5", 1.5),
        ("1 234,5", 1234.5),
        ("1\u00a0234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("\u22122", -2.0),
        ("1e3", 1000.0),
        ("0", 0.0),
    ],
)
def test_numbers(text, number):
    assert parse_numbers(pd.Series([text])).iloc[0] == number


@pytest.mark.parametrize("text", ["abc", "", "inf", "nan", "1,2,3", "12%"])
def test_not_numbers(text):
    assert pd.isna(parse_numbers(pd.Series([text])).iloc[0])
