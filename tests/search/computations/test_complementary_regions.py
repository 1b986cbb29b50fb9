"""Partner regions from the paper's Central Black Earth tables (Tables 2–5) — pure pandas, no database."""

import math

import pandas as pd
import pytest

from analytics.computations import cbe_2020_tables, default_concordance, default_cross_cutting
from search.computations import competent_items, complementary_regions, interest_items

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
