"""NUL bytes (U+0000) are refused once, at the door: PostgreSQL can neither store nor compare them in text,
so any lookup with one raised a 500 on PostgreSQL (SQLite took it). Paths answer 404, query strings and
bodies 400; under /api/ the answer is JSON, like every other API error."""

import json

import pytest
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from cooperation.choices import ProjectState
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(reference_data):
    return APIClient()


def _json(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    return json.loads(response.content)


@pytest.mark.parametrize(
    "path",
    [
        "/api/classifiers/a%00/",
        "/api/federal-districts/%00/",
        "/api/macroregions/%00/",
        "/api/analytics/datasets/%00/",
        "/api/regions/RU-LIP%00/",
        "/api/no-such-collection%00/",
    ],
)
def test_api_path_with_nul_is_a_json_404(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert "detail" in _json(response)


@pytest.mark.parametrize("path", ["/analytics/regions/RU%00LIP/", "/regions/RU%00LIP/"])
def test_page_path_with_nul_is_a_404_page(api, path):
    response = api.get(path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_signed_in_page_path_with_nul_is_a_404(api, make_user):
    api.force_login(make_user())

    response = api.get("/cooperation/regions/RU%00LIP/")

    assert response.status_code == 404


@pytest.mark.parametrize("query", ["q=a%00b", "q=%00", "q=ok&page=%00"])
def test_search_page_query_with_nul_is_a_400(api, query):
    response = api.get(f"/search/?{query}")

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "url", ["/api/agents/?search=a%00", "/api/search/?q=a%00b", "/api/regions/?ordering=%00", "/api/agents/?%00=1"]
)
def test_api_query_with_nul_is_a_json_400(api, url):
    response = api.get(url)

    assert response.status_code == 400
    assert "detail" in _json(response)


def test_json_body_with_nul_is_a_400_before_any_lookup(api, make_user, lipetsk):
    # given a signed-in user who may create agents
    api.force_authenticate(make_user())

    # when a field holds an escaped NUL
    response = api.post(
        "/api/agents/",
        data=json.dumps({"name": "A\u0000B", "helix": "business", "region": "RU-LIP"}),
        content_type="application/json",
    )

    # then
    assert response.status_code == 400
    assert "detail" in _json(response)


def test_json_key_with_nul_is_a_400(api, make_user):
    api.force_authenticate(make_user())

    response = api.post("/api/agents/", data='{"na\\u0000me": "x"}', content_type="application/json")

    assert response.status_code == 400


def test_form_body_with_nul_is_a_400(api, make_user):
    api.force_authenticate(make_user())

    response = api.post(
        "/api/agents/", data="name=a%00b&helix=business", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert "detail" in _json(response)


def test_page_form_with_nul_is_a_400(make_user):
    from django.test import Client

    client = Client()
    client.force_login(make_user())

    response = client.post("/search/saved/new/", {"name": "a\x00b", "query": "q=a"})

    assert response.status_code == 400


def test_a_page_form_field_with_nul_is_refused_before_the_view(reference_data):
    """The language switch reads its field without a form: the middleware refuses the NUL first."""
    from django.test import Client

    response = Client().post("/i18n/setlang/", {"language": "ru\x00", "next": "/"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_a_caller_who_may_not_edit_gets_403_before_the_body_is_read(api, lipetsk, make_user):
    """The permission is checked before the body, so the body's lookups never run for such a caller."""
    # given a draft, which a moderator may see but not edit
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.DRAFT)
    api.force_authenticate(make_user(SiteRole.MODERATOR))

    # when the moderator sends a rubric that does not exist
    response = api.patch(f"/api/projects/{project.pk}/", {"rubrics": ["no-such-rubric"]}, format="json")

    # then the answer is about the permission, not about the body
    assert response.status_code == 403


def test_lead_member_on_a_published_project_gets_409_before_the_body_is_read(api, lipetsk):
    lead = AgentFactory(region=lipetsk)
    project = ProjectFactory(lead_agent=lead, state=ProjectState.PUBLISHED)
    api.force_authenticate(MembershipFactory(agent=lead).user)

    response = api.patch(f"/api/projects/{project.pk}/", {"rubrics": ["no-such-rubric"]}, format="json")

    assert response.status_code == 409
    assert _json(response)["state"] == ProjectState.PUBLISHED


def test_patch_rubric_with_nul_by_a_member_is_a_400(api, lipetsk):
    lead = AgentFactory(region=lipetsk)
    project = ProjectFactory(lead_agent=lead, state=ProjectState.DRAFT)
    api.force_authenticate(MembershipFactory(agent=lead).user)

    response = api.patch(f"/api/projects/{project.pk}/", {"rubrics": ["\u0000"]}, format="json")

    assert response.status_code == 400


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (ProjectState.SUBMITTED, "reject"),
        (ProjectState.SUBMITTED, "request-changes"),
        (ProjectState.PUBLISHED, "hide"),
        (ProjectState.PUBLISHED, "invite"),
    ],
)
def test_a_transition_with_a_body_checks_the_permission_before_the_body(api, lipetsk, state, action):
    # given a representative of the lead agent, who may neither moderate nor invite
    lead = AgentFactory(region=lipetsk)
    project = ProjectFactory(lead_agent=lead, state=state)
    api.force_authenticate(MembershipFactory(agent=lead).user)

    # when they send an empty body
    response = api.post(f"/api/projects/{project.pk}/{action}/", {}, format="json")

    # then the answer is about the permission, not the missing fields
    assert response.status_code == 403
