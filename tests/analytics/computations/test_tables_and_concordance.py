"""Coefficient tables (Tables 2-5) and the concordance / cross-cutting frames."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from analytics.computations.concordance import (
    ConcordanceError,
    concordance_problems,
    cross_cutting_problems,
    normalise_concordance,
    validate_concordance,
    validate_cross_cutting,
)
from analytics.computations.tables import (
    CBE_REGIONS,
    cbe_2020_tables,
    normalise_coefficient_table,
    read_coefficient_table,
)


def test_shipped_tables_have_the_papers_shape(cbe_tables):
    sizes = {indicator: len(table) for indicator, table in cbe_tables.items()}
    # Table 2: 4 groups; Table 3: 13 sections; Table 4: 10 sections; Table 5: 40 rubrics; x 5 regions.
    assert sizes == {
        "export_specialisation": 20,
        "national_localisation": 65,
        "macroregional_localisation": 50,
        "st_specialisation": 200,
    }
    for table in cbe_tables.values():
        assert set(table["region"]) == set(CBE_REGIONS)
        assert table["code"].notna().all()
    assert set(cbe_tables["st_specialisation"]["year"]) == {2021}
    assert set(cbe_tables["national_localisation"]["year"]) == {2020}


def test_table5_codes_are_filled_with_the_rubric_name(cbe_tables):
    st = cbe_tables["st_specialisation"]
    assert (st["code"] == st["name"]).all()
    metallurgy = st[(st["name"] == "Metallurgy") & (st["region"] == "Lipetsk")]
    assert metallurgy["value"].tolist() == [22.1]


def test_table5_codes_can_come_from_a_classifier():
    tables = cbe_2020_tables(st_codes={"Metallurgy": "53", "Cybernetics": "28"})
    st = tables["st_specialisation"]
    assert set(st.loc[st["name"] == "Metallurgy", "code"]) == {"53"}
    assert set(st.loc[st["name"] == "Physics", "code"]) == {"Physics"}
    # Codes of the other tables are untouched.
    assert set(tables["export_specialisation"]["code"]) == {"01-24", "28-40", "72-83", "84-90"}


def test_read_coefficient_table_normalises_text_and_types():
    text = (
        "indicator,code,name,region,year,value\n"
        "st_specialisation, , Physics ,Kursk,2021,1.01\n"
        "st_specialisation,,Mining,Kursk,2021,\n"
    )
    table = read_coefficient_table(io.StringIO(text))
    assert table["code"].tolist() == ["Physics", "Mining"]
    assert table["value"].iloc[0] == 1.01 and pd.isna(table["value"].iloc[1])
    assert table["year"].dtype == "int64"


def test_coefficient_table_rejects_duplicates_and_missing_columns(cbe_tables):
    table = cbe_tables["export_specialisation"]
    with pytest.raises(ValueError, match="share the same"):
        normalise_coefficient_table(pd.concat([table, table.head(1)]))
    with pytest.raises(ValueError, match="missing column"):
        normalise_coefficient_table(table.drop(columns="region"))


def test_default_concordance_links_known_directions_and_rubrics(cbe_tables, concordance, cross_cutting):
    rubrics = set(cbe_tables["st_specialisation"]["name"])
    directions = {
        "export": cbe_tables["export_specialisation"]["code"].unique(),
        "sector": list("ABCDEFGHIJKLMNOPQRS"),
    }
    assert concordance_problems(concordance, directions=directions, st_rubrics=rubrics).empty
    assert cross_cutting_problems(cross_cutting, st_rubrics=rubrics).empty
    assert list(concordance.columns) == ["classifier", "code", "st_rubric"]
    assert len(concordance) == 70
    assert cross_cutting["st_rubric"].tolist() == [
        "Automation. Computer engineering",
        "Computer science",
        "Cybernetics",
    ]


def test_concordance_problems_are_reported_per_row():
    edited = pd.DataFrame(
        {
            "classifier": ["export", "sector", "sector", "trade", "sector", " sector "],
            "code": ["01-24", "A", "", "A", "Z", "A"],
            "st_rubric": ["Food industry", "Chemistry", "Chemistry", "Chemistry", "Chemistry", "Chemistry"],
        }
    )
    problems = concordance_problems(
        edited, directions={"export": ["01-24"], "sector": ["A"]}, st_rubrics=["Food industry"]
    )
    found = {(row, column, problem) for row, column, _, problem in problems.itertuples(index=False)}
    assert (2, "code", "empty") in found
    assert (3, "classifier", "unknown classifier (expected one of ['export', 'sector'])") in found
    assert (4, "code", "unknown direction code for this classifier") in found
    assert (5, "st_rubric", "duplicate row") in found  # same as row 1 once stripped
    assert (1, "st_rubric", "unknown S&T rubric") in found
    assert 0 not in {row for row, *_ in found}
    with pytest.raises(ConcordanceError) as error:
        validate_concordance(edited)
    assert "row 2" in str(error.value)
    assert not error.value.problems.empty


def test_missing_columns_are_problems_not_crashes():
    problems = concordance_problems(pd.DataFrame({"code": ["A"]}))
    assert set(problems["column"]) == {"classifier", "st_rubric"}
    assert set(cross_cutting_problems(pd.DataFrame({"x": [1]}))["problem"]) == {"missing column"}


def test_normalise_concordance_cleans_for_computation():
    messy = pd.DataFrame(
        {
            "classifier": ["Sector", "sector", None],
            "code": [" A", "A", "B"],
            "st_rubric": ["Chemistry ", "Chemistry", "Mining"],
        }
    )
    assert normalise_concordance(messy).to_dict("records") == [
        {"classifier": "sector", "code": "A", "st_rubric": "Chemistry"}
    ]


def test_validate_cross_cutting():
    with pytest.raises(ConcordanceError, match="duplicate"):
        validate_cross_cutting(pd.DataFrame({"st_rubric": ["Cybernetics", "Cybernetics"]}))
    assert validate_cross_cutting(pd.DataFrame({"st_rubric": [" Cybernetics"]}))["st_rubric"].tolist() == [
        "Cybernetics"
    ]
