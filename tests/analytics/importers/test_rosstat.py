"""Rosstat's GVA structure × GRP → volumes: the arithmetic, the aggregates left out, and the real shipped files."""

import pandas as pd
import pytest

from analytics.computations.location_quotients import macroregional_localisation_factor
from analytics.importers import COUNTRY
from analytics.importers.rosstat import gva_volumes, read_grp_totals, read_gva_structure

from .conftest import ROOT, ROSSTAT, SHARED_DATA


def gva(rows):
    return pd.DataFrame(
        rows, columns=["year", "classification", "region_name_rosstat", "region_name_short", "section", "share_pct"]
    )


def test_volumes_are_shares_times_grp_and_the_country_counts_each_okrug_once():
    # given an oblast with and without its okrug, the okrug, another region, a district row and the country row
    shares = gva(
        [
            [2020, "OKVED2", "Архангельская область", "Арх+НАО", "A", 20.0],
            [2020, "OKVED2", "Архангельская область без авт.округа", "Арх", "A", 10.0],
            [2020, "OKVED2", "в т.ч. Ненецкий автономный округ", "НАО", "A", 50.0],
            [2020, "OKVED2", "Липецкая область", "Лип", "A", 20.0],
            [2020, "OKVED2", "Центральный федеральный округ", "", "A", 5.0],
            [2020, "OKVED2", "Российская Федерация из суммы субъектов Российской Федерации", "РФ", "A", 4.0],
            [2015, "OKVED1", "Липецкая область", "Лип", "D", 30.0],
        ]
    )
    grp = pd.DataFrame(
        [["Арх+НАО", 2020, 1400.0], ["Арх", 2020, 1000.0], ["НАО", 2020, 400.0], ["Лип", 2020, 500.0]]
        + [["Лип", 2015, 100.0]],
        columns=["region_name_short", "year", "grp"],
    )
    regions = {
        "Архангельская область без авт.округа": "RU-ARK",
        "в т.ч. Ненецкий автономный округ": "RU-NEN",
        "Липецкая область": "RU-LIP",
    }

    # when
    result = gva_volumes(shares, grp, regions=regions)

    # then
    values = {(r.region, r.classifier, r.code, r.year): r.value for r in result.rows.itertuples()}
    assert values == {
        ("RU-ARK", "nace2", "A", 2020): pytest.approx(100.0),
        ("RU-NEN", "nace2", "A", 2020): pytest.approx(200.0),
        ("RU-LIP", "nace2", "A", 2020): pytest.approx(100.0),
        # Arkhangelsk without its okrug (1000) + Nenets (400) + Lipetsk (500): each territory once
        (COUNTRY, "nace2", "A", 2020): pytest.approx(0.04 * 1900.0),
        ("RU-LIP", "okved1", "D", 2015): pytest.approx(30.0),
    }
    assert result.skipped_names == ["Архангельская область", "Центральный федеральный округ"]
    assert result.rows_without_grp == 0


def test_shares_without_grp_are_counted_and_left_out():
    shares = gva([[2014, "OKVED1", "Республика Крым", "Крым", "A", 10.0]])
    grp = pd.DataFrame([["Крым", 2015, 10.0]], columns=["region_name_short", "year", "grp"])

    result = gva_volumes(shares, grp, regions={"Республика Крым": "RU-CR"})

    assert result.rows.empty
    assert result.rows_without_grp == 1


def test_the_shipped_files_are_the_shared_ones():
    for name in ("gva_structure_by_okved_section_2009_2022.csv", "grp_1998_2022.xlsx", "okved_sections.csv"):
        assert (ROSSTAT / name).read_bytes() == (SHARED_DATA / "rosstat" / name).read_bytes()
    assert "devproglab/Regional-Multipliers-RU" in (ROSSTAT / "SOURCES.md").read_text(encoding="utf-8")


