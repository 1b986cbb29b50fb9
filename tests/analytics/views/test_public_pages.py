"""Public analytics pages: open to anonymous visitors, in both languages, with exports and constant queries."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from analytics.exports import BOM
from analytics.models import Snapshot
from tests.analytics.public_data import (
    PAPER,
    ROSSTAT,
    add_rosstat_year,
    module_snapshot,  # noqa: F401 - the module fixture
)

pytestmark = pytest.mark.django_db

REGION = "/analytics/regions/RU-LIP/"
MACROREGION = "/analytics/macroregions/central-black-earth/"
MAP = "/analytics/map/"
EXPORT = "/analytics/coefficients/export/"


@pytest.fixture
def snapshot(module_snapshot, db):  # noqa: F811 - the imported module fixture
    """The module's snapshot (built once for the module), read afresh."""
    return Snapshot.objects.get(pk=module_snapshot)


def english(client):
    client.cookies["django_language"] = "en"
    return client


# --- Region page -------------------------------------------------------------------


def test_region_page_is_public_and_shows_profile_scenario_and_trend(client, snapshot):
    response = english(client).get(REGION, {"dataset": PAPER})

    assert response.status_code == 200
    html = response.content.decode()
    # profile: one heat map per coefficient, competences marked by text, not only colour
    slugs = [table.slug for table in response.context["profile"]]
    assert slugs == [
        "profile-export_specialisation",
        "profile-national_localisation",
        "profile-macroregional_localisation",
        "profile-st_specialisation",
    ]
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "(competence)" in html
    # scenario model: Figure 1's levels and directions
    levels = {level["key"]: [d["code"] for d in level["directions"]] for level in response.context["scenario"]}
    assert levels == {"global": ["01-24", "72-83"], "national": ["A", "C", "F", "L"], "macroregional": list("HIJKL")}
    assert "Computer science" in html
    # trend: the Rosstat-like series as a chart with a table alternative
    assert [trend["indicator"] for trend in response.context["trends"]] == [
        "national_localisation",
        "macroregional_localisation",
    ]
    assert "<canvas" in html and 'id="trend-national_localisation-data"' in html
    assert 'id="table-trend-national_localisation"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    # the data set's source line
    assert "Lyshchikova et al. (2023), Tables 2–5" in html


def test_region_page_in_russian_uses_russian_names(client, snapshot):
    response = client.get(REGION, {"dataset": PAPER}, HTTP_ACCEPT_LANGUAGE="ru")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Липецкая область" in html
    assert "Обрабатывающие производства" in html  # NACE C in Russian
    assert "1,89" in html  # Russian decimal comma


def test_region_page_defaults_to_the_first_data_set_with_data(client, snapshot):
    response = client.get(REGION)

    assert response.context["dataset"].code == PAPER


def test_region_page_with_another_data_set_has_its_own_scenario_and_a_profile_over_years(client, snapshot):
    response = english(client).get(REGION, {"dataset": ROSSTAT})

    assert response.status_code == 200
    # The recomputation models a scenario for every data set and year with coefficients: here the latest,
    # 2022, from localisation factors only (no export data). RU-LIP is fourth in CBE_ORDER: A = 2.5 + 6 * 0.05
    # - 0.3 = 2.5 and C = 1.1 + 0.3 - 0.3 = 1.1 reach the threshold 1.0, K = 0.4 does not.
    assert response.context["scenario_year"] == 2022
    directions = {
        level["key"]: [entry["code"] for entry in level["directions"]] for level in response.context["scenario"]
    }
    assert directions == {"global": [], "national": ["A", "C"], "macroregional": ["A", "C"]}
    slugs = [table.slug for table in response.context["profile"]]
    # OKVED2 from 2016 and OKVED1 before: the same letters mean other sections, so two tables.
    assert slugs == [
        "profile-national_localisation-nace2",
        "profile-national_localisation-okved1",
        "profile-macroregional_localisation",
    ]
    okved2, okved1 = response.context["profile"][:2]
    assert okved2.columns[1:] == tuple(str(year) for year in range(2016, 2023))
    assert okved1.columns[1:] == tuple(str(year) for year in range(2009, 2016))
    assert [row.headers[0].value for row in okved1.rows] == [
        "A. Agriculture, hunting and forestry",
        "C. Mining and quarrying",
        "D. Manufacturing",
    ]


