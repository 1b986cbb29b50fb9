from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from levels.models import IntegratedStructure, Interaction, PairLevel
from tests.cooperation.factories import AgentFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


# --- Interactions.


def test_a_member_records_an_interaction_through_the_form(
    client, member, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    login(client, member)
    page = client.get("/cooperation/interactions/new/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<label for="id_participants"' in page and 'type="date"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/cooperation/interactions/new/",
            {
                "title": "Семинар по биотехнологиям",
                "kind": "conference",
                "occurred_on": "2024-05-20",
                "participants": [lipetsk_agent.pk, voronezh_agent.pk],
                "cooperation_types": ["scientific"],
                "link": "example.org/seminar",
                "description": "",
            },
        )
    interaction = Interaction.objects.get()
    assert response.status_code == 302 and response["Location"] == interaction.get_absolute_url()
    assert interaction.link == "https://example.org/seminar"
    # pending until Voronezh confirms: shown, but no level yet
    assert interaction.status == "pending" and not PairLevel.objects.exists()
    assert (
        "Awaiting the other side"
        in client.get(interaction.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_the_form_shows_the_services_errors_on_the_field(client, member, lipetsk_agent):
    login(client, member)
    response = client.post(
        "/cooperation/interactions/new/",
        {"title": "Встреча", "kind": "meeting", "occurred_on": "2024-05-20", "participants": [lipetsk_agent.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Choose organisations of at least two different regions." in response.context["form"].errors["participants"]


def test_users_without_role_or_agent_cannot_open_the_form(client, outsider, reference_data):
    assert login(client, outsider).get("/cooperation/interactions/new/").status_code == 403


def test_the_detail_page_offers_the_actions_the_user_may_take(
    client, member, moderator, outsider, lipetsk_agent, voronezh_agent
):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent], recorded_by=member)
    url = interaction.get_absolute_url()
    html = login(client, member).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"/cooperation/interactions/{interaction.pk}/edit/" in html and "Withdraw the interaction" in html
    html = login(client, outsider).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Withdraw the interaction" not in html and "/edit/" not in html
    # withdrawn: hidden from outsiders, shown to the moderators with a restore button
    interaction.is_withdrawn = True
    interaction.save(update_fields=["is_withdrawn"])
    assert login(client, outsider).get(url).status_code == 404
    html = login(client, moderator).get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Restore the interaction" in html


def test_withdrawing_from_the_page(client, member, lipetsk_agent, voronezh_agent):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent], recorded_by=member)
    login(client, member)
    response = client.post(f"/cooperation/interactions/{interaction.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert not interaction.is_withdrawn  # a reason is required
    client.post(f"/cooperation/interactions/{interaction.pk}/withdraw/", {"reason": "Дубликат"})
    interaction.refresh_from_db()
    assert interaction.is_withdrawn and interaction.withdrawn_reason == "Дубликат"


def test_an_outsider_cannot_withdraw(client, outsider, lipetsk_agent, voronezh_agent):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent])
    response = login(client, outsider).post(
        f"/cooperation/interactions/{interaction.pk}/withdraw/", {"reason": "Не нравится"}
    )
    assert response.status_code == 403


def test_correcting_through_the_form(client, member, lipetsk_agent, voronezh_agent):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent], recorded_by=member)
    login(client, member)
    form = client.get(f"/cooperation/interactions/{interaction.pk}/edit/").context["form"]
    assert form.initial["title"] == interaction.title
    response = client.post(
        f"/cooperation/interactions/{interaction.pk}/edit/",
        {
            "title": "Исправленное название",
            "kind": "forum",
            "occurred_on": "2024-03-01",
            "participants": [lipetsk_agent.pk, voronezh_agent.pk],
        },
    )
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert (interaction.title, interaction.kind) == ("Исправленное название", "forum")


def test_the_list_filters_and_takes_a_fixed_number_of_queries(client, outsider, lipetsk_agent, voronezh, tambov):
    login(client, outsider)

    def grow(count, region):
        for _ in range(count):
            InteractionFactory(participants=[lipetsk_agent, AgentFactory(region=region)])

    grow(2, voronezh)
    client.get("/cooperation/interactions/")
    with CaptureQueriesContext(connection) as small:
        client.get("/cooperation/interactions/")
    grow(8, tambov)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/cooperation/interactions/")
    assert response.context["paginator"].count == 10
    assert len(large.captured_queries) == len(small.captured_queries)
    assert client.get("/cooperation/interactions/?region=RU-VOR").context["paginator"].count == 2
    assert client.get("/cooperation/interactions/?cooperation_type=production").context["paginator"].count == 0


