from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from levels.models import IntegratedStructure, Interaction
from levels.services import levels_recompute
from tests.cooperation.factories import AgentFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def as_user(api, user):
    api.force_authenticate(user)
    return api


# --- Interactions.


def test_anonymous_callers_get_nothing(api, reference_data):
    for url in (
        "/api/interactions/",
        "/api/integrated-structures/",
        "/api/cooperation-levels/pairs/",
        "/api/cooperation-levels/regions/",
    ):
        assert api.get(url).status_code in (401, 403)


def test_record_an_interaction_and_read_it_back(
    api, member, coordinator, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api, member).post(
            "/api/interactions/",
            {
                "title": "Обмен материалами",
                "kind": "materials",
                "occurred_on": "2024-04-01",
                "participants": [lipetsk_agent.pk, voronezh_agent.pk],
                "cooperation_types": ["educational"],
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["regions"] == ["RU-LIP", "RU-VOR"] and body["cooperation_types"] == ["educational"]
    # one side's word is not enough: pending, no level yet
    assert body["status"] == "pending" and body["recorder_region"] == "RU-LIP"
    assert api.get("/api/cooperation-levels/pairs/?region=RU-LIP").json()["results"] == []
    # the Voronezh coordinator confirms; then it counts
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = as_user(api, coordinator).post(f"/api/interactions/{body['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert as_user(api, coordinator).post(f"/api/interactions/{body['id']}/confirm/").status_code == 409
    pairs = api.get("/api/cooperation-levels/pairs/?region=RU-LIP").json()["results"]
    assert [(row["region_a"], row["region_b"], row["level"], row["reached_on"]) for row in pairs] in (
        [("RU-LIP", "RU-VOR", 1, "2024-04-01")],
        [("RU-VOR", "RU-LIP", 1, "2024-04-01")],
    )
    assert pairs[0]["evidence"] == [{"kind": "interaction", "id": body["id"], "date": "2024-04-01", "level": 1}]


def test_bad_input_answers_per_field(api, member, lipetsk_agent, voronezh_agent):
    response = as_user(api, member).post(
        "/api/interactions/",
        {"title": "x", "kind": "meeting", "occurred_on": "2024-04-01", "participants": [lipetsk_agent.pk]},
        format="json",
    )
    assert response.status_code == 400 and "participants" in response.json()
    response = api.post("/api/interactions/", {"kind": "party"}, format="json")
    assert response.status_code == 400 and {"kind", "occurred_on", "participants"} <= set(response.json())
    # a title is needed in one language at least (Russian or English): said on the field once the rest is valid
    response = api.post(
        "/api/interactions/",
        {"kind": "meeting", "occurred_on": "2024-04-01", "participants": [lipetsk_agent.pk, voronezh_agent.pk]},
        format="json",
    )
    assert response.status_code == 400 and "title" in response.json()


def test_withdrawing_twice_is_a_conflict(api, member, lipetsk_agent, voronezh_agent):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent])
    as_user(api, member)
    url = f"/api/interactions/{interaction.pk}/withdraw/"
    assert api.post(url, {"reason": "Ошибка"}, format="json").status_code == 200
    response = api.post(url, {"reason": "Ошибка"}, format="json")
    assert response.status_code == 409 and response.json()["state"] == "withdrawn"
    # the recorder's side still sees it; its correction is a conflict until a moderator restores it
    response = api.patch(f"/api/interactions/{interaction.pk}/", {"title": "Другое"}, format="json")
    assert response.status_code == 409


def test_outsiders_cannot_change_and_do_not_see_withdrawn_ones(api, outsider, lipetsk_agent, voronezh_agent):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent])
    as_user(api, outsider)
    assert api.patch(f"/api/interactions/{interaction.pk}/", {"title": "x"}, format="json").status_code == 403
    assert api.post(f"/api/interactions/{interaction.pk}/withdraw/", {"reason": "x"}, format="json").status_code == 403
    Interaction.objects.filter(pk=interaction.pk).update(is_withdrawn=True)
    assert api.get(f"/api/interactions/{interaction.pk}/").status_code == 404
    assert api.get("/api/interactions/").json()["count"] == 0
    assert api.delete(f"/api/interactions/{interaction.pk}/").status_code in (403, 404, 405)


