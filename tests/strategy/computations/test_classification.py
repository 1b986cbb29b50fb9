"""Declared priorities classified against the paper's Tables 2–5 (no database).

The coefficients are the shipped tables (``analytics/data/cbe_2020``), read with the engine's own
reader; the expected statuses are read off the tables by eye (values quoted in each comment).
"""

import math

import pandas as pd
import pytest

from analytics.computations import cbe_2020_tables
from strategy.computations import (
    RELATED,
    REVEALED,
    UNSUPPORTED,
    classify_priorities,
    declared_without_advantage,
    rank_directions,
    undeclared_strengths,
)

CLASSIFIER = {
    "export_specialisation": "feacn_groups",
    "national_localisation": "nace2",
    "macroregional_localisation": "nace2",
    "st_specialisation": "grnti",
}


@pytest.fixture(scope="module")
def coefficients() -> pd.DataFrame:
    frames = []
    for indicator, table in cbe_2020_tables().items():
        frames.append(table.assign(dataset="cbe", classifier=CLASSIFIER[indicator]))
    frame = pd.concat(frames, ignore_index=True)
    return frame[["dataset", "indicator", "classifier", "region", "code", "year", "value"]]


def priorities(*rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["region", "kind", "classifier", "code"])


NO_DENSITY = pd.DataFrame(columns=["dataset", "indicator", "region", "code", "year", "density"])


def test_a_coefficient_at_or_above_1_at_some_level_reveals_the_priority(coefficients):
    declared = priorities(
        ("Lipetsk", "sector", "nace2", "C"),  # Table 3: national 2.29 -> revealed
        ("Lipetsk", "sector", "nace2", "H"),  # Table 4: macro-regional exactly 1.00 (no Table 3 row) -> tie, revealed
        ("Lipetsk", "sector", "nace2", "G"),  # Table 3: 0.64, Table 4: 0.69 -> neither reaches 1
        ("Lipetsk", "export", "feacn_groups", "72-83"),  # Table 2: 7.53 -> revealed
        ("Lipetsk", "export", "feacn_groups", "28-40"),  # Table 2: 0.11
        ("Lipetsk", "science", "grnti", "Metallurgy"),  # Table 5 (no codes, the name is the key): 22.1
        ("Lipetsk", "science", "grnti", "Mechanics"),  # Table 5: 0.91
    )

    result = classify_priorities(declared, coefficients, NO_DENSITY)

    assert list(result["status"]) == [REVEALED, REVEALED, UNSUPPORTED, REVEALED, UNSUPPORTED, REVEALED, UNSUPPORTED]
    assert result.loc[0, "best_value"] == pytest.approx(2.29)
    assert result.loc[0, "best_indicator"] == "national_localisation"
    assert result.loc[1, "best_value"] == pytest.approx(1.00)
    assert result.loc[1, "best_indicator"] == "macroregional_localisation"
    # G: the better of 0.64 (national) and 0.69 (macro-regional) is shown
    assert result.loc[2, "best_value"] == pytest.approx(0.69)
    assert result.loc[2, "best_indicator"] == "macroregional_localisation"
    assert result.loc[6, "best_year"] == 2021  # the S&T table is of 2021


def test_the_threshold_is_inclusive_and_a_stricter_one_excludes_the_tie(coefficients):
    declared = priorities(("Lipetsk", "sector", "nace2", "H"), ("Lipetsk", "sector", "nace2", "L"))
    # H: Table 4 1.00; L: Table 3 1.05, Table 4 1.16 -> best 1.16

    at_one = classify_priorities(declared, coefficients, NO_DENSITY, threshold=1.0)
    at_1_1 = classify_priorities(declared, coefficients, NO_DENSITY, threshold=1.1)

    assert list(at_one["status"]) == [REVEALED, REVEALED]
    assert list(at_1_1["status"]) == [UNSUPPORTED, REVEALED]
    assert at_one.loc[1, "best_value"] == pytest.approx(1.16)


def density_rows(region: str, values: dict[str, float], *, indicator="national_localisation", year=2020):
    return pd.DataFrame(
        [
            {"dataset": "cbe", "indicator": indicator, "region": region, "code": code, "year": year, "density": value}
            for code, value in values.items()
        ]
    )


def test_density_at_or_above_the_regions_median_makes_a_priority_related(coefficients):
    # Lipetsk's densities (made up, one document): 0.2, 0.3, 0.3, 0.4, 0.5 -> median 0.3
    density = density_rows("Lipetsk", {"B": 0.2, "Q": 0.3, "S": 0.3, "G": 0.4, "A": 0.5})
    declared = priorities(
        ("Lipetsk", "sector", "nace2", "G"),  # 0.64/0.69, density 0.4 > 0.3 -> related
        ("Lipetsk", "sector", "nace2", "Q"),  # 0.81/0.88, density 0.3 = median -> related (tie)
        ("Lipetsk", "sector", "nace2", "B"),  # 0.04/0.08, density 0.2 < 0.3 -> unsupported
        ("Lipetsk", "sector", "nace2", "A"),  # national 2.77 -> revealed whatever the density
    )

    result = classify_priorities(declared, coefficients, density)

    assert list(result["status"]) == [RELATED, RELATED, UNSUPPORTED, REVEALED]
    assert list(result["density_median"]) == pytest.approx([0.3, 0.3, 0.3, 0.3])
    assert list(result["density"]) == pytest.approx([0.4, 0.3, 0.2, 0.5])