# --- Trend across the switch from OKVED1 to OKVED2 ----------------------------------


def _trend(response, indicator="national_localisation"):
    return next(trend for trend in response.context["trends"] if trend["indicator"] == indicator)


def test_trend_continues_an_okved2_section_with_its_equivalent_okved1_section(client, snapshot):
    response = english(client).get(REGION, {"dataset": ROSSTAT})

    trend = _trend(response)
    chart = trend["chart"]
    assert chart["labels"] == list(range(2009, 2023))
    series = {entry["label"]: entry for entry in chart["datasets"]}
    # One series per OKVED2 section, labelled with the OKVED2 code and name (no OKVED1 series of its own).
    assert list(series) == [
        "A. Agriculture, forestry, hunting, fishing and fish farming",
        "B. Mining",
        "C. Manufacturing industries",
        "K. Financial and insurance activities",
    ]
    manufacturing = series["C. Manufacturing industries"]
    # RU-LIP is fourth in CBE_ORDER: OKVED1 D is 1.3 - 0.3, OKVED2 C from 1.1 - 0.3 upwards.
    assert manufacturing["data"][:7] == [pytest.approx(1.0)] * 7
    assert all(value is not None for value in manufacturing["data"])
    assert manufacturing["derived"] == [True] * 7 + [False] * 7
    assert manufacturing["note"] == "2009–2015: OKVED1 section D (Manufacturing), equivalent at section level"
    # OKVED1 C (mining) continues OKVED2 B, even with no OKVED2 figures in this data set: 0.6 - 0.3.
    assert series["B. Mining"]["data"][:7] == [pytest.approx(0.3)] * 7
    # OKVED2 A matches OKVED1 A and B only in part: a gap before 2016, and the note says why.
    agriculture = series["A. Agriculture, forestry, hunting, fishing and fish farming"]
    assert agriculture["data"][:7] == [None] * 7
    assert all(value is not None for value in agriculture["data"][7:])
    assert agriculture["derived"] == [False] * 14
    assert agriculture["note"] == (
        "No values for 2009–2015: OKVED1 sections A (Agriculture, hunting and forestry), B (Fishing) "
        "each overlap this section only in part, so they are not comparable"
    )
    assert series["K. Financial and insurance activities"]["note"] == ""


def test_trend_table_and_exports_match_the_chart(client, snapshot):
    response = english(client).get(REGION, {"dataset": ROSSTAT})

    table = _trend(response)["table"]
    assert table.columns == ("Item", *[str(year) for year in range(2009, 2023)], "Note")
    assert "equivalent at section level" in table.note
    rows = {row.headers[0].value: row for row in table.rows}
    assert list(rows) == [entry["label"] for entry in _trend(response)["chart"]["datasets"]]
    manufacturing = rows["C. Manufacturing industries"]
    assert manufacturing.cells[0].value == pytest.approx(1.0)
    assert manufacturing.cells[-1].value.startswith("2009–2015: OKVED1 section D (Manufacturing)")
    agriculture = rows["A. Agriculture, forestry, hunting, fishing and fish farming"]
    assert [cell.text for cell in agriculture.cells[:7]] == ["—"] * 7
    html = response.content.decode()
    assert "2009–2015: OKVED1 section D (Manufacturing), equivalent at section level" in html

    export = client.get(
        REGION, {"dataset": ROSSTAT, "format": "csv", "table": "trend-national_localisation"}
    ).content.decode("utf-8")
    lines = list(csv.reader(io.StringIO(export.removeprefix(BOM))))
    assert lines[0] == list(table.columns)
    csv_rows = {line[0]: line for line in lines[1:]}
    assert csv_rows["C. Manufacturing industries"][1] == "1.0"
    assert csv_rows["C. Manufacturing industries"][-1].startswith("2009–2015: OKVED1 section D")
    assert csv_rows["A. Agriculture, forestry, hunting, fishing and fish farming"][1:8] == [""] * 7

    workbook = load_workbook(
        io.BytesIO(client.get(REGION, {"dataset": ROSSTAT, "format": "xlsx"}).content), read_only=True
    )
    sheet = list(workbook["trend-national_localisation"].iter_rows(values_only=True))
    assert list(sheet[0]) == list(table.columns)
    assert {row[0]: row[-1] for row in sheet[1:]}["C. Manufacturing industries"].startswith("2009–2015: OKVED1")


