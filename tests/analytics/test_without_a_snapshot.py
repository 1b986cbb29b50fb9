"""The analytics pages and API before any competence map was computed.

Apart from the modules that test the same pages and endpoints with a snapshot, because those build their snapshot
once per module (``module_snapshot`` in ``tests/analytics/public_data.py``).
"""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

REGION = "/analytics/regions/RU-LIP/"
MACROREGION = "/analytics/macroregions/central-black-earth/"
MAP = "/analytics/map/"


@pytest.fixture
def api():
    return APIClient()  # anonymous: the analytics API is open data


@pytest.mark.parametrize("url", ["/analytics/", REGION, MACROREGION, MAP])
def test_pages_without_a_snapshot_say_so(client, reference_data, url):
    client.cookies["django_language"] = "en"
    response = client.get(url)

    assert response.status_code == 200
    assert "No competence map computed yet" in response.content.decode()


def test_export_without_a_snapshot_is_404(client, reference_data):
    assert client.get(REGION, {"format": "csv", "table": "scenario"}).status_code == 404
    assert client.get("/analytics/coefficients/export/", {"format": "csv"}).status_code == 404


def test_scenario_without_a_snapshot_is_404_with_a_clear_message(api, reference_data):
    response = api.get("/api/analytics/regions/RU-LIP/scenario/")

    assert response.status_code == 404
    assert response.json()["detail"] == "No competence map has been computed yet."


def test_coefficients_without_a_snapshot_are_empty(api, reference_data):
    assert api.get("/api/analytics/coefficients/").json()["count"] == 0


def test_relatedness_without_a_snapshot_is_404(api, reference_data):
    response = api.get("/api/analytics/regions/RU-LIP/relatedness/")
    assert response.status_code == 404
    assert "No competence map" in response.json()["detail"]
