"""Structure pages: the moderation queue and its decisions (confirmation pages, reasons), editing and
resubmitting, the navbar's count, and the alliance builder (issue #14, items 5 and 6)."""

from datetime import date

import pytest

from levels.models import PairLevel, StructureDocument
from tests.cooperation.factories import AgentFactory
from tests.levels.factories import StructureFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def proposal(coordinator, lipetsk, voronezh, section):
    """The case of the issue: a coordinator's Lipetsk–Voronezh alliance with no document and no member."""
    return StructureFactory(
        member_regions=[lipetsk, voronezh], status="proposed", proposed_by=coordinator, sector=section
    )


def test_one_click_without_evidence_no_longer_confirms(client, moderator, proposal, django_capture_on_commit_callbacks):
    login(client, moderator)
    page = client.get(f"/cooperation/structures/{proposal.pk}/confirm/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200 and "What happens" in html and "Missing:" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cooperation/structures/{proposal.pk}/confirm/", {"reason": ""})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and not PairLevel.objects.exists()
    # with the moderator's written reason it is confirmed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cooperation/structures/{proposal.pk}/confirm/", {"reason": "Копия соглашения у нас"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "confirmed" and proposal.confirmation_reason == "Копия соглашения у нас"
    assert PairLevel.objects.filter(level=4).count() == 1


def test_ask_for_details_then_the_proposer_completes_and_submits_again(
    client, coordinator, moderator, proposal, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    lipetsk_agent, voronezh_agent = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    login(client, moderator)
    assert client.post(f"/cooperation/structures/{proposal.pk}/request-details/", {"reason": ""}).status_code == 400
    client.post(f"/cooperation/structures/{proposal.pk}/request-details/", {"reason": "Нужны участники и устав"})
    proposal.refresh_from_db()
    assert proposal.status == "changes_requested"
    # the proposer sees the request, edits the structure and submits it again
    login(client, coordinator)
    html = client.get(proposal.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Нужны участники и устав" in html and "Submit again" in html
    response = client.post(
        f"/cooperation/structures/{proposal.pk}/edit/",
        {
            "kind": "alliance",
            "name_ru": "Альянс",
            "founded_on": "2025-04-01",
            "member_regions": [lipetsk.pk, voronezh.pk],
            "member_agents": [lipetsk_agent.pk, voronezh_agent.pk],
            "sector": "C",
            "stage": "3",
            "origin": "bottom_up",
            "documents": "https://example.org/charter.pdf",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(f"/cooperation/structures/{proposal.pk}/submit/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "proposed" and proposal.stage == 3
    assert StructureDocument.objects.filter(structure=proposal).count() == 1
    # now the evidence is complete: the moderator confirms without a reason
    login(client, moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cooperation/structures/{proposal.pk}/confirm/", {"reason": ""})
    proposal.refresh_from_db()
    assert proposal.status == "confirmed"
    assert PairLevel.objects.get(level=4).reached_on == date(2025, 4, 1)


def test_the_moderation_queue_and_the_navbar_count(client, moderator, coordinator, proposal):
    login(client, moderator)
    html = client.get("/cooperation/structures/moderation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert proposal.name in html and "Ask for details" in html
    assert "Structures to confirm" in html and "1 waiting" in html
    # the other roles have neither the queue nor the menu entry
    login(client, coordinator)
    assert client.get("/cooperation/structures/moderation/").status_code == 403
    assert "Structures to confirm" not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_detail_shows_sector_stage_origin_parent_and_members_by_helix(
    client, coordinator, lipetsk, voronezh, section
):
    federal = StructureFactory(kind="federal_body", name_en="Federal council", origin="top_down", member_regions=[])
    business = AgentFactory(region=lipetsk, helix="business", name="Завод")
    science = AgentFactory(region=voronezh, helix="science", name="Университет")
    alliance = StructureFactory(
        member_regions=[lipetsk, voronezh],
        member_agents=[business, science],
        sector=section,
        parent=federal,
        stage=3,
        origin="bottom_up",
    )
    html = login(client, coordinator).get(alliance.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Manufacturing" in html and "3/4 — Joint bodies" in html and "Bottom-up" in html
    assert "Federal council" in html
    assert "Business community:</strong>" in html and "Science and education:</strong>" in html
