"""Rosstat's GVA structure × GRP → volumes: the arithmetic, the aggregates left out, and the real shipped files."""

import pandas as pd
import pytest

from analytics.importers import COUNTRY
from analytics.importers.rosstat import gva_volumes, read_grp_totals, read_gva_structure

from .conftest import ROOT, ROSSTAT, SHARED_DATA


def gva(rows):
    return pd.DataFrame(
        rows, columns=["year", "classification", "region_name_rosstat", "region_name_short", "section", "share_pct"]
    )


def test_volumes_are_shares_times_grp_and_the_country_counts_each_okrug_once():
    # given an oblast with an okrug inside it, another region, a district row and the country row
    shares = gva(
        [
            [2020, "OKVED2", "Архангельская область", "Арх", "A", 10.0],
            [2020, "OKVED2", "в т.ч. Ненецкий автономный округ", "НАО", "A", 50.0],
            [2020, "OKVED2", "Липецкая область", "Лип", "A", 20.0],
            [2020, "OKVED2", "Центральный федеральный округ", "", "A", 5.0],
            [2020, "OKVED2", "Российская Федерация из суммы субъектов Российской Федерации", "РФ", "A", 4.0],
            [2015, "OKVED1", "Липецкая область", "Лип", "D", 30.0],
        ]
    )
    grp = pd.DataFrame(
        [["Арх", 2020, 1000.0], ["НАО", 2020, 400.0], ["Лип", 2020, 500.0], ["Лип", 2015, 100.0]],
        columns=["region_name_short", "year", "grp"],
    )
    regions = {
        "Архангельская область": "RU-ARK",
        "в т.ч. Ненецкий автономный округ": "RU-NEN",
        "Липецкая область": "RU-LIP",
    }

    # when
    result = gva_volumes(shares, grp, regions=regions, nested={"RU-NEN"})

    # then
    values = {(r.region, r.classifier, r.code, r.year): r.value for r in result.rows.itertuples()}
    assert values == {
        ("RU-ARK", "nace2", "A", 2020): pytest.approx(100.0),
        ("RU-NEN", "nace2", "A", 2020): pytest.approx(200.0),
        ("RU-LIP", "nace2", "A", 2020): pytest.approx(100.0),
        (COUNTRY, "nace2", "A", 2020): pytest.approx(0.04 * 1500.0),  # Arkhangelsk (with its okrug) + Lipetsk
        ("RU-LIP", "okved1", "D", 2015): pytest.approx(30.0),
    }
    assert result.skipped_names == ["Центральный федеральный округ"]
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
    nested = set(regions.loc[regions["okato"].str.len() > 2, "iso_code"])

    # when
    result = gva_volumes(
        read_gva_structure(ROSSTAT / "gva_structure_by_okved_section_2009_2022.csv"),
        read_grp_totals(ROSSTAT / "grp_1998_2022.xlsx"),
        regions=names,
        nested=nested,
    )

    # then: 85 regions and the country, 2009-2022, OKVED1 then OKVED2; only aggregates were skipped
    rows = result.rows
    assert rows["region"].nunique() == 86
    assert (rows["year"].min(), rows["year"].max()) == (2009, 2022)
    assert set(rows.loc[rows["year"] <= 2015, "classifier"]) == {"okved1"}
    assert set(rows.loc[rows["year"] >= 2016, "classifier"]) == {"nace2"}
    assert len(result.skipped_names) == 10
    assert all("федеральный округ" in name or "без" in name for name in result.skipped_names)
    assert result.rows_without_grp == 0
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
