"""API errors are JSON, whatever raised them; bodies nested too deep are a 400, not a RecursionError."""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from core.parsers import MAX_JSON_DEPTH
from regions.api.views import RegionApi

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(reference_data):
    # A real client sees the 500 page rather than the exception.
    return APIClient(raise_request_exception=False)


def test_100000_levels_of_json_nesting_are_a_400(api, make_user):
    # Signed in, so the body is read (an anonymous write is refused before it: the next test).
    api.force_authenticate(make_user())
    response = api.post("/api/comments/", data="[" * 100_000, content_type="application/json")

    assert response.status_code == 400
    assert "detail" in json.loads(response.content)


def test_100000_levels_posted_anonymously_are_refused_before_the_body_is_read(api):
    response = api.post("/api/comments/", data="[" * 100_000, content_type="application/json")

    assert response.status_code == 403  # comments need a signed-in author (the SERVICE_CHECKS marker)
    assert "detail" in json.loads(response.content)


def test_nesting_just_past_the_limit_is_a_400_and_at_the_limit_is_read(api, make_user):
    api.force_authenticate(make_user())
    too_deep = "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1)
    at_limit = '{"name": ' + "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1) + "}"

    assert api.post("/api/agents/", data=too_deep, content_type="application/json").status_code == 400
    # read, then refused by the serializer for its content, not for its depth
    response = api.post("/api/agents/", data=at_limit, content_type="application/json")
    assert response.status_code == 400
    assert "name" in json.loads(response.content)


def test_an_unexpected_error_in_the_api_is_a_json_500(api, monkeypatch):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(RegionApi, "list", broken)

    response = api.get("/api/regions/")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert set(json.loads(response.content)) == {"detail"}


def test_an_unexpected_error_on_a_page_is_the_html_500_page(reference_data, monkeypatch):
    from regions import views

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.RegionListView, "get", broken)

    response = Client(raise_request_exception=False).get("/regions/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_an_unknown_api_path_is_a_json_404(api):
    response = api.get("/api/no-such-collection/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_an_id_beyond_64_bits_in_a_filter_is_a_400(api):
    response = api.get("/api/agents/?competence=-20201388019994271744")

    assert response.status_code == 400
    assert "competence" in json.loads(response.content)


def test_in_on_an_integer_column_ignores_values_no_row_can_hold(reference_data):
    from regions.models import Region

    lipetsk = Region.objects.get(iso_code="RU-LIP")

    assert list(Region.objects.filter(pk__in=[2**70, lipetsk.pk, -(2**70)])) == [lipetsk]
    assert list(Region.objects.filter(pk__in=[2**70])) == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/comments/?project=-2.7825827245600117e%2B70",
        "/api/comments/?project=1.5",
        "/api/reports/?project=1e70",
        "/api/indicators/?project=99999999999999999999",
        "/api/interactions/?agent=-1e30",
    ],
)
def test_an_id_filter_takes_whole_numbers_of_64_bits(api, make_user, url):
    from accounts.choices import SiteRole

    api.force_authenticate(make_user(SiteRole.ADMINISTRATOR))

    response = api.get(url)

    assert response.status_code == 400


@pytest.mark.parametrize("collection", ["regions", "agents", "projects", "experts", "closing-reports"])
def test_a_search_text_of_100000_characters_is_a_400(api, collection):
    response = api.get(f"/api/{collection}/", {"q": "ж" * 100_000})

    assert response.status_code == 400
    assert "q" in json.loads(response.content)


def test_a_search_text_of_200_characters_is_read(api):
    response = api.get("/api/regions/", {"q": "ж" * 200})

    assert response.status_code == 200
    assert json.loads(response.content)["count"] == 0


@pytest.mark.parametrize("content_type", ["", "text/plain"])
def test_a_body_of_a_type_the_operation_does_not_read_is_a_json_415(api, make_user, content_type):
    """A client that sends a body without a Content-Type (or of a type no parser reads) is told so, in JSON; the
    schema documents it (``test_api_schema.py``).

    The schema fuzz sent a raw multipart body, which carries no boundary and so no Content-Type, and got an
    undocumented 415 from DRF's parser negotiation.
    """
    api.force_authenticate(make_user())
    response = api.generic("POST", "/api/comments/", data=b"true", content_type=content_type)

    assert response.status_code == 415
    assert "detail" in json.loads(response.content)
