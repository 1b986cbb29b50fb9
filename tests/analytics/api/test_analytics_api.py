"""The analytics read API: open data (no log-in), filters, the scenario and matrix contracts, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from analytics.models import Snapshot
from tests.analytics.public_data import (
    PAPER,
    ROSSTAT,
    add_rosstat_year,
    build_snapshot,
    module_snapshot,  # noqa: F401 - the module fixture
)

pytestmark = pytest.mark.django_db

CROSS_CUTTING = ["Automation. Computer engineering", "Computer science", "Cybernetics"]


@pytest.fixture
def api():
    return APIClient()  # anonymous: the analytics API is open data


@pytest.fixture
def snapshot(module_snapshot, db):  # noqa: F811 - the imported module fixture
    """The module's snapshot (built once for the module), read afresh."""
    return Snapshot.objects.get(pk=module_snapshot)


# --- Scenario model ------------------------------------------------------------------


def test_lipetsk_scenario_follows_the_contract(api, snapshot):
    response = api.get("/api/analytics/regions/RU-LIP/scenario/", {"dataset": PAPER})

    assert response.status_code == 200
    data = response.json()
    assert data["region"] == "RU-LIP"
    assert data["dataset"] == PAPER
    assert data["year"] == 2020
    assert data["years"] == {"global": 2020, "national": 2020, "macroregional": 2020, "st": 2021}
    assert list(data["levels"]) == ["global", "national", "macroregional"]
    codes = {level: [d["code"] for d in directions] for level, directions in data["levels"].items()}
    assert codes == {"global": ["01-24", "72-83"], "national": ["A", "C", "F", "L"], "macroregional": list("HIJKL")}
    food = data["levels"]["global"][0]
    assert set(food) == {"code", "name", "value", "st_competences", "cross_cutting"}
    assert food["value"] == pytest.approx(1.89)
    assert food["name"] == "Food products and agricultural raw materials"
    assert [c["name"] for c in food["st_competences"]] == ["Chemical technology. Chemical industry"]
    assert set(food["st_competences"][0]) == {"code", "name", "value"}
    assert [c["name"] for c in food["cross_cutting"]] == CROSS_CUTTING


def test_scenario_is_case_insensitive_and_defaults_to_a_data_set_that_has_one(api, snapshot):
    response = api.get("/api/analytics/regions/ru-lip/scenario/")

    assert response.status_code == 200
    assert response.json()["dataset"] == PAPER


@pytest.mark.parametrize(
    ("url", "query", "message"),
    [
        ("/api/analytics/regions/RU-XXX/scenario/", {}, "Unknown region"),
        ("/api/analytics/regions/RU-LIP/scenario/", {"dataset": "nope"}, "Unknown data set"),
        ("/api/analytics/regions/RU-LIP/scenario/", {"dataset": PAPER, "year": 1999}, "No scenario model"),
        # The recomputation models every data set (ROSSTAT too), for the regions with coefficients.
        ("/api/analytics/regions/RU-MOW/scenario/", {"dataset": ROSSTAT}, "No scenario model"),
        ("/api/analytics/macroregions/atlantis/matrix/", {}, "Unknown macro-region"),
        ("/api/analytics/macroregions/far-eastern/matrix/", {}, "No managerial matrix"),
    ],
)
def test_documents_404_say_why(api, snapshot, url, query, message):
    response = api.get(url, query)

    assert response.status_code == 404
    assert message in response.json()["detail"]


def test_scenario_rejects_a_malformed_year(api, snapshot):
    assert api.get("/api/analytics/regions/RU-LIP/scenario/", {"year": "soon"}).status_code == 400


# --- Managerial matrix ------------------------------------------------------------------


def test_matrix_of_the_central_black_earth(api, snapshot):
    response = api.get("/api/analytics/macroregions/central-black-earth/matrix/", {"dataset": PAPER})

    assert response.status_code == 200
    data = response.json()
    assert [region["code"] for region in data["regions"]] == ["RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"]
    manufacturing = next(d for d in data["levels"]["national"] if d["code"] == "C")
    assert [cell["mark"] for cell in manufacturing["cells"]] == ["+", "-", "+", "+", "-"]
    lipetsk_cross = next(entry for entry in data["cross_cutting"] if entry["region"] == "RU-LIP")
    assert [c["name"] for c in lipetsk_cross["competences"]] == CROSS_CUTTING


# --- Coefficients ---------------------------------------------------------------------------


def test_coefficients_filters(api, snapshot):
    url = "/api/analytics/coefficients/"
    lipetsk_c = api.get(url, {"region": "RU-LIP", "item": "C", "dataset": PAPER}).json()
    by_indicator = api.get(url, {"indicator": "st_specialisation", "region": "ru-lip"}).json()
    by_macro = api.get(url, {"macroregion": "central-black-earth", "dataset": ROSSTAT, "year": 2022}).json()
    by_classifier = api.get(url, {"classifier": "feacn_groups", "competence": "true", "region": "RU-LIP"}).json()

    # Table 4 lists only sections where some region is specialised macro-regionally: C is not among them.
    assert [(r["indicator"], r["year"], r["value"]) for r in lipetsk_c["results"]] == [
        ("national_localisation", 2020, 2.29)
    ]
    first = lipetsk_c["results"][0]
    assert set(first) == {
        "dataset",
        "indicator",
        "region",
        "region_name_ru",
        "region_name_en",
        "macroregion",
        "classifier",
        "item",
        "item_name_ru",
        "item_name_en",
        "year",
        "value",
        "is_competence",
    }
    assert by_indicator["count"] == 40 and {r["year"] for r in by_indicator["results"]} == {2021}
    assert by_macro["count"] == 5 * 3 * 2  # regions × sections × localisation factors
    assert {r["item"] for r in by_classifier["results"]} == {"01-24", "72-83"}