def test_the_real_files_cover_every_region_and_russia():
    # given the region names of the reference data
    regions = pd.read_csv(ROOT / "regions" / "data" / "regions.csv", dtype=str)
    names = dict(zip(regions["rosstat_name"], regions["iso_code"], strict=True))

    # when
    result = gva_volumes(
        read_gva_structure(ROSSTAT / "gva_structure_by_okved_section_2009_2022.csv"),
        read_grp_totals(ROSSTAT / "grp_1998_2022.xlsx"),
        regions=names,
    )

    # then: 85 regions and the country, 2009-2022, OKVED1 then OKVED2; only aggregates were skipped
    rows = result.rows
    assert rows["region"].nunique() == 86
    assert (rows["year"].min(), rows["year"].max()) == (2009, 2022)
    assert set(rows.loc[rows["year"] <= 2015, "classifier"]) == {"okved1"}
    assert set(rows.loc[rows["year"] >= 2016, "classifier"]) == {"nace2"}
    assert len(result.skipped_names) == 10
    # the districts, and Tyumen and Arkhangelsk *with* their okrugs (the okrugs are regions of their own)
    assert set(result.skipped_names) - {name for name in result.skipped_names if "федеральный округ" in name} == {
        "Тюменская область",
        "Архангельская область",
    }
    # the GRP sheet has Tyumen and Arkhangelsk without their okrugs from 2011 only: their 2009 shares
    # (15 sections each) have no GRP and are left out rather than counted twice (the file has no 2010 rows)
    assert result.rows_without_grp == 30
    assert not ((rows["region"].isin(["RU-TYU", "RU-ARK"])) & (rows["year"] < 2011)).any()
    # Belgorod, agriculture, 2020: 16.9 % of its GRP ...
    year_2020 = rows[rows["year"] == 2020]
    belgorod = year_2020[year_2020["region"] == "RU-BEL"].set_index("code")["value"]
    russia = year_2020[year_2020["region"] == COUNTRY].set_index("code")["value"]
    grp = read_grp_totals(ROSSTAT / "grp_1998_2022.xlsx")
    belgorod_grp = grp[(grp["region_name_short"] == "Белгородская область") & (grp["year"] == 2020)]["grp"].item()
    assert belgorod["A"] == pytest.approx(belgorod_grp * 0.169)
    # ... and its national localisation factor is 3.60, as the data README says (the paper prints 3.62)
    quotient = (belgorod["A"] / belgorod.sum()) / (russia["A"] / russia.sum())
    assert round(quotient, 2) == 3.60
    # the shares of each region and year sum to 100 %, so volumes sum to the GRP
    lipetsk_2020 = rows[(rows["region"] == "RU-LIP") & (rows["year"] == 2020)]["value"].sum()
    lipetsk_grp = grp[(grp["region_name_short"] == "Липецкая область") & (grp["year"] == 2020)]["grp"].item()
    assert lipetsk_2020 == pytest.approx(lipetsk_grp, rel=0.002)


def _real_volumes():
    regions = pd.read_csv(ROOT / "regions" / "data" / "regions.csv", dtype=str)
    result = gva_volumes(
        read_gva_structure(ROSSTAT / "gva_structure_by_okved_section_2009_2022.csv"),
        read_grp_totals(ROSSTAT / "grp_1998_2022.xlsx"),
        regions=dict(zip(regions["rosstat_name"], regions["iso_code"], strict=True)),
    )
    return regions, result.rows


def test_every_territory_is_counted_once_in_the_macroregion():
    # Ural-Siberian macro-region, section B (mining), 2020, from the shipped files (share % × GRP, million RUB):
    #   Kurgan        0.9 % × 240,188.2   =     2,161.7
    #   Sverdlovsk    2.3 % × 2,512,654.9 =    57,791.1
    #   Tyumen w/o AO 13.8 % × 1,171,029.2 =  161,602.0   (the row "без Ханты-Мансийского … и Ямало-Ненецкого")
    #   Khanty-Mansi  61.6 % × 3,341,832.0 = 2,058,568.5
    #   Yamalo-Nenets 66.4 % × 2,767,734.5 = 1,837,775.7
    #   Chelyabinsk   5.0 % × 1,602,739.4 =    80,137.0
    #   B total 4,198,036.0 of GRP 11,636,178.2 → macro share 36.08 %
    #   Khanty-Mansi's factor = 61.6 % / 36.08 % = 1.707.
    # Counting Tyumen *with* its okrugs as well (55.9 % × 7,280,595.6 = 4,069,853.0 instead of 161,602.0) gave
    # 8,106,286.9 / 17,745,744.6 = 45.68 % and 61.6 / 45.68 = 1.35, the portal's value before.
    regions, rows = _real_volumes()
    observations = rows[rows["classifier"] == "nace2"].rename(columns={"code": "item"})
    macroregions = dict(zip(regions["iso_code"], regions["macroregion"], strict=True))

    factors = macroregional_localisation_factor(observations, macroregions=macroregions)

    khm = factors[(factors["region"] == "RU-KHM") & (factors["code"] == "B") & (factors["year"] == 2020)]
    assert khm["value"].item() == pytest.approx(1.7074, abs=0.001)
    # Tyumen is the oblast without its okrugs: 13.8 % of its GVA in mining
    tyumen = rows[(rows["region"] == "RU-TYU") & (rows["year"] == 2020) & (rows["classifier"] == "nace2")]
    assert tyumen.set_index("code")["value"]["B"] == pytest.approx(0.138 * 1_171_029.2)


def test_the_country_total_is_the_sum_of_the_territories_counted_once():
    # Russia's GRP in 2020 as the sum of the 85 subjects (Tyumen and Arkhangelsk without their okrugs, the
    # okrugs on their own) equals the old sum (oblasts with their okrugs, okrugs left out):
    #   Tyumen 7,280,595.6 = 1,171,029.2 + 3,341,832.0 + 2,767,734.5 (+ 0.1 of rounding)
    #   Arkhangelsk 781,819.0 = 551,144.7 + 230,674.3
    regions, rows = _real_volumes()
    year = rows[(rows["year"] == 2020) & (rows["classifier"] == "nace2")]
    regional_sum = year[year["region"] != COUNTRY]["value"].sum()
    country = year[year["region"] == COUNTRY]["value"].sum()
    assert country == pytest.approx(regional_sum, rel=0.002)
    assert set(year["region"]) >= {"RU-TYU", "RU-KHM", "RU-YAN", "RU-ARK", "RU-NEN"}