def test_the_median_of_an_even_number_of_items_is_the_mean_of_the_middle_two(coefficients):
    # 0.1, 0.2, 0.4, 0.5 -> median (0.2 + 0.4) / 2 = 0.3; another region's densities do not count
    density = pd.concat(
        [
            density_rows("Lipetsk", {"B": 0.1, "G": 0.2, "Q": 0.4, "S": 0.5}),
            density_rows("Kursk", {"B": 0.9, "G": 0.9, "Q": 0.9, "S": 0.9}),
        ]
    )
    declared = priorities(("Lipetsk", "sector", "nace2", "G"), ("Lipetsk", "sector", "nace2", "Q"))

    result = classify_priorities(declared, coefficients, density)

    assert list(result["status"]) == [UNSUPPORTED, RELATED]
    assert result.loc[0, "density_median"] == pytest.approx(0.3)


def test_only_the_latest_year_of_a_document_counts(coefficients):
    density = pd.concat(
        [density_rows("Lipetsk", {"G": 0.9, "B": 0.1}, year=2019), density_rows("Lipetsk", {"G": 0.1, "B": 0.9})]
    )
    result = classify_priorities(priorities(("Lipetsk", "sector", "nace2", "G")), coefficients, density)

    # 2020: G 0.1, B 0.9 -> median 0.5 > 0.1
    assert result.loc[0, "status"] == UNSUPPORTED
    assert result.loc[0, "density_year"] == 2020


def test_a_region_or_item_without_data_is_unsupported_with_empty_numbers(coefficients):
    result = classify_priorities(priorities(("Moscow", "sector", "nace2", "C")), coefficients, NO_DENSITY)

    assert result.loc[0, "status"] == UNSUPPORTED
    assert math.isnan(result.loc[0, "best_value"])
    assert math.isnan(result.loc[0, "density"])


def test_the_country_view_lists_weak_priorities_of_many_regions_and_undeclared_strengths(coefficients):
    declared = priorities(
        ("Lipetsk", "sector", "nace2", "G"),  # Lipetsk G 0.64/0.69: not revealed
        ("Tambov", "sector", "nace2", "G"),  # Tambov G: Table 3 0.92 -> not revealed
        ("Kursk", "sector", "nace2", "D"),  # Kursk D: Table 3 2.26 -> revealed
        ("Voronezh", "sector", "nace2", "D"),  # Voronezh D: 0.86 -> not revealed, alone
    )
    classified = classify_priorities(declared, coefficients, NO_DENSITY)

    weak = declared_without_advantage(classified)
    strengths = undeclared_strengths(coefficients, declared[["classifier", "code"]], strong=7.0)

    assert weak[["classifier", "code", "region_count"]].to_numpy().tolist() == [["nace2", "G", 2]]
    assert weak.iloc[0]["regions"] == ["Lipetsk", "Tambov"]
    # >= 7: Lipetsk 72-83 7.53 (Table 2), Lipetsk Metallurgy 22.1 (Table 5), and the others of the tables
    codes = set(zip(strengths["code"], strengths["indicator"], strict=True))
    assert ("72-83", "export_specialisation") in codes
    assert ("Metallurgy", "st_specialisation") in codes
    assert not any(code in {"G", "D"} for code, _indicator in codes)


def test_directions_are_ranked_by_mean_then_count_and_adopted_from_3():
    items = pd.DataFrame(
        [
            {"key": 1, "item": 10, "sort_order": 0, "value": 1.89},
            {"key": 2, "item": 11, "sort_order": 1, "value": 7.53},
            {"key": 3, "item": 12, "sort_order": 2, "value": 2.29},
            {"key": 4, "item": 12, "sort_order": 3, "value": 1.16},  # the same item at another level
            {"key": 5, "item": 13, "sort_order": 4, "value": 1.00},
            {"key": 6, "item": 14, "sort_order": 5, "value": 1.10},  # nobody rated it
        ]
    )
    ratings = pd.DataFrame(
        [(1, 4), (1, 4), (2, 5), (2, 3), (3, 5), (4, 5), (4, 4), (5, 2), (5, 3)], columns=["key", "score"]
    )
    # means: 1 -> 4.0 (2 ratings), 2 -> 4.0 (2), 3 -> 5.0 (1), 4 -> 4.5 (2), 5 -> 2.5, 6 -> none
    # order: 3 (5.0), 4 (4.5, same item as 3: not adopted twice), 2 (4.0, 2 ratings, 7.53), 1 (4.0, 2, 1.89), 5, 6

    ranked = rank_directions(items, ratings)

    assert list(ranked["key"]) == [3, 4, 2, 1, 5, 6]
    assert list(ranked["adopted"]) == [True, False, True, True, False, False]
    assert list(ranked["rank"]) == [1, 0, 2, 3, 0, 0]
    assert list(ranked["count"]) == [1, 2, 2, 2, 2, 0]


def test_a_sections_density_may_come_from_the_macroregional_family_too(coefficients):
    # Lipetsk G (0.64/0.69): national densities G 0.1, B 0.9 (median 0.5: below); macro-regional G 0.6, B 0.2
    # (median 0.4: above) -> related, shown with the macro-regional document (0.6 - 0.4 > 0.1 - 0.5)
    density = pd.concat(
        [
            density_rows("Lipetsk", {"G": 0.1, "B": 0.9}),
            density_rows("Lipetsk", {"G": 0.6, "B": 0.2}, indicator="macroregional_localisation"),
        ]
    )
    result = classify_priorities(priorities(("Lipetsk", "sector", "nace2", "G")), coefficients, density)

    assert result.loc[0, "status"] == RELATED
    assert result.loc[0, "density"] == pytest.approx(0.6)
    assert result.loc[0, "density_median"] == pytest.approx(0.4)
