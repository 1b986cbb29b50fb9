"""Rosstat's regional tables (.xls): R&D personnel and innovation activity, hand-checked against the files."""

import pytest

from analytics.importers import COUNTRY
from analytics.importers.rosstat_series import (
    INNOVATION_ACTIVITY,
    RD_PERSONNEL,
    SeriesFileError,
    parse_series,
    read_series,
)

from .conftest import ROSSTAT, SHARED_DATA


def values(parsed, region):
    frame = parsed.rows[parsed.rows["region"] == region]
    return dict(zip(frame["year"], frame["value"], strict=True))


def test_the_shipped_files_are_the_shared_ones():
    for name in ("nauka_2.xls", "innovations_1.xls"):
        assert (ROSSTAT / name).read_bytes() == (SHARED_DATA / "rosstat" / name).read_bytes()
    assert "findatalab/rosstat-open-data" in (ROSSTAT / "SOURCES.md").read_text(encoding="utf-8")


def test_rd_personnel_by_hand_from_the_file(regions):
    # nauka_2.xls, sheet "2", first block ("Численность персонала – всего"), read in LibreOffice:
    #   Липецкая область   2010: 323, 2015: 700, 2020: 570, 2024: 562
    #   Воронежская область 2010: 13184, 2015: 10600, 2020: 10089, 2024: 9610
    #   Российская Федерация 2024: 675696
    #   Тюменская область без АО 2010: 5186 (not "Тюменская область", 7160, which holds its two okrugs)
    parsed = read_series((ROSSTAT / "nauka_2.xls").read_bytes(), spec=RD_PERSONNEL, regions=regions)

    assert parsed.is_valid, parsed.problems
    lipetsk, voronezh = values(parsed, "RU-LIP"), values(parsed, "RU-VOR")
    assert sorted(lipetsk) == [2010, *range(2015, 2025)]
    assert (lipetsk[2010], lipetsk[2015], lipetsk[2020], lipetsk[2024]) == (323, 700, 570, 562)
    assert (voronezh[2010], voronezh[2015], voronezh[2020], voronezh[2024]) == (13184, 10600, 10089, 9610)
    assert values(parsed, COUNTRY)[2024] == 675696
    assert values(parsed, "RU-TYU")[2010] == 5186
    assert values(parsed, "RU-KHM")[2010] == 1958 and values(parsed, "RU-NEN")[2010] == 75
    # every one of the 85 regions once, and Russia; the districts and the oblasts with their okrugs skipped
    assert parsed.rows["region"].nunique() == 86
    assert {"Тюменская область", "Архангельская область"} <= set(parsed.skipped)


def test_innovation_activity_by_hand_from_the_file(regions):
    # innovations_1.xls, sheet "1" (%): Lipetsk 2010: 8.9, 2016: 19.2, 2017 (3rd edition of the Oslo Manual,
    # the first of the two 2017 columns): 18.5, 2018: 23.5795…; Voronezh 2010: 8.6, 2017: 11.7, 2018: 17.0974…;
    # Kaliningrad is typed "Калинингpадская" with a Latin p in the file and is still found.
    parsed = read_series((ROSSTAT / "innovations_1.xls").read_bytes(), spec=INNOVATION_ACTIVITY, regions=regions)

    assert parsed.is_valid, parsed.problems
    lipetsk, voronezh = values(parsed, "RU-LIP"), values(parsed, "RU-VOR")
    assert sorted(lipetsk) == list(range(2010, 2025))
    assert (lipetsk[2010], lipetsk[2016], lipetsk[2017]) == (8.9, 19.2, 18.5)
    assert lipetsk[2018] == pytest.approx(23.5795, abs=1e-4)
    assert (voronezh[2010], voronezh[2017]) == (8.6, 11.7)
    assert voronezh[2018] == pytest.approx(17.0974, abs=1e-4)
    assert values(parsed, "RU-KGD")[2010] == 3.2
    assert values(parsed, COUNTRY)[2017] == 8.5


def grid(*rows):
    return [["", "", ""], ["", 2020.0, "2021 5)", 2022.0], *rows]


def test_row_errors_name_the_row_and_say_what_is_wrong(regions):
    parsed = parse_series(
        grid(
            ["Российская Федерация", 10.0, 11.0, 12.0],
            ["Липецкая область", 1.0, "abc", -2.0],
            ["Нарния", 1.0, 2.0, 3.0],
            ["Липецкая область", 1.0, 2.0, 3.0],
            ["Воронежская область", "…4)", "-", ""],
        ),
        regions=regions,
    )

    assert [str(problem) for problem in parsed.problems] == [
        "row 4: 2021: 'abc' is not a number",
        "row 4: 2022: -2.0 is negative",
        "row 5: unknown region 'Нарния'",
        "row 6: 'Липецкая область' repeats row 4",
    ]
    assert not parsed.is_valid
    # "…", "-" and an empty cell are "no data", not errors
    assert values(parsed, "RU-VOR") == {}


def test_a_file_that_is_not_a_workbook_or_has_no_years_is_refused(regions):
    with pytest.raises(SeriesFileError, match="not an Excel 97–2003"):
        read_series(b"year,region,value\n", spec=RD_PERSONNEL, regions=regions)
    with pytest.raises(SeriesFileError, match="no sheet '9'"):
        read_series((ROSSTAT / "nauka_2.xls").read_bytes(), spec=type(RD_PERSONNEL)("9", "people"), regions=regions)
    with pytest.raises(SeriesFileError, match="no header row with years"):
        parse_series([["Липецкая область", 1.0]], regions=regions)