# --- Structures.


def test_a_coordinator_proposes_a_structure_and_a_moderator_confirms_it(
    client, coordinator, moderator, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    lipetsk_agent, voronezh_agent = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    login(client, coordinator)
    response = client.post(
        "/cooperation/structures/new/",
        {
            "kind": "cluster",
            "name_ru": "Межрегиональный кластер",
            "name_en": "",
            "founded_on": "2025-02-01",
            "member_regions": [lipetsk.pk, voronezh.pk],
            "member_agents": [lipetsk_agent.pk, voronezh_agent.pk],
            "sector": "C",
            "stage": "2",
            "origin": "bottom_up",
            "documents": "https://example.org/agreement.pdf\n",
            "description": "",
        },
    )
    structure = IntegratedStructure.objects.get()
    assert response.status_code == 302 and structure.status == "proposed"
    assert structure.documents.get().url == "https://example.org/agreement.pdf"
    # the moderator sees it in the queue and confirms it
    login(client, moderator)
    html = client.get("/cooperation/structures/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 proposal awaits confirmation" in html
    html = client.get(structure.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirm the structure" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cooperation/structures/{structure.pk}/confirm/", {"reason": ""})
    structure.refresh_from_db()
    assert structure.status == "confirmed"
    assert PairLevel.objects.get(level=4).reached_on == date(2025, 2, 1)


def test_a_bad_document_link_is_refused_on_the_field(client, coordinator, lipetsk, voronezh):
    response = login(client, coordinator).post(
        "/cooperation/structures/new/",
        {
            "kind": "cluster",
            "name_ru": "Кластер",
            "founded_on": "2025-02-01",
            "member_regions": [lipetsk.pk, voronezh.pk],
            "documents": "not a link",
        },
    )
    assert response.status_code == 200 and "documents" in response.context["form"].errors


def test_proposals_are_private_to_those_concerned(client, coordinator, outsider, lipetsk, voronezh):
    proposal = StructureFactory(member_regions=[lipetsk, voronezh], status="proposed")
    confirmed = StructureFactory(member_regions=[lipetsk, voronezh])
    assert login(client, outsider).get(proposal.get_absolute_url()).status_code == 404
    assert client.get(confirmed.get_absolute_url()).status_code == 200
    assert login(client, coordinator).get(proposal.get_absolute_url()).status_code == 200  # Voronezh's coordinator
    assert client.post(f"/cooperation/structures/{proposal.pk}/confirm/").status_code == 403


def test_a_moderator_records_a_dissolution(client, moderator, lipetsk, voronezh):
    structure = StructureFactory(member_regions=[lipetsk, voronezh])
    login(client, moderator).post(
        f"/cooperation/structures/{structure.pk}/dissolve/", {"dissolved_on": "2025-06-01", "reason": "Истёк срок"}
    )
    structure.refresh_from_db()
    assert (structure.status, structure.dissolved_on) == ("dissolved", date(2025, 6, 1))


def test_the_structure_list_takes_a_fixed_number_of_queries(client, outsider, lipetsk, voronezh, tambov):
    login(client, outsider)
    StructureFactory.create_batch(2, member_regions=[lipetsk, voronezh])
    client.get("/cooperation/structures/")
    with CaptureQueriesContext(connection) as small:
        client.get("/cooperation/structures/")
    StructureFactory.create_batch(8, member_regions=[lipetsk, voronezh, tambov])
    with CaptureQueriesContext(connection) as large:
        response = client.get("/cooperation/structures/")
    assert response.context["paginator"].count == 10
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_index_leads_to_the_network(client, outsider):
    response = login(client, outsider).get("/cooperation/")
    assert response.status_code == 302 and response["Location"] == "/cooperation/network/"


def test_a_moderator_attaches_a_file_to_a_structure(client, moderator, lipetsk, voronezh):
    from django.core.files.uploadedfile import SimpleUploadedFile

    structure = StructureFactory(member_regions=[lipetsk, voronezh])
    upload = SimpleUploadedFile("charter.pdf", b"%PDF-1.4 demo", content_type="application/pdf")
    login(client, moderator).post(
        f"/cooperation/structures/{structure.pk}/documents/", {"title": "Устав", "file": upload}
    )
    document = structure.documents.get()
    assert document.title == "Устав" and document.file.name.endswith(".pdf")
    html = client.get(structure.get_absolute_url()).content.decode()
    assert document.href in html