def test_the_interaction_list_filters_and_takes_a_fixed_number_of_queries(
    api, outsider, lipetsk_agent, voronezh, tambov
):
    as_user(api, outsider)
    for _ in range(2):
        InteractionFactory(participants=[lipetsk_agent, AgentFactory(region=voronezh)], occurred_on=date(2023, 1, 1))
    api.get("/api/interactions/")
    with CaptureQueriesContext(connection) as small:
        api.get("/api/interactions/")
    for _ in range(8):
        InteractionFactory(participants=[lipetsk_agent, AgentFactory(region=tambov)], cooperation_types=["consulting"])
    with CaptureQueriesContext(connection) as large:
        assert api.get("/api/interactions/").json()["count"] == 10
    assert len(large.captured_queries) == len(small.captured_queries)
    assert api.get("/api/interactions/?region=RU-TAM").json()["count"] == 8
    assert api.get("/api/interactions/?cooperation_type=consulting").json()["count"] == 8
    assert api.get("/api/interactions/?date_before=2023-12-31").json()["count"] == 2


# --- Structures.


def test_propose_then_confirm_a_structure(api, coordinator, moderator, lipetsk, voronezh, lipetsk_agent):
    response = as_user(api, coordinator).post(
        "/api/integrated-structures/",
        {
            "kind": "strategy",
            "name_en": "Joint innovation strategy",
            "founded_on": "2025-01-15",
            "member_regions": ["RU-LIP", "RU-VOR"],
            "member_agents": [lipetsk_agent.pk],
            "documents": ["https://example.org/strategy.pdf"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "proposed" and sorted(body["member_regions"]) == ["RU-LIP", "RU-VOR"]
    assert body["documents"][0]["url"] == "https://example.org/strategy.pdf"
    url = f"/api/integrated-structures/{body['id']}/"
    assert api.post(url + "confirm/").status_code == 403
    # the Voronezh member is missing: confirmation needs the moderator's written reason
    response = as_user(api, moderator).post(url + "confirm/")
    assert response.status_code == 400 and "reason" in response.content.decode(), response.content
    confirmed = api.post(url + "confirm/", {"reason": "Стратегия утверждена обоими губернаторами"}, format="json")
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed.json()["confirmation_reason"] == "Стратегия утверждена обоими губернаторами"
    response = api.post(url + "confirm/")
    assert response.status_code == 409 and response.json()["state"] == "confirmed"
    response = api.post(url + "dissolve/", {"dissolved_on": "2025-06-01", "reason": "Завершена"}, format="json")
    assert response.json()["dissolved_on"] == "2025-06-01"


def test_a_proposal_is_private_and_rejection_needs_a_reason(api, outsider, moderator, lipetsk, voronezh):
    proposal = StructureFactory(member_regions=[lipetsk, voronezh], status="proposed")
    assert as_user(api, outsider).get(f"/api/integrated-structures/{proposal.pk}/").status_code == 404
    assert api.get("/api/integrated-structures/").json()["count"] == 0
    as_user(api, moderator)
    assert api.post(f"/api/integrated-structures/{proposal.pk}/reject/", {}, format="json").status_code == 400
    response = api.post(f"/api/integrated-structures/{proposal.pk}/reject/", {"reason": "Нет документов"})
    assert response.json()["status"] == "rejected"
    assert IntegratedStructure.objects.get().rejection_reason == "Нет документов"


# --- Levels.


def test_region_levels_with_filters(api, outsider, lipetsk, voronezh, tambov, lipetsk_agent, voronezh_agent):
    InteractionFactory(participants=[lipetsk_agent, voronezh_agent], occurred_on=date(2024, 3, 1))
    StructureFactory(member_regions=[lipetsk, tambov], founded_on=date(2025, 4, 1), dissolved_on=date(2025, 9, 1))
    levels_recompute(as_of=timezone.localdate())
    as_user(api, outsider)
    rows = api.get("/api/cooperation-levels/regions/?region=RU-LIP", HTTP_ACCEPT_LANGUAGE="en").json()["results"]
    assert [(row["level"], row["level_name"], row["reached_on"], row["lost_on"]) for row in rows] == [
        (1, "Information", "2024-03-01", None),
        (2, "Expert", "2025-04-01", "2025-09-01"),
        (3, "Project", "2025-04-01", "2025-09-01"),
        (4, "Integrated", "2025-04-01", "2025-09-01"),
    ]
    current = api.get("/api/cooperation-levels/regions/?current=true&level=4").json()
    assert current["count"] == 0
    central = api.get(f"/api/cooperation-levels/regions/?macroregion={lipetsk.macroregion.code}").json()
    assert {row["region"] for row in central["results"]} >= {"RU-LIP"}
    pair = api.get("/api/cooperation-levels/pairs/?region=RU-LIP&partner=RU-TAM&level=4").json()["results"]
    assert len(pair) == 1 and pair[0]["evidence"][0]["kind"] == "structure"


def test_the_schema_documents_the_endpoints(api, reference_data):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/interactions/",
        "/api/interactions/{id}/withdraw/",
        "/api/integrated-structures/{id}/confirm/",
        "/api/cooperation-levels/pairs/",
        "/api/cooperation-levels/regions/",
    ):
        assert path in schema


def test_an_alliance_with_sector_parent_stage_and_the_details_round_trip(
    api, coordinator, moderator, lipetsk, voronezh, lipetsk_agent, voronezh_agent
):
    body = StructureFactory(kind="federal_body", member_regions=[], status="confirmed", origin="top_down")
    response = as_user(api, coordinator).post(
        "/api/integrated-structures/",
        {
            "kind": "alliance",
            "name_en": "Steel alliance",
            "founded_on": "2025-01-15",
            "member_regions": ["RU-LIP", "RU-VOR"],
            "member_agents": [lipetsk_agent.pk, voronezh_agent.pk],
            "sector": "C",
            "parent": body.pk,
            "stage": 2,
            "origin": "bottom_up",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["sector"], created["parent"], created["stage"], created["origin"]) == ("C", body.pk, 2, "bottom_up")
    assert {agent["helix"] for agent in created["member_agents"]} == {lipetsk_agent.helix}
    url = f"/api/integrated-structures/{created['id']}/"
    assert api.post(url + "request-details/", {"reason": "x"}, format="json").status_code == 403
    asked = as_user(api, moderator).post(url + "request-details/", {"reason": "Приложите устав"}, format="json")
    assert asked.json()["status"] == "changes_requested" and asked.json()["details_request"] == "Приложите устав"
    assert api.post(url + "submit/").status_code == 403  # the moderator is not the proposer
    assert as_user(api, coordinator).post(url + "submit/").json()["status"] == "proposed"
    assert api.post(url + "submit/").status_code == 409


def test_a_strategy_takes_priorities_with_classifier_codes(api, coordinator, lipetsk, voronezh):
    response = as_user(api, coordinator).post(
        "/api/integrated-structures/",
        {
            "kind": "strategy",
            "name_ru": "Стратегия",
            "founded_on": "2025-01-15",
            "member_regions": ["RU-LIP", "RU-VOR"],
            "priorities": [{"code": "C", "title": "Металлургия", "target": "30 % ВДС к 2030 г."}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["priorities"] == [
        {"classifier": "nace2", "code": "C", "title": "Металлургия", "target": "30 % ВДС к 2030 г.", "indicator": ""}
    ]
    bad = api.post(
        "/api/integrated-structures/",
        {
            "kind": "strategy",
            "name_ru": "Стратегия",
            "founded_on": "2025-01-15",
            "member_regions": ["RU-LIP", "RU-VOR"],
            "priorities": [{"code": "ZZ", "title": "x", "target": "y"}],
        },
        format="json",
    )
    assert bad.status_code == 400
