"""The strategy API: priority sets with their evidence, filtered by region; a session run to its end."""

import pytest
from rest_framework.test import APIClient

from analytics.models import ClassifierItem
from strategy.services import priority_set_create
from tests.analytics.public_data import PAPER, build_snapshot
from tests.strategy.factories import coordinator_of, helix_representatives

pytestmark = pytest.mark.django_db


def test_priority_sets_are_listed_by_region_with_their_evidence(lipetsk, voronezh):
    build_snapshot()
    for region in (lipetsk, voronezh):
        priority_set_create(
            actor=None,
            region=region,
            title="Стратегия",
            year=2024,
            items=[ClassifierItem.objects.get(classifier__code="nace2", code=code) for code in ("C", "G")],
            check_permission=False,
        )

    response = APIClient().get("/api/strategy/priority-sets/", {"region": "RU-LIP"})

    assert response.status_code == 200
    (only,) = response.json()["results"]
    assert only["region"] == "RU-LIP"
    c, g = only["priorities"]
    # Table 3: Lipetsk C 2.29 -> revealed; G 0.64 (national), 0.69 (macro-regional) -> not revealed
    assert (c["code"], c["status"], c["best_value"]) == ("C", "revealed", 2.29)
    assert g["status"] in ("related", "unsupported") and g["best_value"] == 0.69


def test_a_coordinator_declares_priorities_and_others_may_not(lipetsk, voronezh):
    body = {"region": "RU-LIP", "title": "Стратегия", "year": 2024, "items": [{"classifier": "grnti", "code": "53"}]}
    coordinator, other = APIClient(), APIClient()
    coordinator.force_authenticate(coordinator_of(lipetsk))
    other.force_authenticate(coordinator_of(voronezh))

    assert other.post("/api/strategy/priority-sets/", body, format="json").status_code == 403
    response = coordinator.post("/api/strategy/priority-sets/", body, format="json")
    assert response.status_code == 201
    assert response.json()["priorities"][0]["code"] == "53"
    bad = {**body, "items": [{"classifier": "grnti", "code": "999"}]}
    assert coordinator.post("/api/strategy/priority-sets/", bad, format="json").status_code == 400


def test_a_session_runs_to_its_end_through_the_api(lipetsk):
    build_snapshot()
    coordinator = APIClient()
    coordinator.force_authenticate(coordinator_of(lipetsk))
    session = coordinator.post("/api/strategy/sessions/", {"region": "RU-LIP", "dataset": PAPER}).json()
    users = helix_representatives(lipetsk)

    for index, (_helix, user) in enumerate(users.items()):
        client = APIClient()
        client.force_authenticate(user)
        agent = user.agent_memberships.get().agent_id
        if index == 3:  # before the last helix rates, closing answers 409 naming it
            refused = coordinator.post(f"/api/strategy/sessions/{session['id']}/close/", HTTP_ACCEPT_LANGUAGE="en")
            assert refused.status_code == 409 and "Civil society" in refused.json()["detail"]
        for item in session["items"]:
            response = client.post(
                f"/api/strategy/sessions/{session['id']}/rate/", {"item": item["id"], "agent": agent, "score": 4}
            )
            assert response.status_code == 200, response.json()

    assert coordinator.post(f"/api/strategy/sessions/{session['id']}/close/").json()["state"] == "closed"
    adopted = coordinator.post(f"/api/strategy/sessions/{session['id']}/adopt/")
    assert adopted.status_code == 201
    statuses = {entry["code"]: entry["status"] for entry in adopted.json()["priorities"]}
    assert statuses["72-83"] == "revealed" and statuses["H"] == "revealed"