def test_coefficients_of_another_snapshot_and_bad_filters(api, snapshot):
    old = snapshot
    build_snapshot()  # a newer current snapshot
    Snapshot.objects.filter(pk=old.pk).update(is_current=False)

    current = api.get("/api/analytics/coefficients/", {"region": "RU-LIP", "dataset": PAPER}).json()
    previous = api.get("/api/analytics/coefficients/", {"region": "RU-LIP", "dataset": PAPER, "snapshot": old.pk})

    assert previous.status_code == 200 and previous.json()["count"] == current["count"] > 0
    assert api.get("/api/analytics/coefficients/", {"snapshot": 99999}).status_code == 400
    assert api.get("/api/analytics/coefficients/", {"indicator": "nonsense"}).status_code == 400
    assert api.get("/api/analytics/coefficients/", {"year": "x"}).status_code == 400


def test_coefficients_are_paginated(api, snapshot):
    response = api.get("/api/analytics/coefficients/", {"page_size": 10})

    data = response.json()
    assert len(data["results"]) == 10 and data["count"] > 10 and data["next"]


# --- Data sets and snapshots -------------------------------------------------------------------


def test_datasets_and_snapshots(api, snapshot):
    datasets = api.get("/api/analytics/datasets/").json()
    one = api.get(f"/api/analytics/datasets/{PAPER}/").json()
    snapshots = api.get("/api/analytics/snapshots/").json()

    assert [d["code"] for d in datasets] == [PAPER, ROSSTAT]
    assert one["source"].startswith("Lyshchikova")
    assert snapshots["count"] == 1
    entry = snapshots["results"][0]
    assert entry["status"] == "complete" and entry["is_current"] is True
    assert entry["started_at"] and entry["finished_at"] and entry["row_counts"]["coefficients"] > 0


def test_the_api_is_read_only(api, snapshot):
    assert api.post("/api/analytics/coefficients/", {}).status_code in {403, 405}
    assert api.post("/api/analytics/datasets/", {}).status_code in {403, 405}
    assert api.delete(f"/api/analytics/snapshots/{snapshot.pk}/").status_code in {403, 405}


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/api/analytics/coefficients/?dataset=" + ROSSTAT,
        "/api/analytics/snapshots/",
        "/api/analytics/datasets/",
        "/api/analytics/regions/RU-LIP/scenario/?dataset=" + PAPER,
    ],
)
def test_list_query_counts_are_constant(api, snapshot, url):
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    for year in range(2023, 2030):
        add_rosstat_year(snapshot, year)
    build_snapshot()  # one more snapshot in the list
    with CaptureQueriesContext(connection) as many:
        assert api.get(url).status_code == 200

    assert len(many) == len(few)


def test_openapi_schema_documents_the_analytics_endpoints(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    paths = schema["paths"]
    for path in (
        "/api/analytics/coefficients/",
        "/api/analytics/regions/{iso}/scenario/",
        "/api/analytics/macroregions/{code}/matrix/",
        "/api/analytics/datasets/",
        "/api/analytics/snapshots/",
    ):
        assert path in paths
    levels = schema["components"]["schemas"]["ScenarioLevels"]["properties"]
    assert set(levels) == {"global", "national", "macroregional"}
    parameters = {p["name"] for p in paths["/api/analytics/coefficients/"]["get"]["parameters"]}
    assert {"region", "macroregion", "item", "classifier", "year", "indicator", "dataset", "snapshot"} <= parameters


# --- End to end with the recomputation service ------------------------------------------------

FIGURE_1 = {
    "global": ["01-24", "72-83"],
    "national": ["A", "C", "F", "L"],
    "macroregional": ["H", "I", "J", "K", "L"],
}


def test_recomputed_lipetsk_scenario_through_the_api_is_figure_1(api, reference_data):
    """The paper's Tables 2–5 loaded as shipped, recomputed by the service, read through the API."""
    from analytics.services.shipped import shipped_load_cbe_2020, shipped_load_concordance
    from analytics.services.snapshots import snapshot_recompute

    # given
    shipped_load_cbe_2020()
    shipped_load_concordance()
    snapshot_recompute()

    # when
    response = api.get("/api/analytics/regions/RU-LIP/scenario/", {"dataset": "cbe-2020"})

    # then
    assert response.status_code == 200
    levels = response.json()["levels"]
    assert {level: [d["code"] for d in directions] for level, directions in levels.items()} == FIGURE_1
    for directions in levels.values():
        for direction in directions:
            assert [c["name"] for c in direction["cross_cutting"]] == CROSS_CUTTING
    metals = next(d for d in levels["global"] if d["code"] == "72-83")
    expected = {"Mechanical engineering", "Metallurgy", "Electrical engineering"}
    assert {c["name"] for c in metals["st_competences"]} == expected
    transport = next(d for d in levels["macroregional"] if d["code"] == "H")
    assert transport["value"] == pytest.approx(1.00)  # Figure 1 counts 1.00 as a competence
