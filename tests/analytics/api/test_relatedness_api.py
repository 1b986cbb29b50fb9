"""The relatedness API: a region's ECI and rank, density and possible-to-develop items per family.

Expected values from the paper's Table 2, worked out by hand in
``tests/analytics/computations/test_relatedness.py``.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from analytics.choices import Indicator
from analytics.models import Snapshot
from tests.analytics.public_data import (
    PAPER,
    ROSSTAT,
    add_rosstat_year,
    module_snapshot,  # noqa: F401 - the module fixture
)

pytestmark = pytest.mark.django_db

URL = "/api/analytics/regions/{iso}/relatedness/"


@pytest.fixture
def api():
    return APIClient()  # anonymous: open data, like the other analytics endpoints


@pytest.fixture
def snapshot(module_snapshot, db):  # noqa: F811 - the imported module fixture
    """The module's snapshot (built once for the module), read afresh."""
    return Snapshot.objects.get(pk=module_snapshot)


def _family(data, indicator):
    return next(family for family in data["families"] if family["indicator"] == indicator)


def test_lipetsk_relatedness_follows_the_contract(api, snapshot):
    response = api.get(URL.format(iso="RU-LIP"), {"dataset": PAPER})

    assert response.status_code == 200
    data = response.json()
    assert data["region"] == "RU-LIP" and data["dataset"] == PAPER
    assert data["rule"]["threshold"] == 1.0
    assert data["rule"]["quantile"] == 0.5 and data["rule"]["min_density"] is None
    # the four coefficient families of the paper's tables, each at the year its scenario model used
    years = {family["indicator"]: family["year"] for family in data["families"]}
    assert years == {
        Indicator.EXPORT_SPECIALISATION: 2020,
        Indicator.NATIONAL_LOCALISATION: 2020,
        Indicator.MACROREGIONAL_LOCALISATION: 2020,
        Indicator.ST_SPECIALISATION: 2021,
    }
    export = _family(data, Indicator.EXPORT_SPECIALISATION)
    assert export["source"] == "published"
    assert export["regions_ranked"] == 5 and 1 <= export["eci_rank"] <= 5
    assert export["cutoff"] == pytest.approx((9 / 29 + 3 / 23) / 2)
    items = {item["code"]: item for item in export["items"]}
    assert items["28-40"] == {
        "code": "28-40",
        "name_en": "Chemical industry products, rubber",
        "name_ru": items["28-40"]["name_ru"],
        "value": 0.11,
        "density": pytest.approx(9 / 29),
        "competence": False,
        "possible": True,
    }
    assert items["84-90"]["possible"] is False and items["84-90"]["density"] == pytest.approx(3 / 23)
    assert items["72-83"]["competence"] is True and items["72-83"]["possible"] is False


def test_the_cut_off_parameters(api, snapshot):
    data = api.get(URL.format(iso="RU-KRS"), {"dataset": PAPER, "min_density": 0.3}).json()
    # Kursk: 84-90 = 8/23 ~ 0.348 >= 0.3; 72-83 = 2/7 ~ 0.286 < 0.3
    export = _family(data, Indicator.EXPORT_SPECIALISATION)
    assert [item["code"] for item in export["items"] if item["possible"]] == ["84-90"]
    assert data["rule"]["min_density"] == 0.3 and data["rule"]["quantile"] is None
    data = api.get(URL.format(iso="RU-KRS"), {"dataset": PAPER, "quantile": 0}).json()
    export = _family(data, Indicator.EXPORT_SPECIALISATION)
    assert [item["code"] for item in export["items"] if item["possible"]] == ["72-83", "84-90"]


@pytest.mark.parametrize(
    "query",
    [{"quantile": 2}, {"quantile": "nan"}, {"min_density": -1}, {"min_density": "inf"}, {"year": "soon"}],
)
def test_bad_parameters_are_400(api, snapshot, query):
    assert api.get(URL.format(iso="RU-LIP"), query).status_code == 400


def test_404s_say_why(api, snapshot):
    assert "Unknown region" in api.get(URL.format(iso="RU-XXX")).json()["detail"]
    assert "Unknown data set" in api.get(URL.format(iso="RU-LIP"), {"dataset": "nope"}).json()["detail"]
    assert api.get(URL.format(iso="RU-LIP"), {"dataset": PAPER, "year": 1990}).status_code == 404


def test_a_region_without_data_in_the_data_set_has_no_rank_and_nothing_possible(api, snapshot):
    data = api.get(URL.format(iso="RU-NVS"), {"dataset": PAPER}).json()

    for family in data["families"]:
        assert family["eci"] is None and family["eci_rank"] is None and family["cutoff"] is None
        assert not any(item["possible"] for item in family["items"])


def test_query_count_is_constant(api, snapshot):
    url = URL.format(iso="RU-LIP") + "?dataset=" + ROSSTAT
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        assert api.get(url).status_code == 200
    for year in range(2023, 2026):
        add_rosstat_year(snapshot, year)
    with CaptureQueriesContext(connection) as many:
        assert api.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_schema_documents_it(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    operation = schema["paths"]["/api/analytics/regions/{iso}/relatedness/"]["get"]
    parameters = {parameter["name"] for parameter in operation["parameters"]}
    assert {"iso", "dataset", "year", "quantile", "min_density"} <= parameters
    assert "Relatedness" in schema["components"]["schemas"]
