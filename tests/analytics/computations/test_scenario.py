"""Scenario model (Figure 1): the Lipetsk region reproduced from Tables 2-5."""

from __future__ import annotations

import json

import pytest

from analytics.computations.scenario import scenario_model

CROSS_CUTTING = ["Automation. Computer engineering", "Computer science", "Cybernetics"]

# The paper's Figure 1, as stated in shared/data/README.md (direction -> its S&T competences).
FIGURE_1 = {
    "global": {
        "01-24": {"Chemical technology. Chemical industry"},
        "72-83": {"Mechanical engineering", "Metallurgy", "Electrical engineering"},
    },
    "national": {
        "A": {"Chemical technology. Chemical industry"},
        "C": {
            "Mechanical engineering",
            "Metallurgy",
            "Chemical technology. Chemical industry",
            "Chemistry",
            "Electrical engineering",
        },
        "F": {
            "Construction. Architecture",
            "Chemical technology. Chemical industry",
            "Chemistry",
            "Energy",
        },
        "L": set(),
    },
    "macroregional": {
        "H": {"Transport", "Mechanical engineering", "Electrical engineering"},
        "I": set(),
        "J": {"General and complex problems of technical and applied sciences"},
        "K": set(),
        "L": set(),
    },
}


def lipetsk(cbe_tables, concordance, cross_cutting, **rule):
    return scenario_model(
        "Lipetsk",
        st=cbe_tables["st_specialisation"],
        concordance=concordance,
        cross_cutting=cross_cutting,
        export=cbe_tables["export_specialisation"],
        national=cbe_tables["national_localisation"],
        macroregional=cbe_tables["macroregional_localisation"],
        **rule,
    )


def as_sets(model: dict) -> dict:
    return {
        level: {d["code"]: {c["name"] for c in d["st_competences"]} for d in directions}
        for level, directions in model["levels"].items()
    }


def test_lipetsk_scenario_model_is_the_papers_figure_1(cbe_tables, concordance, cross_cutting):
    model = lipetsk(cbe_tables, concordance, cross_cutting).to_dict()
    assert model["region"] == "Lipetsk"
    assert list(model["levels"]) == ["global", "national", "macroregional"]
    assert as_sets(model) == FIGURE_1
    for directions in model["levels"].values():
        for direction in directions:
            assert [c["name"] for c in direction["cross_cutting"]] == CROSS_CUTTING


def test_lipetsk_values_names_and_order(cbe_tables, concordance, cross_cutting):
    model = lipetsk(cbe_tables, concordance, cross_cutting).to_dict()
    first = model["levels"]["global"][0]
    assert first["code"] == "01-24"
    assert first["name"] == "Food products and agricultural raw materials"
    assert first["value"] == 1.89
    assert first["st_competences"] == [
        {
            "code": "Chemical technology. Chemical industry",
            "name": "Chemical technology. Chemical industry",
            "value": 2.09,
        }
    ]
    assert [d["code"] for d in model["levels"]["national"]] == ["A", "C", "F", "L"]
    assert [d["code"] for d in model["levels"]["macroregional"]] == ["H", "I", "J", "K", "L"]
    assert model["levels"]["macroregional"][0]["value"] == 1.0  # transport at exactly 1.00
    # S&T competences follow the concordance's row order.
    manufacturing = model["levels"]["national"][1]
    assert [c["name"] for c in manufacturing["st_competences"]] == [
        "Mechanical engineering",
        "Metallurgy",
        "Chemical technology. Chemical industry",
        "Chemistry",
        "Electrical engineering",
    ]
    assert manufacturing["cross_cutting"][2] == {
        "code": "Cybernetics",
        "name": "Cybernetics",
        "value": 1.91,
    }


def test_scenario_dict_is_json_serialisable_with_plain_types(cbe_tables, concordance, cross_cutting):
    model = lipetsk(cbe_tables, concordance, cross_cutting).to_dict()
    assert json.loads(json.dumps(model, allow_nan=False)) == model
    value = model["levels"]["global"][1]["st_competences"][0]["value"]
    assert type(value) is float
    assert type(model["levels"]["global"][1]["code"]) is str


def test_strict_rule_drops_transport_at_exactly_one(cbe_tables, concordance, cross_cutting):
    strict = as_sets(lipetsk(cbe_tables, concordance, cross_cutting, strict=True).to_dict())
    assert "H" not in strict["macroregional"]
    assert strict["national"] == FIGURE_1["national"]


def test_higher_threshold_narrows_the_model(cbe_tables, concordance, cross_cutting):
    model = lipetsk(cbe_tables, concordance, cross_cutting, threshold=2.0)
    sets = as_sets(model.to_dict())
    # Food products 1.89 < 2 drops out; mechanical engineering 1.92 < 2 too.
    assert sets["global"] == {"72-83": {"Metallurgy", "Electrical engineering"}}
    assert set(sets["national"]) == {"A", "C"}
    assert sets["macroregional"] == {}
    assert model.cross_cutting.empty  # cybernetics 1.91, automation 1.47, computer science 1.14


def test_dataframes_match_the_dict(cbe_tables, concordance, cross_cutting):
    model = lipetsk(cbe_tables, concordance, cross_cutting)
    assert list(model.directions.columns) == ["level", "code", "name", "value"]
    assert len(model.directions) == 2 + 4 + 5
    assert list(model.st_competences.columns) == ["level", "code", "st_code", "st_name", "st_value"]
    assert len(model.st_competences) == 1 + 3 + 1 + 5 + 4 + 3 + 1
    assert model.cross_cutting["st_name"].tolist() == CROSS_CUTTING


def test_region_without_data_has_an_empty_model(cbe_tables, concordance, cross_cutting):
    model = scenario_model(
        "Moscow",
        st=cbe_tables["st_specialisation"],
        concordance=concordance,
        cross_cutting=cross_cutting,
        export=cbe_tables["export_specialisation"],
    ).to_dict()
    assert model == {"region": "Moscow", "levels": {"global": [], "national": [], "macroregional": []}}


def test_st_codes_from_a_classifier_are_used_and_matched(concordance, cross_cutting):
    from analytics.computations.tables import cbe_2020_tables

    tables = cbe_2020_tables(st_codes={"Metallurgy": "53", "Cybernetics": "28"})
    model = lipetsk(tables, concordance, cross_cutting).to_dict()
    metals = model["levels"]["global"][1]
    assert {"code": "53", "name": "Metallurgy", "value": 22.1} in metals["st_competences"]
    assert metals["cross_cutting"][2]["code"] == "28"
    assert as_sets(model) == FIGURE_1


def test_concordance_may_name_rubrics_by_code(cbe_tables, cross_cutting):
    import pandas as pd

    from analytics.computations.tables import cbe_2020_tables

    tables = cbe_2020_tables(st_codes={"Metallurgy": "53"})
    by_code = pd.DataFrame({"classifier": ["export"], "code": ["72-83"], "st_rubric": ["53"]})
    model = lipetsk(tables, by_code, cross_cutting).to_dict()
    assert as_sets(model)["global"] == {"01-24": set(), "72-83": {"Metallurgy"}}


@pytest.mark.parametrize("decimals", [None, 2])
def test_decimals_do_not_change_published_two_decimal_values(cbe_tables, concordance, cross_cutting, decimals):
    model = lipetsk(cbe_tables, concordance, cross_cutting, decimals=decimals).to_dict()
    assert as_sets(model) == FIGURE_1
