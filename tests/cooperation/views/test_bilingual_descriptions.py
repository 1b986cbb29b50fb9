"""Descriptions of projects and agents in both languages: the pages show the page's language, mark a
fallback to the other one with ``lang`` (for screen readers), and the forms save both."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.choices import AgentRole, ProjectState
from cooperation.forms import AgentForm, ProjectForm
from cooperation.models import Agent, Project
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db

RUSSIAN = "Совместная лаборатория селекции в Воронеже."
ENGLISH = "A joint breeding laboratory in Voronezh."


def project_page(client, language, **descriptions):
    project = ProjectFactory(state=ProjectState.PUBLISHED, **descriptions)
    return client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE=language)


def agent_page(client, language, **descriptions):
    agent = AgentFactory(**descriptions)
    return client.get(f"/agents/{agent.pk}/", HTTP_ACCEPT_LANGUAGE=language)


# --- The project page.


@pytest.mark.parametrize(
    ("language", "descriptions", "shown", "hidden"),
    [
        ("en", {"description": RUSSIAN, "description_en": ENGLISH}, f"<div><p>{ENGLISH}</p></div>", RUSSIAN),
        ("en", {"description": RUSSIAN, "description_en": ""}, f'<div lang="ru"><p>{RUSSIAN}</p></div>', None),
        ("ru", {"description": RUSSIAN, "description_en": ENGLISH}, f"<div><p>{RUSSIAN}</p></div>", ENGLISH),
        ("ru", {"description": "", "description_en": ENGLISH}, f'<div lang="en"><p>{ENGLISH}</p></div>', None),
    ],
)
def test_the_project_page_shows_the_description_in_its_language_and_marks_a_fallback(
    client, language, descriptions, shown, hidden
):
    response = project_page(client, language, **descriptions)

    assertContains(response, shown, html=True)
    if hidden:
        assertNotContains(response, hidden)
    with translation.override(language):
        assertContains(response, gettext("Description"))


def test_a_project_page_in_its_own_language_does_not_mark_the_description(client):
    response = project_page(client, "ru", description=RUSSIAN)

    assertNotContains(response, 'lang="ru"><p>')
    assertContains(response, f"<div><p>{RUSSIAN}</p></div>", html=True)


def test_a_project_without_any_description_has_no_description_section(client):
    response = project_page(client, "en", description="", description_en="")

    assertNotContains(response, 'id="description-heading"')


# --- The agent page.


@pytest.mark.parametrize(
    ("language", "descriptions", "shown", "hidden"),
    [
        ("en", {"description": RUSSIAN, "description_en": ENGLISH}, f"<p>{ENGLISH}</p>", RUSSIAN),
        ("en", {"description": RUSSIAN, "description_en": ""}, f'<p lang="ru">{RUSSIAN}</p>', None),
        ("ru", {"description": RUSSIAN, "description_en": ENGLISH}, f"<p>{RUSSIAN}</p>", ENGLISH),
        ("ru", {"description": "", "description_en": ENGLISH}, f'<p lang="en">{ENGLISH}</p>', None),
    ],
)
def test_the_agent_page_shows_the_description_in_its_language_and_marks_a_fallback(
    client, language, descriptions, shown, hidden
):
    response = agent_page(client, language, **descriptions)

    assertContains(response, shown, html=True)
    if hidden:
        assertNotContains(response, hidden)


def test_an_agent_without_any_description_has_no_about_section(client):
    response = agent_page(client, "ru", description="", description_en="")

    assertNotContains(response, 'id="about-heading"')


# --- The forms.


def test_the_forms_ask_for_the_description_in_each_language_next_to_each_other():
    with translation.override("en"):
        for form in (ProjectForm(), AgentForm()):
            fields = list(form.fields)
            assert fields.index("description_en") == fields.index("description") + 1
            assert form.fields["description"].label == gettext("Description (in Russian)")
            assert form.fields["description_en"].label == gettext("Description (in English)")
            assert form.fields["description_en"].widget.attrs["lang"] == "en"


def test_drafting_a_project_saves_both_descriptions(client, lipetsk, reference_data):
    lead = AgentFactory(region=lipetsk)
    member = MembershipFactory(agent=lead).user
    client.force_login(member)

    response = client.post(
        "/projects/new/",
        {
            "lead_agent": lead.pk,
            "title_ru": "Лаборатория",
            "cooperation_types": ["scientific"],
            "description": f"  {RUSSIAN} ",
            "description_en": f" {ENGLISH}  ",
        },
    )

    assert response.status_code == 302
    project = Project.objects.get(title_ru="Лаборатория")
    assert (project.description, project.description_en) == (RUSSIAN, ENGLISH)


def test_editing_a_draft_adds_the_english_description(client, lipetsk):
    lead = AgentFactory(region=lipetsk)
    member = MembershipFactory(agent=lead).user
    project = ProjectFactory(lead_agent=lead, title_ru="Лаборатория", description=RUSSIAN)
    client.force_login(member)

    response = client.post(
        f"/projects/{project.pk}/edit/",
        {
            "title_ru": "Лаборатория",
            "cooperation_types": ["scientific"],
            "description": RUSSIAN,
            "description_en": ENGLISH,
        },
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.description, project.description_en) == (RUSSIAN, ENGLISH)


def test_registering_and_editing_an_agent_saves_both_descriptions(client, make_user, lipetsk):
    client.force_login(make_user())
    fields = {"name": "Биоцентр", "helix": "science", "region": lipetsk.pk, "description": RUSSIAN}

    created = client.post("/agents/new/", {**fields, "description_en": ENGLISH})
    agent = Agent.objects.get(name="Биоцентр")
    edited = client.post(f"/agents/{agent.pk}/edit/", {**fields, "description_en": "Updated."})

    assert created.status_code == 302 and edited.status_code == 302
    agent.refresh_from_db()
    assert (agent.description, agent.description_en) == (RUSSIAN, "Updated.")


def test_an_agent_administrator_sees_both_descriptions_in_the_edit_form(client, lipetsk):
    agent = AgentFactory(region=lipetsk, description=RUSSIAN, description_en=ENGLISH)
    client.force_login(MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user)

    response = client.get(f"/agents/{agent.pk}/edit/")

    assert response.context["form"]["description"].value() == RUSSIAN
    assert response.context["form"]["description_en"].value() == ENGLISH


@pytest.mark.parametrize(
    ("language", "summaries", "shown"),
    [
        ("en", {"summary_ru": RUSSIAN, "summary_en": ""}, f'<p class="lead" lang="ru">{RUSSIAN}</p>'),
        ("en", {"summary_ru": RUSSIAN, "summary_en": ENGLISH}, f'<p class="lead">{ENGLISH}</p>'),
        ("ru", {"summary_ru": "", "summary_en": ENGLISH}, f'<p class="lead" lang="en">{ENGLISH}</p>'),
    ],
)
def test_the_summary_is_marked_when_it_falls_back_to_the_other_language(client, language, summaries, shown):
    assertContains(project_page(client, language, **summaries), shown, html=True)


def test_the_agent_directory_finds_words_of_the_english_description(client, lipetsk):
    AgentFactory(region=lipetsk, name="Лаборатория", description_en="Plant breeding and seed testing")
    AgentFactory(region=lipetsk, name="Завод", description_en="Metal works")

    found = client.get("/agents/", {"q": "breeding"}).context["agents"]

    assert [agent.name for agent in found] == ["Лаборатория"]