def test_trend_without_mappings_keeps_okved1_sections_apart(client, snapshot):
    from analytics.models import ClassifierMapping

    ClassifierMapping.objects.all().delete()

    response = english(client).get(REGION, {"dataset": ROSSTAT})

    labels = [entry["label"] for entry in _trend(response)["chart"]["datasets"]]
    assert "D (OKVED1). Manufacturing" in labels  # the classifier by its name, not its code (okved1)
    assert "C (OKVED2). Manufacturing industries" in labels
    assert "Note" not in _trend(response)["table"].columns


@pytest.mark.parametrize(
    ("url", "query", "status"),
    [
        ("/analytics/regions/RU-XXX/", {}, 404),
        (REGION, {"dataset": "no-such-set"}, 404),
        (REGION, {"year": "abc"}, 400),
        (MAP, {"indicator": "nonsense"}, 400),
        (REGION, {"format": "pdf"}, 400),
        (REGION, {"format": "csv", "table": "no-such-table"}, 404),
        (REGION, {"format": "csv"}, 400),  # several tables: CSV needs one
        ("/analytics/macroregions/atlantis/", {}, 404),
    ],
)
def test_bad_queries(client, snapshot, url, query, status):
    assert client.get(url, query).status_code == status


# --- Exports -------------------------------------------------------------------------


def test_heat_map_as_csv_has_a_bom_and_a_filename(client, snapshot):
    response = english(client).get(
        REGION, {"dataset": PAPER, "format": "csv", "table": "profile-national_localisation"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="spiral-RU-LIP-cbe-2020-test-profile-national_localisation.csv"'
    )
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0] == ["Item", "2020"]
    assert ["C. Manufacturing industries", "2.29"] in rows


def test_russian_csv_keeps_cyrillic(client, snapshot):
    response = client.get(REGION, {"dataset": PAPER, "format": "csv", "table": "scenario"})

    text = response.content.decode("utf-8-sig")
    assert "Глобальный" in text or "Обрабатывающие производства" in text


