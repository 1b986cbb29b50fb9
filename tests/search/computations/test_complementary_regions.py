"""Partner regions from the paper's Central Black Earth tables (Tables 2–5) — pure pandas, no database."""

import math

import pandas as pd
import pytest

from analytics.computations import cbe_2020_tables, default_concordance, default_cross_cutting
from search.computations import competent_items, complementary_regions, diagnose, interest_items, similar_regions

KIND = {
    "export_specialisation": "export",
    "national_localisation": "sector",
    "macroregional_localisation": "sector",
    "st_specialisation": "science",
}


@pytest.fixture(scope="module")
def paper():
    """The paper's coefficients with integer item ids, the default concordance and cross-cutting rubrics."""
    frame = pd.concat(cbe_2020_tables().values(), ignore_index=True)
    frame["key"] = frame["indicator"].map(KIND) + ":" + frame["code"].astype(str)
    ids = {key: number for number, key in enumerate(sorted(frame["key"].unique()))}
    frame["item"] = frame["key"].map(ids)
    concordance = default_concordance()
    links = pd.DataFrame(
        {
            "direction": [
                ids[f"{kind}:{code}"] for kind, code in zip(concordance["classifier"], concordance["code"], strict=True)
            ],
            "rubric": [ids[f"science:{rubric}"] for rubric in concordance["st_rubric"]],
        }
    )
    cross = [ids[f"science:{rubric}"] for rubric in default_cross_cutting()["st_rubric"]]
    names = {number: key.split(":", 1)[1] for key, number in ids.items()}
    return frame[["region", "item", "indicator", "value"]], links, cross, ids, names


def reasons_of(result, names, region):
    rows = result.reasons[result.reasons["region"] == region]
    return [(names[item], value) for item, value in zip(rows["item"], rows["value"], strict=True)]


def test_a_lipetsk_food_exporter_finds_what_backs_its_direction_elsewhere(paper):
    coefficients, links, cross, ids, names = paper
    own = competent_items(coefficients, ["Lipetsk"], threshold=1.0)
    interest, basis = interest_items([ids["export:01-24"]], concordance=links, cross_cutting=cross, own_competences=own)

    result = complementary_regions(coefficients, own_regions=["Lipetsk"], interest=interest, threshold=1.0)

    # Lipetsk exports food (1.89) and holds chemical technology (2.09) and the three cross-cutting rubrics,
    # but lacks food industry (0.36), agriculture (0.52) and biotechnology (0) -- Table 5.
    assert basis == "subject"
    assert list(result.regions["region"]) == ["Voronezh", "Kursk", "Belgorod", "Tambov"]
    assert list(result.regions["items"]) == [3, 2, 1, 1]
    assert reasons_of(result, names, "Voronezh") == [
        ("Food industry", 5.86),
        ("Biotechnology", 2.69),
        ("Agriculture and forestry", 1.93),
    ]
    assert reasons_of(result, names, "Kursk") == [("Agriculture and forestry", 1.57), ("Food industry", 1.2)]
    assert reasons_of(result, names, "Belgorod") == [("Agriculture and forestry", 1.77)]
    assert reasons_of(result, names, "Tambov") == [("Biotechnology", 1.54)]


def test_a_region_without_data_lacks_everything_so_the_direction_itself_is_suggested(paper):
    coefficients, links, cross, ids, names = paper
    interest, _ = interest_items([ids["export:01-24"]], concordance=links, cross_cutting=cross)

    result = complementary_regions(
        coefficients, own_regions=["Moscow"], interest=interest, threshold=1.0, reasons_per_region=2
    )

    # the example: "Voronezh: biotechnology 2.69, food products export 5.36"
    voronezh = dict(reasons_of(result, names, "Voronezh"))
    assert voronezh == {"Food industry": 5.86, "01-24": 5.36}  # 01-24: food products and agricultural raw materials
    full = complementary_regions(coefficients, own_regions=["Moscow"], interest=interest, threshold=1.0)
    assert dict(reasons_of(full, names, "Voronezh"))["Biotechnology"] == 2.69
    assert list(full.regions["region"])[:1] == ["Voronezh"]


def test_without_own_items_the_regions_directions_stand_in(paper):
    coefficients, links, cross, ids, names = paper
    own = competent_items(coefficients, ["Lipetsk"], threshold=1.0)

    interest, basis = interest_items([], concordance=links, cross_cutting=cross, own_competences=own)
    result = complementary_regions(coefficients, own_regions=["Lipetsk"], interest=interest, threshold=1.0)

    assert basis == "region"
    assert ids["export:72-83"] in interest and ids["sector:C"] in interest  # Figure 1's directions
    # only what backs Lipetsk's directions can be missing: every reason is an S&T rubric
    assert set(result.reasons["indicator"]) == {"st_specialisation"}
    assert interest_items([], concordance=links, own_competences=[]) == (None, "all")


def test_a_coefficient_of_exactly_the_threshold_is_a_competence_and_nan_never(paper):
    coefficients = pd.DataFrame(
        {
            "region": ["A", "B", "C", "D"],
            "item": [1, 1, 1, 1],
            "indicator": ["st_specialisation"] * 4,
            "value": [0.5, 1.0, math.nan, 0.99],
        }
    )
    result = complementary_regions(coefficients, own_regions=["A"], interest=None, threshold=1.0)
    assert list(result.regions["region"]) == ["B"]
    nothing = complementary_regions(coefficients, own_regions=["B"], interest=None, threshold=1.0)
    assert nothing.regions.empty and nothing.reasons.empty


