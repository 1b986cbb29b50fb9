"""Location quotients (Table 1): hand-computed values, reference frames, edge cases."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.computations.location_quotients import (
    export_specialisation_ratio,
    location_quotients,
    macroregional_localisation_factor,
    national_localisation_factor,
    st_specialisation_ratio,
)

DATA = Path(__file__).resolve().parent / "data"


def frame(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["region", "item", "year", "value"])


# Volumes, year 2020.  Region totals: A 40, B 50, C 10; item totals x 40, y 50, z 10; grand 100.
#          x    y    z
#   A     10   30    0
#   B     20   20   10
#   C     10    -    -      (C's y and z are absent: volume 0)
HAND = frame(
    [
        ("A", "x", 2020, 10.0),
        ("A", "y", 2020, 30.0),
        ("A", "z", 2020, 0.0),
        ("B", "x", 2020, 20.0),
        ("B", "y", 2020, 20.0),
        ("B", "z", 2020, 10.0),
        ("C", "x", 2020, 10.0),
    ]
)


def lq_of(result: pd.DataFrame) -> dict[tuple[str, str], float]:
    return {(r, i): v for r, i, v in result[["region", "item", "value"]].itertuples(index=False)}


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def test_country_reference_matches_hand_arithmetic():
    lq = lq_of(location_quotients(HAND))
    assert lq[("A", "x")] == pytest.approx(0.625)  # (10/40) / (40/100) = 0.25 / 0.4
    assert lq[("A", "y")] == pytest.approx(1.5)  # (30/40) / (50/100) = 0.75 / 0.5
    assert lq[("A", "z")] == 0.0  # (0/40) / (10/100)
    assert lq[("B", "x")] == pytest.approx(1.0)  # (20/50) / 0.4 = 0.4 / 0.4
    assert lq[("B", "y")] == pytest.approx(0.8)  # (20/50) / 0.5
    assert lq[("B", "z")] == pytest.approx(2.0)  # (10/50) / (10/100) = 0.2 / 0.1
    assert lq[("C", "x")] == pytest.approx(2.5)  # (10/10) / 0.4
    assert lq[("C", "y")] == 0.0  # absent pair = volume 0, returned with complete=True
    assert lq[("C", "z")] == 0.0
    assert len(lq) == 9


def test_complete_false_returns_only_given_pairs():
    result = location_quotients(HAND, complete=False)
    assert len(result) == len(HAND)
    assert ("C", "y") not in lq_of(result)
    assert lq_of(result)[("B", "z")] == pytest.approx(2.0)


def test_output_is_sorted_and_keeps_label_types():
    shuffled = HAND.sample(frac=1.0, random_state=1)
    result = location_quotients(shuffled)
    assert list(result.columns) == ["region", "item", "year", "value"]
    assert result[["region", "item"]].apply(tuple, axis=1).tolist() == sorted((r, i) for r in "ABC" for i in "xyz")
    assert result["year"].tolist() == [2020] * 9


def test_macroregional_reference_uses_the_macroregion_totals():
    # M1 = {A, B}: item totals x 30, y 50, z 10; grand 90.  M2 = {C} alone.
    lq = lq_of(location_quotients(HAND, macroregions={"A": "M1", "B": "M1", "C": "M2"}))
    assert lq[("A", "x")] == pytest.approx(0.75)  # 0.25 / (30/90)
    assert lq[("A", "y")] == pytest.approx(1.35)  # 0.75 / (50/90)
    assert lq[("B", "x")] == pytest.approx(1.2)  # 0.4 / (30/90)
    assert lq[("B", "y")] == pytest.approx(0.72)  # 0.4 / (50/90)
    assert lq[("B", "z")] == pytest.approx(1.8)  # 0.2 / (10/90)
    # A single-region macro-region: LQ = 1 where defined, NaN for items it lacks (0/0).
    assert lq[("C", "x")] == pytest.approx(1.0)
    assert np.isnan(lq[("C", "y")]) and np.isnan(lq[("C", "z")])


def test_region_outside_every_macroregion_gets_nan():
    lq = lq_of(location_quotients(HAND, macroregions={"A": "M1", "B": "M1"}))
    assert all(np.isnan(lq[("C", item)]) for item in "xyz")
    assert lq[("A", "y")] == pytest.approx(1.35)


def test_macroregions_accepts_a_series():
    mapping = pd.Series({"A": "M1", "B": "M1", "C": "M2"})
    pd.testing.assert_frame_equal(
        location_quotients(HAND, macroregions=mapping),
        location_quotients(HAND, macroregions=mapping.to_dict()),
    )


def test_explicit_country_total_row_is_the_reference():
    # The "RU" row holds the country's own volumes: x 400, y 300, z 300 (grand 1000).
    with_total = pd.concat(
        [HAND, frame([("RU", "x", 2020, 400.0), ("RU", "y", 2020, 300.0), ("RU", "z", 2020, 300.0)])]
    )
    result = location_quotients(with_total, country_total="RU")
    lq = lq_of(result)
    assert "RU" not in set(result["region"])
    assert lq[("A", "x")] == pytest.approx(0.625)  # 0.25 / 0.4
    assert lq[("A", "y")] == pytest.approx(2.5)  # 0.75 / 0.3
    assert lq[("B", "z")] == pytest.approx(0.2 / 0.3)


def test_country_total_with_shares_is_share_over_share():
    shares = frame(
        [
            ("R1", "A", 2020, 16.9),
            ("R1", "C", 2020, 83.1),
            ("Russia", "A", 2020, 4.7),
            ("Russia", "C", 2020, 95.3),
        ]
    )
    table = national_localisation_factor(shares, country_total="Russia")
    lq = lq_of(table.rename(columns={"code": "item"}))
    assert lq[("R1", "A")] == pytest.approx(16.9 / 4.7)
    assert lq[("R1", "C")] == pytest.approx(83.1 / 95.3)


def test_missing_country_total_gives_nan_not_an_error():
    result = location_quotients(HAND, country_total="Russia")  # no such row
    assert result["value"].isna().all()
    assert len(result) == 9


def test_item_missing_from_country_row_gives_nan():
    rows = pd.concat([HAND, frame([("RU", "x", 2020, 400.0), ("RU", "y", 2020, 600.0)])])
    lq = lq_of(location_quotients(rows, country_total="RU"))
    assert np.isnan(lq[("B", "z")])
    assert lq[("A", "x")] == pytest.approx(0.25 / 0.4)


def test_region_without_data_item_nobody_produces_and_zero_totals_are_nan():
    rows = pd.concat(
        [
            HAND,
            # D has rows but no volume at all; w is produced by nobody.
            frame([("D", "x", 2020, 0.0), ("D", "y", 2020, 0.0), ("A", "w", 2020, 0.0)]),
            # A region whose only value is missing.
            frame([("E", "x", 2020, np.nan)]),
        ]
    )
    lq = lq_of(location_quotients(rows))
    assert all(np.isnan(lq[("D", item)]) for item in "wxyz")
    assert all(np.isnan(lq[(region, "w")]) for region in "ABCDE")
    assert all(np.isnan(lq[("E", item)]) for item in "wxyz")
    # The others are unchanged: D, E and w add nothing to the totals.
    assert lq[("A", "y")] == pytest.approx(1.5)


def test_all_zero_year_is_nan_everywhere():
    zeros = frame([("A", "x", 2021, 0.0), ("B", "y", 2021, 0.0)])
    assert location_quotients(zeros)["value"].isna().all()


def test_missing_value_is_nan_and_left_out_of_totals():
    rows = pd.concat([HAND, frame([("C", "y", 2020, np.nan)])])
    lq = lq_of(location_quotients(rows))
    assert np.isnan(lq[("C", "y")])
    assert lq[("A", "y")] == pytest.approx(1.5)


def test_single_region_country_is_one_where_defined():
    single = frame([("Only", "x", 2020, 5.0), ("Only", "y", 2020, 7.0), ("Only", "z", 2020, 0.0)])
    lq = lq_of(location_quotients(single))
    assert lq[("Only", "x")] == pytest.approx(1.0)
    assert lq[("Only", "y")] == pytest.approx(1.0)
    assert np.isnan(lq[("Only", "z")])


def test_years_are_independent():
    later = HAND.assign(year=2021, value=HAND["value"] * 3.0)
    later.loc[later["region"] == "C", "value"] = 90.0
    result = location_quotients(pd.concat([HAND, later]))
    lq2020 = lq_of(result[result["year"] == 2020])
    lq2021 = lq_of(result[result["year"] == 2021])
    assert lq2020[("A", "y")] == pytest.approx(1.5)
    # 2021: A 30/90/0 (120), B 60/60/30 (150), C 90 (90); x 180, y 150, z 30; grand 360.
    assert lq2021[("A", "y")] == pytest.approx((90 / 120) / (150 / 360))
    assert lq2021[("C", "x")] == pytest.approx(1.0 / (180 / 360))


def test_nullable_and_integer_values_are_accepted():
    as_int = HAND.assign(value=HAND["value"].astype("int64"))
    as_nullable = HAND.assign(value=HAND["value"].astype("Float64"))
    expected = location_quotients(HAND)
    pd.testing.assert_frame_equal(location_quotients(as_int), expected)
    pd.testing.assert_frame_equal(location_quotients(as_nullable), expected)


def test_invalid_input_raises_value_error():
    with pytest.raises(ValueError, match="missing column"):
        location_quotients(HAND.drop(columns="year"))
    with pytest.raises(ValueError, match="repeated"):
        location_quotients(pd.concat([HAND, HAND.head(1)]))
    with pytest.raises(ValueError, match="numeric"):
        location_quotients(HAND.assign(value="ten"))
    with pytest.raises(ValueError, match="either"):
        location_quotients(HAND, macroregions={"A": "M"}, country_total="RU")


def test_named_wrappers_return_the_coefficient_schema():
    named = HAND.assign(name=HAND["item"].str.upper())
    columns = ["indicator", "code", "name", "region", "year", "value"]
    for function, indicator in [
        (export_specialisation_ratio, "export_specialisation"),
        (national_localisation_factor, "national_localisation"),
        (st_specialisation_ratio, "st_specialisation"),
    ]:
        table = function(named)
        assert list(table.columns) == columns
        assert set(table["indicator"]) == {indicator}
        assert table.loc[table["code"] == "y", "name"].eq("Y").all()
        assert lq_of(table.rename(columns={"code": "item"}))[("A", "y")] == pytest.approx(1.5)
    macro = macroregional_localisation_factor(named, macroregions={"A": "M", "B": "M", "C": "M"})
    assert set(macro["indicator"]) == {"macroregional_localisation"}
    assert lq_of(macro.rename(columns={"code": "item"}))[("A", "y")] == pytest.approx(1.5)
    assert export_specialisation_ratio(HAND)["name"].isna().all()


def test_rosstat_shares_reproduce_the_papers_section_a():
    # Real data: Rosstat's GVA structure (% of GVA) with the "Russia" row as the country total.
    raw = pd.read_csv(DATA / "rosstat_gva_structure_cbe_2020.csv", dtype={"year": "int64"})
    english = {
        "Российская Федерация": "Russia",
        "Белгородская область": "Belgorod",
        "Воронежская область": "Voronezh",
        "Курская область": "Kursk",
        "Липецкая область": "Lipetsk",
        "Тамбовская область": "Tambov",
    }
    shares = pd.DataFrame(
        {
            "region": raw["region_name_short"].map(english),
            "item": raw["section"],
            "year": raw["year"],
            "value": raw["share_pct"],
        }
    )
    table = national_localisation_factor(shares, country_total="Russia")
    lq = lq_of(table.rename(columns={"code": "item"}))
    russia = shares[shares["region"] == "Russia"].set_index("item")["value"]
    belgorod = shares[shares["region"] == "Belgorod"].set_index("item")["value"]
    assert lq[("Belgorod", "A")] == pytest.approx(belgorod["A"] / russia["A"])
    # The shared README: 2020 values reproduce Table 3 within a few hundredths for section A.
    assert lq[("Belgorod", "A")] == pytest.approx(3.62, abs=0.05)  # 16.9 / 4.7 = 3.60
    assert lq[("Tambov", "A")] == pytest.approx(6.87, abs=0.1)  # 6.94
    # Russia's section T share is 0.0: undefined, not an error.
    assert all(np.isnan(lq[(region, "T")]) for region in ["Belgorod", "Kursk", "Lipetsk"])
    assert len(table) == 5 * 20
