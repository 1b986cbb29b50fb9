"""Issue #12 through the pages: partners on the draft form, confirmation pages, the checklist, the start date.

Irreversible steps (submit, approve, start, complete, archive) show a confirmation page (GET) that says what
happens and posts to the same address; it works without JavaScript and has no inline script, handler or style
(a strict Content-Security-Policy is coming).
"""

import datetime
import re

import pytest
from django.utils import timezone

from cooperation.choices import AgentRole, Helix, ParticipantStatus, ProjectState
from cooperation.models import Project
from tests.cooperation.factories import AgentFactory, MembershipFactory, ObjectiveFactory, ProjectFactory
from tests.monitoring.factories import EffectFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\son[a-z]+=|\sstyle=", re.IGNORECASE)


@pytest.fixture
def lead(lipetsk):
    return AgentFactory(region=lipetsk, helix=Helix.BUSINESS, name="Липецкий станкозавод")


@pytest.fixture
def proposer(lead):
    return MembershipFactory(agent=lead, role=AgentRole.REPRESENTATIVE).user


@pytest.fixture
def university(voronezh):
    return AgentFactory(region=voronezh, helix=Helix.SCIENCE, name="Воронежский университет")


def test_the_draft_form_invites_verified_partners_only(client, lead, proposer, university, voronezh):
    hidden = AgentFactory(region=voronezh, is_verified=False, name="Непроверенное агентство")
    client.force_login(proposer)

    shown = client.get("/projects/new/")
    response = client.post(
        "/projects/new/",
        {
            "lead_agent": lead.pk,
            "title_ru": "Центр прототипирования",
            "cooperation_types": ["production"],
            "partners": [university.pk],
        },
    )

    choices = set(shown.context["form"].fields["partners"].queryset)
    assert university in choices and hidden not in choices
    assert response.status_code == 302
    project = Project.objects.get(title_ru="Центр прототипирования")
    assert project.participants.get(agent=university).status == ParticipantStatus.INVITED
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Воронежский университет" in page
    assert "Invited when the project is published" in page or "Приглашение будет отправлено" in page


def test_the_submit_page_shows_the_checklist_and_refuses_an_incomplete_draft(client, lead, proposer):
    project = ProjectFactory(lead_agent=lead, created_by=proposer)
    client.force_login(proposer)

    page = client.get(f"/projects/{project.pk}/submit/", HTTP_ACCEPT_LANGUAGE="en")
    posted = client.post(f"/projects/{project.pk}/submit/")

    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("✗") == 4 and "✓" not in html
    assert f'href="/projects/{project.pk}/edit/#id_objectives"' in html
    assert f'href="/projects/{project.pk}/monitoring/"' in html
    assert 'method="post"' not in html.split("<main", 1)[1].split("</main>", 1)[0]  # no button to submit
    assert posted.status_code == 302
    assert Project.objects.get(pk=project.pk).state == ProjectState.DRAFT
    assert not INLINE.search(html)


def test_a_complete_draft_is_submitted_from_its_confirmation_page(client, lead, proposer, university):
    project = ProjectFactory(lead_agent=lead, created_by=proposer, helix_reason="Позже.")
    project.objectives.add(ObjectiveFactory())
    project.participants.create(agent=university, role="partner", status=ParticipantStatus.INVITED)
    IndicatorFactory(effect=EffectFactory(project=project))
    client.force_login(proposer)

    html = client.get(f"/projects/{project.pk}/submit/").content.decode()
    response = client.post(f"/projects/{project.pk}/submit/")

    assert html.count("✓") == 4 and "✗" not in html
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).state == ProjectState.SUBMITTED


@pytest.mark.parametrize(
    ("path", "state"),
    [("approve", ProjectState.SUBMITTED), ("complete", ProjectState.ACTIVE), ("archive", ProjectState.COMPLETED)],
)
def test_a_confirmation_page_changes_nothing_until_its_button_is_pressed(
    client, lead, proposer, make_user, path, state
):
    from accounts.choices import SiteRole

    project = ProjectFactory(lead_agent=lead, created_by=proposer, state=state)
    client.force_login(make_user(SiteRole.MODERATOR) if path == "approve" else proposer)

    page = client.get(f"/projects/{project.pk}/{path}/")

    assert page.status_code == 200
    assert (
        f'action="/projects/{project.pk}/{path}/"' in page.content.decode() or 'method="post"' in page.content.decode()
    )
    assert not INLINE.search(page.content.decode())
    assert Project.objects.get(pk=project.pk).state == state
    assert client.post(f"/projects/{project.pk}/{path}/").status_code == 302
    assert Project.objects.get(pk=project.pk).state != state


def test_the_start_page_asks_the_actual_start_and_refuses_the_future(client, lead, proposer):
    project = ProjectFactory(
        lead_agent=lead, created_by=proposer, state=ProjectState.PUBLISHED, starts_on=datetime.date(2027, 2, 1)
    )
    today = timezone.localdate()
    client.force_login(proposer)

    page = client.get(f"/projects/{project.pk}/start/")
    future = client.post(f"/projects/{project.pk}/start/", {"started_on": (today + datetime.timedelta(days=1))})
    past = client.post(f"/projects/{project.pk}/start/", {"started_on": (today - datetime.timedelta(days=20))})

    assert f'value="{today.isoformat()}"' in page.content.decode()
    assert future.status_code == 400
    assert "started_on" in future.context["form"].errors
    assert past.status_code == 302
    project = Project.objects.get(pk=project.pk)
    assert project.state == ProjectState.ACTIVE
    assert project.started_on == today - datetime.timedelta(days=20)
