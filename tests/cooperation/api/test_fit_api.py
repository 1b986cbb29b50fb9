"""The fit score in the API (the project's ``fit`` field, the preview endpoint) and on the pages
(project page, moderation queue sorted by fit, the form's live panel)."""

import pytest
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, Helix, ProjectState
from cooperation.models import ProjectFit
from cooperation.services.fit import project_fit_refresh
from cooperation.services.projects import participant_invite, participant_respond
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def partner(voronezh):
    return AgentFactory(region=voronezh, helix=Helix.SCIENCE, is_verified=True)


def test_preview_computes_the_four_parts_with_their_sentences_and_stores_nothing(api, lead_agent, partner):
    rubric = ClassifierItem.objects.get(classifier__code="grnti", code="53")
    # when
    response = api.get(
        "/api/projects/fit-preview/",
        {"lead_agent": lead_agent.pk, "partners": [partner.pk], "rubrics": [rubric.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    # then: without competence maps only the helices count: business + science = 2 of 4.
    assert response.status_code == 200, response.data
    parts = {part["key"]: part for part in response.data["parts"]}
    assert set(parts) == {"core", "complementarity", "relatedness", "helix_coverage"}
    assert parts["helix_coverage"]["value"] == 0.5
    assert parts["helix_coverage"]["sentence"].startswith("2 of the four helices take part.")
    assert parts["core"]["sentence"].startswith("0 of 1 chosen direction or rubric")
    assert response.data["score"] == pytest.approx(0.125)
    assert not ProjectFit.objects.exists()


def test_preview_refuses_an_unknown_partner_and_a_non_grnti_rubric(api, lead_agent):
    feacn = ClassifierItem.objects.filter(classifier__code="nace2").first()
    response = api.get("/api/projects/fit-preview/", {"partners": [999999], "rubrics": [feacn.pk]})
    assert response.status_code == 400
    assert set(response.data) >= {"partners", "rubrics"}


def test_the_project_carries_its_fit_and_the_moderation_queue_sorts_by_it(api, make_user, lead_agent, partner):
    # given two submitted projects: one with a partner of another helix (helix coverage 2/4), one alone (1/4)
    ProjectFactory(lead_agent=lead_agent, state=ProjectState.SUBMITTED, title_en="Alone")
    paired = ProjectFactory(lead_agent=lead_agent, state=ProjectState.SUBMITTED, title_en="Paired")
    ParticipantFactory(project=paired, agent=partner, status="accepted")
    project_fit_refresh()
    moderator = make_user(SiteRole.MODERATOR)
    api.force_authenticate(moderator)
    # when
    waiting = api.get("/api/projects/moderation-queue/").data["results"]
    by_fit = api.get("/api/projects/moderation-queue/", {"sort": "fit"}).data["results"]
    # then
    assert [row["title_en"] for row in waiting] == ["Alone", "Paired"]
    assert [row["title_en"] for row in by_fit] == ["Paired", "Alone"]
    assert by_fit[0]["fit"]["parts"][3]["value"] == 0.5
    api.force_authenticate(None)
    # and the page
    from django.test import Client

    client = Client()
    client.force_login(moderator)
    page = client.get("/projects/moderation/?sort=fit", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.index("Paired") < page.index("Alone")


def test_an_invitation_counts_in_the_fit_only_once_accepted_and_the_page_shows_it_and_the_levels(
    client, lead_agent, lead_admin, partner
):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED, title_en="Shared")
    project_fit_refresh(project_ids=[project.pk])
    assert ProjectFit.objects.get(project=project).helix_coverage == 0.25
    invitation = participant_invite(project=project, agent=partner, actor=lead_admin)
    # an invited agent has not joined: the stored (public) fit does not count it
    assert ProjectFit.objects.get(project=project).helix_coverage == 0.25
    client.force_login(lead_admin)
    page = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Fit score" in page and "1 of the four helices takes part." in page
    assert "invited, not yet active — level 3 with" in page
    # once it accepts, it counts
    partner_admin = MembershipFactory(agent=partner, role=AgentRole.ADMINISTRATOR).user
    participant_respond(participant=invitation, actor=partner_admin, accept=True)
    assert ProjectFit.objects.get(project=project).helix_coverage == 0.5
    page = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 of the four helices take part." in page


@pytest.fixture
def open_project_with_an_invitation(lead_agent, lead_admin, partner):
    """A published project open for partners, led from Lipetsk (business), that invited a Voronezh science agent."""
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED, title_en="Open")
    participant_invite(project=project, agent=partner, actor=lead_admin)
    return project


def test_the_public_fit_does_not_reveal_an_invited_agent(client, api, open_project_with_an_invitation, voronezh):
    project = open_project_with_an_invitation
    # when: a visitor reads the project page, the project in the API and the preview of the project's fit
    page = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    data = api.get(f"/api/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en").data
    preview = api.get("/api/projects/fit-preview/", {"project": project.pk}, HTTP_ACCEPT_LANGUAGE="en").data
    # then: only the lead (business, Lipetsk) counts — nothing says a science agent from Voronezh was asked
    assert "1 of the four helices takes part." in page and "2 of the four helices" not in page
    for fit in (data["fit"], preview):
        helices = next(part for part in fit["parts"] if part["key"] == "helix_coverage")
        assert helices["value"] == 0.25
    fit = ProjectFit.objects.get(project=project)
    assert fit.explanation["inputs"]["regions"] == [project.lead_agent.region_id]
    assert voronezh.pk not in fit.explanation["inputs"]["regions"]


def test_the_lead_previews_its_project_with_the_invitations_it_sent(api, lead_admin, open_project_with_an_invitation):
    # the lead's members chose the partnership: their preview of the edit form counts the invited partner
    api.force_authenticate(lead_admin)
    preview = api.get("/api/projects/fit-preview/", {"project": open_project_with_an_invitation.pk}).data
    helices = next(part for part in preview["parts"] if part["key"] == "helix_coverage")
    assert helices["value"] == 0.5


def test_the_form_has_the_live_fit_panel(client, lead_agent, lead_member):
    client.force_login(lead_member)
    page = client.get("/projects/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="fit-preview"' in page and 'aria-live="polite"' in page
    assert 'data-endpoint="/api/projects/fit-preview/"' in page
    assert "cooperation/project-fit" in page and "<script>" not in page