# --- Similar regions (strong where the own region is strong), levels, ties, and why a list is empty.
# A Lipetsk agro company (OKVED2 section A). Its interest: A, the rubrics behind A in the concordance
# (Agriculture and forestry, Chemical technology, Biotechnology, Food industry, Forestry and woodworking,
# Water industry) and the cross-cutting ones (Automation, Computer science, Cybernetics).
# Lipetsk holds (Table 3, Table 5): A 2.77, Chemical technology 2.09, Automation 1.47, Computer science 1.14,
# Cybernetics 1.91; it lacks Agriculture and forestry 0.52, Biotechnology 0, Food industry 0.36, Forestry 0,
# Water industry 0.
AGRO_HELD = ["sector:A", "Chemical technology. Chemical industry", "Automation. Computer engineering"]


def agro_interest(paper):
    coefficients, links, cross, ids, names = paper
    interest, _ = interest_items([ids["sector:A"]], concordance=links, cross_cutting=cross)
    return interest


def test_similar_regions_of_a_lipetsk_agro_company(paper):
    coefficients, links, cross, ids, names = paper

    result = similar_regions(coefficients, own_regions=["Lipetsk"], interest=agro_interest(paper), threshold=1.0)

    # Other regions' values ≥ 1 in Lipetsk's five held items (A, Chem. tech., Automation, Comp. sci., Cybernetics):
    # Tambov 6.87, 11.16, 3.80, 5.71, 1.98 -> 5 items, 29.52; Voronezh 3.18, 1.21, 1.34, 1.74, 2.09 -> 5, 9.56;
    # Belgorod 3.62, 5.48, 1.16, (0.83), 1.95 -> 4, 12.21; Kursk 4.12, (0.64), 2.18, 1.60, 1.51 -> 4, 9.41.
    assert list(result.regions["region"]) == ["Tambov", "Voronezh", "Belgorod", "Kursk"]
    assert list(result.regions["items"]) == [5, 5, 4, 4]
    assert list(result.regions["strength"].round(2)) == [29.52, 9.56, 12.21, 9.41]
    tambov = result.reasons[result.reasons["region"] == "Tambov"]
    assert [
        (names[item], value, own)
        for item, value, own in zip(tambov["item"], tambov["value"], tambov["own_value"], strict=True)
    ] == [
        ("Chemical technology. Chemical industry", 11.16, 2.09),
        ("A", 6.87, 2.77),
        ("Computer science", 5.71, 1.14),
        ("Automation. Computer engineering", 3.80, 1.47),
        ("Cybernetics", 1.98, 1.91),
    ]


def test_a_level_that_could_rise_goes_first_among_equals(paper):
    coefficients, *_ = paper
    interest = agro_interest(paper)

    # Voronezh at level 2 (expert) passes Tambov (both 5 items); Belgorod at 4 (the top) cannot rise, Kursk at 1 can.
    result = similar_regions(
        coefficients,
        own_regions=["Lipetsk"],
        interest=interest,
        threshold=1.0,
        levels={"Voronezh": 2, "Belgorod": 4, "Kursk": 1},
    )

    assert list(result.regions["region"]) == ["Voronezh", "Tambov", "Kursk", "Belgorod"]
    assert list(result.regions["level"]) == [2, 0, 1, 4]


def test_ties_go_by_region_code():
    coefficients = pd.DataFrame(
        {
            "region": ["own", "B", "A", "C"],
            "item": [1, 1, 1, 1],
            "indicator": ["st_specialisation"] * 4,
            "value": [2.0, 1.5, 1.5, 1.5],
        }
    )
    result = similar_regions(coefficients, own_regions=["own"], interest=None, threshold=1.0)
    assert list(result.regions["region"]) == ["A", "B", "C"]
    rising = similar_regions(coefficients, own_regions=["own"], interest=None, threshold=1.0, levels={"C": 3})
    assert list(rising.regions["region"]) == ["C", "A", "B"]


def test_why_empty_for_a_lipetsk_agro_company_and_a_region_without_data(paper):
    coefficients, links, cross, ids, names = paper
    interest = agro_interest(paper)

    lipetsk = diagnose(coefficients, own_regions=["Lipetsk"], interest=interest, threshold=1.0)
    orel = diagnose(coefficients, own_regions=["Orel"], interest=interest, threshold=1.0)

    assert lipetsk.covered
    assert {names[item] for item in lipetsk.held} == {
        "A",
        "Chemical technology. Chemical industry",
        "Automation. Computer engineering",
        "Computer science",
        "Cybernetics",
    }
    assert {names[item] for item in lipetsk.lacked} == {
        "Agriculture and forestry",
        "Biotechnology",
        "Food industry",
        "Forestry and woodworking industry",
        "Water industry",
    }
    # Orel is in none of the paper's tables: nothing is held, so no region is similar; everything is lacked.
    assert not orel.covered and orel.held == set() and orel.lacked == set(interest)
    assert similar_regions(coefficients, own_regions=["Orel"], interest=interest, threshold=1.0).regions.empty
