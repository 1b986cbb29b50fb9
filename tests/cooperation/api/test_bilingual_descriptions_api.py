"""The English descriptions of agents and projects in the API: read next to ``description`` (the Russian
one, unchanged) and written where ``description`` is; callers that do not send them are served as before."""

import pytest
from rest_framework.test import APIClient

from cooperation.choices import AgentRole, ProjectState
from cooperation.models import Agent, Project
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

RUSSIAN = "Совместная лаборатория селекции в Воронеже."
ENGLISH = "A joint breeding laboratory in Voronezh."


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def lead_agent(lipetsk):
    return AgentFactory(region=lipetsk)


@pytest.fixture
def lead_member(lead_agent):
    return MembershipFactory(agent=lead_agent).user


# --- Projects.


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_project_reads_both_descriptions_whatever_the_callers_language(api, language):
    project = ProjectFactory(state=ProjectState.PUBLISHED, description=RUSSIAN, description_en=ENGLISH)

    detail = api.get(f"/api/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE=language).data
    listed = api.get("/api/projects/", HTTP_ACCEPT_LANGUAGE=language).data["results"]

    assert (detail["description"], detail["description_en"]) == (RUSSIAN, ENGLISH)
    assert [(item["description"], item["description_en"]) for item in listed] == [(RUSSIAN, ENGLISH)]


def test_a_project_is_drafted_and_edited_with_an_english_description(api, lead_agent, lead_member):
    api.force_authenticate(lead_member)

    created = api.post(
        "/api/projects/",
        {
            "lead_agent": lead_agent.pk,
            "title_ru": "Лаборатория",
            "cooperation_types": ["scientific"],
            "description": RUSSIAN,
            "description_en": f"  {ENGLISH} ",
        },
        format="json",
    )
    assert created.status_code == 201, created.data
    edited = api.patch(f"/api/projects/{created.data['id']}/", {"description_en": "Updated."}, format="json")

    assert edited.status_code == 200, edited.data
    assert created.data["description_en"] == ENGLISH
    assert (edited.data["description"], edited.data["description_en"]) == (RUSSIAN, "Updated.")
    project = Project.objects.get(pk=created.data["id"])
    assert (project.description, project.description_en) == (RUSSIAN, "Updated.")


def test_a_project_without_an_english_description_is_accepted_as_before(api, lead_agent, lead_member):
    api.force_authenticate(lead_member)

    response = api.post(
        "/api/projects/",
        {"lead_agent": lead_agent.pk, "title_ru": "Лаборатория", "cooperation_types": ["scientific"]},
        format="json",
    )

    assert response.status_code == 201, response.data
    assert response.data["description_en"] == ""


# --- Agents.


def test_an_agent_reads_both_descriptions(api, lipetsk):
    agent = AgentFactory(region=lipetsk, description=RUSSIAN, description_en=ENGLISH)

    detail = api.get(f"/api/agents/{agent.pk}/", HTTP_ACCEPT_LANGUAGE="en").data
    listed = api.get("/api/agents/").data["results"]

    assert (detail["description"], detail["description_en"]) == (RUSSIAN, ENGLISH)
    assert [(item["description"], item["description_en"]) for item in listed] == [(RUSSIAN, ENGLISH)]


def test_an_agent_is_registered_and_edited_with_an_english_description(api, make_user, lipetsk):
    api.force_authenticate(make_user())

    created = api.post(
        "/api/agents/",
        {"name": "Биоцентр", "helix": "science", "region": "RU-LIP", "description": RUSSIAN, "description_en": ENGLISH},
        format="json",
    )
    assert created.status_code == 201, created.data
    edited = api.patch(f"/api/agents/{created.data['id']}/", {"description_en": "Updated."}, format="json")

    assert edited.status_code == 200, edited.data
    assert created.data["description_en"] == ENGLISH
    assert (edited.data["description"], edited.data["description_en"]) == (RUSSIAN, "Updated.")
    agent = Agent.objects.get(pk=created.data["id"])
    assert (agent.description, agent.description_en) == (RUSSIAN, "Updated.")


def test_an_agent_without_an_english_description_is_accepted_as_before(api, lipetsk):
    agent = AgentFactory(region=lipetsk, description=RUSSIAN, description_en=ENGLISH)
    api.force_authenticate(MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user)

    response = api.patch(f"/api/agents/{agent.pk}/", {"description": "Новое описание."}, format="json")

    assert response.status_code == 200, response.data
    agent.refresh_from_db()
    assert (agent.description, agent.description_en) == ("Новое описание.", ENGLISH)