def test_all_tables_of_a_page_as_xlsx(client, snapshot):
    response = english(client).get(REGION, {"dataset": PAPER, "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="spiral-RU-LIP-cbe-2020-test-tables.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert "scenario" in workbook.sheetnames and "About" in workbook.sheetnames
    assert "profile-national_localisation" in [name[:31] for name in workbook.sheetnames] or any(
        name.startswith("profile-national") for name in workbook.sheetnames
    )
    sheet = workbook["scenario"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["Level", "Code", "Direction", "Coefficient"]
    assert ["Global level", "01-24"] == values[1][:2]
    assert isinstance(values[1][3], float)  # numbers stay numbers


def test_matrix_and_heat_maps_export(client, snapshot):
    matrix = english(client).get(MACROREGION, {"dataset": PAPER, "format": "csv", "table": "matrix"})
    heat = english(client).get(MACROREGION, {"dataset": PAPER, "format": "xlsx", "table": "heatmap-st_specialisation"})

    rows = list(csv.reader(io.StringIO(matrix.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Level", "Direction", "Characteristic"]
    assert rows[0][3:] == ["Belgorod Oblast", "Voronezh Oblast", "Kursk Oblast", "Lipetsk Oblast", "Tambov Oblast"]
    assert rows[-1][0] == "Cross-cutting S&T competences"
    assert heat["Content-Disposition"].endswith('heatmap-st_specialisation.xlsx"')


def test_map_values_export(client, snapshot):
    response = english(client).get(
        MAP,
        {"dataset": PAPER, "indicator": "export_specialisation", "item": "01-24", "format": "csv"},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Region", "ISO 3166-2", "Coefficient", "Competence"]
    assert rows[1] == ["Tambov Oblast", "RU-TAM", "9.61", "yes"]  # ranked by value
    assert ["Lipetsk Oblast", "RU-LIP", "1.89", "yes"] in rows
    assert ["Moscow", "RU-MOW", "", ""] in rows
    assert len(rows) == 1 + 85  # every region, those without a value too


def test_coefficient_list_export(client, snapshot):
    csv_response = client.get(
        "/analytics/coefficients/export/", {"format": "csv", "dataset": PAPER, "region": "ru-lip"}
    )
    xlsx_response = client.get(
        "/analytics/coefficients/export/", {"format": "xlsx", "macroregion": "central-black-earth"}
    )

    text = b"".join(csv_response.streaming_content).decode("utf-8")
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert {row["region_iso"] for row in rows} == {"RU-LIP"}
    assert {row["dataset"] for row in rows} == {PAPER}
    assert csv_response["Content-Disposition"] == (
        'attachment; filename="spiral-coefficients-cbe-2020-test-ru-lip.csv"'
    )
    workbook = load_workbook(io.BytesIO(xlsx_response.content))
    assert workbook["coefficients"].max_row > 100


# --- Macro-region page ----------------------------------------------------------------


def test_macroregion_page_shows_table6_and_heat_maps(client, snapshot):
    response = english(client).get(MACROREGION, {"dataset": PAPER})

    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert [column["code"] for column in matrix["columns"]] == ["RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"]
    national = next(level for level in matrix["levels"] if level["key"] == "national")
    manufacturing = next(direction for direction in national["directions"] if direction["code"] == "C")
    marks = [cell["mark"] for cell in manufacturing["cells"]]
    assert marks[3] == "+"  # Lipetsk
    assert [table.slug for table in response.context["heatmaps"]] == [
        "heatmap-export_specialisation",
        "heatmap-national_localisation",
        "heatmap-macroregional_localisation",
        "heatmap-st_specialisation",
    ]
    # Each table at the year the paper used: economic data 2020, publications 2021.
    assert response.context["heatmaps"][3].caption.endswith("2021")
    html = response.content.decode()
    assert 'scope="rowgroup"' in html and "Cross-cutting S&T competences" in html


def _matrix_html(html: str) -> str:
    return html[html.index('id="table-matrix"') : html.index("</table>", html.index('id="table-matrix"'))]


def test_macroregion_matrix_is_compact_with_the_cross_cutting_row_once(client, snapshot):
    response = english(client).get(MACROREGION, {"dataset": PAPER})

    html = response.content.decode()
    table = _matrix_html(html)
    # The cross-cutting competences are one row of their own, not a label repeated in every cell.
    assert table.count("Cross-cutting") == 1
    assert "Cross-cutting competences" not in table
    # One row per direction (no second "S&T competences" row, no "Characteristic" column).
    directions = sum(len(level["directions"]) for level in response.context["matrix"]["levels"])
    levels = sum(1 for level in response.context["matrix"]["levels"] if level["directions"])
    assert table.count("<tr") == 1 + 1 + levels + directions
    assert "rowspan" not in table and "Characteristic" not in table
    # A cell's S&T competences sit behind a disclosure whose summary counts them.
    assert "<details><summary>2 competences</summary>" in table
    # The box scrolls both ways, keyboard-focusable, named by the matrix's title.
    box = html[html.rindex("<div", 0, html.index('id="table-matrix"')) : html.index('id="table-matrix"')]
    assert 'class="table-scroll matrix-scroll"' in box
    assert 'role="region"' in box and 'tabindex="0"' in box and 'aria-labelledby="caption-matrix"' in box
    assert 'id="caption-matrix">Managerial matrix of smart specialisation: Central Black Earth' in html


# --- Map page -----------------------------------------------------------------------------


def test_map_page_draws_every_region_with_a_link_and_a_title(client, snapshot):
    response = english(client).get(MAP, {"dataset": PAPER, "indicator": "export_specialisation", "item": "01-24"})

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<path ") >= 83
    assert '<a href="/analytics/regions/RU-LIP/?dataset=cbe-2020-test"' in html
    assert "<title>Lipetsk Oblast: 1.89 (competence)</title>" in html
    assert "© OpenStreetMap contributors, geoBoundaries" in html
    assert 'id="table-map-values"' in html
    assert response.context["year"] == 2020


def test_map_defaults_and_item_with_classifier(client, snapshot):
    default = client.get(MAP)
    qualified = client.get(MAP, {"dataset": ROSSTAT, "indicator": "national_localisation", "item": "nace2:K"})

    assert default.context["indicator"] == "export_specialisation"
    assert qualified.context["item"]["code"] == "K"
    assert qualified.context["year"] == 2022
    assert qualified.context["years"] == list(range(2016, 2023))


def test_map_items_of_two_classifiers_name_the_classifier_in_words_not_its_code(client, snapshot):
    # Issue #12 (walk of the analyst's journey): the Russian map's position picker and heading read
    # "A (nace2). Сельское…", the classifier's internal code; a person reads ОКВЭД2 / OKVED2.
    query = {"dataset": ROSSTAT, "indicator": "national_localisation", "item": "nace2:K"}
    russian = client.get(MAP, query).content.decode()
    english_html = english(client).get(MAP, query).content.decode()

    assert "(nace2)" not in russian
    assert "(okved1)" not in russian
    assert "K (ОКВЭД2). " in russian
    assert "A (ОКВЭД1). " in russian
    assert "K (OKVED2). Financial and insurance activities" in english_html


def test_the_map_opens_on_the_data_set_that_covers_the_most_regions(client, snapshot):
    # Both data sets cover the five Central Black Earth regions; the paper's comes first in display order.
    assert client.get(MAP).context["dataset"].code == PAPER
    # One more year of the Rosstat series reaches Moscow and Tula too: 7 regions against 5.
    add_rosstat_year(snapshot, 2023, iso_codes=["RU-MOW", "RU-TUL"])

    assert client.get(MAP).context["dataset"].code == ROSSTAT
    # Asked for explicitly, the narrower data set is still shown.
    assert client.get(MAP, {"dataset": PAPER}).context["dataset"].code == PAPER


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        REGION + "?dataset=" + ROSSTAT,
        MACROREGION + "?dataset=" + ROSSTAT,
        MAP + "?dataset=" + ROSSTAT + "&indicator=national_localisation&item=A",
    ],
)
def test_pages_take_the_same_number_of_queries_as_data_grow(client, snapshot, url):
    client.get(url)  # warm caches (map shapes, sessions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for year in range(2023, 2030):
        add_rosstat_year(snapshot, year)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few)
    # the region page also reads its competence timeline (the events, and the partners' levels beside its gains),
    # the relatedness documents and the data bank's ratings series
    assert len(few) <= (11 if url.startswith(REGION) else 8)


def test_region_page_links_to_its_analytics(client, snapshot):
    html = client.get("/regions/RU-LIP/").content.decode()

    assert "/analytics/regions/RU-LIP/" in html


def test_scenario_names_follow_the_classifier_of_the_documents_year(client, snapshot):
    """OKVED1's "C" is mining, OKVED2's manufacturing: a 2022 scenario model must say manufacturing."""
    response = client.get(REGION, {"dataset": ROSSTAT, "year": 2022}, HTTP_ACCEPT_LANGUAGE="ru")

    national = next(level for level in response.context["scenario"] if level["key"] == "national")
    names = {entry["code"]: entry["name"] for entry in national["directions"]}
    assert names["C"] == "Обрабатывающие производства"


# --- Formula injection (OWASP) ----------------------------------------------------------


def test_a_data_set_named_like_a_formula_is_plain_text_in_the_public_downloads(client, snapshot):
    # given a data set whose name is a spreadsheet formula, and an item whose names start with "@" and "-"
    from analytics.models import ClassifierItem, Dataset

    hostile = '=HYPERLINK("http://x")'
    Dataset.objects.filter(code=PAPER).update(name_en=hostile, name_ru=hostile, source="+cmd|' /C calc'!A0")
    query = {"format": "csv", "dataset": PAPER, "region": "ru-lip"}
    first = next(csv.DictReader(io.StringIO(b"".join(client.get(EXPORT, query).streaming_content).decode()[1:])))
    ClassifierItem.objects.filter(classifier__code=first["classifier"], code=first["item_code"]).update(
        name_en="@SUM(1+1)", name_ru="-2+3"
    )

    # when
    xlsx = english(client).get(REGION, {"dataset": PAPER, "format": "xlsx"})
    export = client.get(EXPORT, query)

    # then the "About" sheet holds strings, not formulas
    about = {row[0].value: row[1] for row in load_workbook(io.BytesIO(xlsx.content))["About"].iter_rows()}
    assert about["Data set"].data_type == "s"
    assert about["Data set"].value == '\'=HYPERLINK("http://x")'
    assert about["Source"].value == "'+cmd|' /C calc'!A0"
    # and the CSV names are quoted while the values stay numbers
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8")[1:])))
    names = {(row["item_name_en"], row["item_name_ru"]) for row in rows}
    assert ("'@SUM(1+1)", "'-2+3") in names
    assert all(float(row["value"]) >= 0 for row in rows)
