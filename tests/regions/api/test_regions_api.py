import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_regions_are_paginated_and_public(api, reference_data):
    response = api.get("/api/regions/")

    assert response.status_code == 200
    assert response.data["count"] == 85
    assert len(response.data["results"]) == 50
    assert response.data["next"].endswith("page=2")


def test_region_by_iso_code(api, reference_data):
    response = api.get("/api/regions/RU-LIP/")

    assert response.status_code == 200
    assert response.data["okato"] == "42"
    assert response.data["macroregion"] == "central-black-earth"
    assert response.data["federal_district"] == "CFD"


def test_filters_by_macroregion_and_federal_district(api, reference_data):
    cbe = api.get("/api/regions/", {"macroregion": "central-black-earth"})
    far_east = api.get("/api/regions/", {"federal_district": "FEFD"})

    assert {r["iso_code"] for r in cbe.data["results"]} == {"RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"}
    assert far_east.data["count"] == 11


def test_invalid_filter_value_is_a_400_naming_the_field(api, reference_data):
    response = api.get("/api/regions/", {"macroregion": "atlantis"})

    assert response.status_code == 400
    assert "macroregion" in response.data


def test_unknown_region_is_404(api, reference_data):
    assert api.get("/api/regions/RU-XXX/").status_code == 404


def test_regions_are_read_only(api, make_user, reference_data):
    api.force_authenticate(make_user("administrator"))

    response = api.post("/api/regions/", {"iso_code": "RU-NEW"}, format="json")

    assert response.status_code == 405


def test_macroregions_and_districts(api, reference_data):
    macroregions = api.get("/api/macroregions/").data
    districts = api.get("/api/federal-districts/").data

    assert len(macroregions) == 12
    assert {m["code"]: m["region_count"] for m in macroregions}["central-black-earth"] == 5
    assert len(districts) == 8
