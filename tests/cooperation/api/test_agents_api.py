import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models import Agent, AgentMembership
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_list_filters_by_helix_region_macroregion_and_competence(api, lipetsk, voronezh):
    steel = ClassifierItem.objects.get(classifier__code="grnti", code="53")
    university = AgentFactory(region=voronezh, helix="science")
    university.competences.add(steel)
    AgentFactory(region=lipetsk, helix="business")
    AgentFactory(region=lipetsk, helix="science", is_verified=False)

    def names(**params):
        return {a["id"] for a in api.get("/api/agents/", params).data["results"]}

    assert names(helix="science") == {university.pk}
    assert names(region="RU-VOR") == {university.pk}
    assert len(names(macroregion="central-black-earth")) == 2
    assert names(competence=steel.pk) == {university.pk}


def test_contacts_only_for_signed_in_callers(api, make_user, lipetsk):
    agent = AgentFactory(region=lipetsk, email="office@example.org")

    anonymous = api.get(f"/api/agents/{agent.pk}/").data
    api.force_authenticate(make_user())
    signed_in = api.get(f"/api/agents/{agent.pk}/").data

    assert anonymous["contacts"] is None
    assert signed_in["contacts"]["email"] == "office@example.org"


def test_token_authentication_creates_an_agent(api, make_user, lipetsk):
    user = make_user()
    token = Token.objects.create(user=user)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")

    response = api.post(
        "/api/agents/",
        {"name": "Новый кластер", "helix": "business", "region": "RU-LIP", "competences": []},
        format="json",
    )

    assert response.status_code == 201, response.data
    assert response.data["is_verified"] is False
    assert AgentMembership.objects.get(agent_id=response.data["id"]).user == user


def test_anonymous_cannot_create(api, reference_data):
    response = api.post("/api/agents/", {"name": "X", "helix": "business", "region": "RU-LIP"}, format="json")

    assert response.status_code in (401, 403)
    assert Agent.objects.count() == 0


def test_invalid_input_gives_one_message_per_field_in_the_callers_language(api, make_user, reference_data):
    api.force_authenticate(make_user())

    response = api.post(
        "/api/agents/",
        {"name": "", "helix": "aliens", "region": "RU-XXX", "email": "nope"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="ru",
    )

    assert response.status_code == 400
    assert set(response.data) == {"name", "helix", "region", "email"}
    assert str(response.data["name"][0]) == "Это поле не может быть пустым."
    assert Agent.objects.count() == 0


def test_join_decide_and_conflict_on_a_second_decision(api, make_user, lipetsk):
    agent = AgentFactory(region=lipetsk)
    admin = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user
    applicant = make_user()

    api.force_authenticate(applicant)
    joined = api.post(f"/api/agents/{agent.pk}/join/", {"message": "Хочу участвовать"}, format="json")
    duplicate = api.post(f"/api/agents/{agent.pk}/join/", {}, format="json")
    assert joined.status_code == 201
    assert duplicate.status_code == 400

    api.force_authenticate(admin)
    url = f"/api/memberships/{joined.data['id']}/decide/"
    first = api.post(url, {"decision": "approve", "role": "representative"}, format="json")
    second = api.post(url, {"decision": "decline"}, format="json")

    assert first.status_code == 200 and first.data["status"] == "approved"
    assert second.status_code == 409
    assert second.data["state"] == MembershipStatus.APPROVED
    assert AgentMembership.objects.get(pk=joined.data["id"]).status == "approved"


def test_memberships_of_others_are_hidden(api, make_user, lipetsk):
    membership = MembershipFactory(agent=AgentFactory(region=lipetsk))
    api.force_authenticate(make_user())

    assert api.get(f"/api/memberships/{membership.pk}/").status_code == 404
    assert api.get("/api/memberships/").data["count"] == 0


def test_list_query_count_is_constant(api, make_user, lipetsk):
    items = list(ClassifierItem.objects.filter(classifier__code="nace2")[:3])
    api.force_authenticate(make_user())

    def create(n):
        for agent in AgentFactory.create_batch(n, region=lipetsk):
            agent.competences.set(items)

    create(2)
    api.get("/api/agents/")  # warm the per-user permission memo, as any first request does
    with CaptureQueriesContext(connection) as few:
        assert api.get("/api/agents/").status_code == 200
    create(20)
    with CaptureQueriesContext(connection) as many:
        api.get("/api/agents/")

    assert len(many) == len(few)


def test_openapi_schema_documents_the_endpoints(api):
    response = api.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/regions/",
        "/api/regions/{iso_code}/",
        "/api/agents/",
        "/api/agents/{id}/verify/",
        "/api/agents/{id}/join/",
        "/api/memberships/{id}/decide/",
    ]:
        assert path in schema["paths"], path
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_interactive_docs_are_served_without_any_cdn(client):
    html = client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    # every script and stylesheet comes from this site (a CSRF token may contain "cdn", so look at URLs)
    assert re.findall(r"""(?:src|href)=["'](?:https?:)?//""", html) == []
