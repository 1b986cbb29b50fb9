"""Milestones in both languages (#12): the form and the API take an English title, the project page shows the
reader's language and marks a fallback with ``lang``; one title at least."""

import datetime

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.models import Milestone
from tests.cooperation.factories import AgentFactory, MembershipFactory, MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def project(lipetsk):
    return ProjectFactory(lead_agent=AgentFactory(region=lipetsk), starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))


@pytest.fixture
def lead_member(project):
    return MembershipFactory(agent=project.lead_agent).user


def test_the_form_adds_and_edits_an_english_title(client, project, lead_member):
    client.force_login(lead_member)

    form = client.get(f"/projects/{project.pk}/milestones/", HTTP_ACCEPT_LANGUAGE="en")
    added = client.post(f"/projects/{project.pk}/milestones/", {"title_en": "Report", "due_on": "2026-06-30"})
    milestone = Milestone.objects.get()
    edit_form = client.get(f"/projects/milestones/{milestone.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
    edited = client.post(
        f"/projects/milestones/{milestone.pk}/edit/",
        {"title": "Отчёт", "title_en": "Final report", "due_on": "2026-07-01"},
    )
    milestone.refresh_from_db()

    assertContains(form, 'name="title_en"')
    assert added.status_code == 302
    assertContains(edit_form, 'value="Report"')
    assert edited.status_code == 302 and (milestone.title, milestone.title_en) == ("Отчёт", "Final report")


def test_a_milestone_without_a_title_comes_back_with_the_error(client, project, lead_member):
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{project.pk}/milestones/",
        {"title": "", "title_en": " ", "due_on": "2026-06-30"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Give a title, in Russian or in English."]
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("language", "title_en", "shown", "hidden"),
    [
        ("en", "Pilot in Belgorod", '<div class="fw-semibold">Pilot in Belgorod</div>', "Опыт в Белгороде"),
        ("ru", "Pilot in Belgorod", '<div class="fw-semibold">Опыт в Белгороде</div>', "Pilot in Belgorod"),
        ("en", "", '<div class="fw-semibold" lang="ru">Опыт в Белгороде</div>', None),
    ],
)
def test_the_project_page_shows_the_readers_language(client, project, lead_member, language, title_en, shown, hidden):
    MilestoneFactory(project=project, title="Опыт в Белгороде", title_en=title_en, due_on=D(2026, 5, 1))
    client.force_login(lead_member)

    page = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE=language)

    assertContains(page, shown, html=True)
    if hidden:
        assertNotContains(page, hidden)


def test_the_api_writes_and_reads_the_english_title(client, project, lead_member):
    client.force_login(lead_member)

    created = client.post(
        "/api/project-milestones/",
        {"project": project.pk, "title_en": "Kick-off", "due_on": "2026-02-01"},
        content_type="application/json",
    )
    untitled = client.post(
        "/api/project-milestones/", {"project": project.pk, "due_on": "2026-02-01"}, content_type="application/json"
    )

    assert created.status_code == 201, created.content
    assert (created.json()["title"], created.json()["title_en"]) == ("", "Kick-off")
    assert untitled.status_code == 400 and "title" in untitled.json()
