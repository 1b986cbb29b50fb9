"""Who asks for, answers, completes, confirms, disputes and sees a consultation: the matrix
``consultation_permissions.csv`` (role × state × action; anything not listed is denied), checked against the
rules, the pages and the API.

A Lipetsk government authority (the advised side) asks a Voronezh university (the advising side) for advice.
The state ``none`` is the university's page before any consultation: the only action there is ``request``.

| role | who |
|---|---|
| ``advised_member`` | acts for the Lipetsk authority (asked for the consultation; confirms or disputes) |
| ``advising_member`` | acts for the Voronezh university (accepts, declines, submits the result) |
| ``other_member`` | acts for another Lipetsk agent (may ask the university too; not a side of this one) |
| ``advising_region_member`` | acts for another Voronezh agent (same region as the university: cannot ask it) |
| ``coordinator`` | regional coordinator of Lipetsk, acting for no agent |
| ``moderator`` | site moderator (sees every consultation; the word is the sides') |
| ``user`` | signed in, no role, no agent |
| ``anonymous`` | not signed in |

A confirmed consultation is public evidence of level 2: every signed-in user sees it. Before that only the
two sides and the staff do; anyone else gets 404 (its existence is private).
"""

from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from experts.choices import ConsultationStatus
from experts.models import Consultation
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.experts.factories import ConsultationFactory
from tests.matrices import load_table

pytestmark = pytest.mark.django_db

ROLES = (
    "advised_member",
    "advising_member",
    "other_member",
    "advising_region_member",
    "coordinator",
    "moderator",
    "user",
    "anonymous",
)
NONE = "none"
STATES = (NONE, *ConsultationStatus.values)
STEPS = ("accept", "decline", "complete", "confirm", "dispute")
ACTIONS = ("request", "view", *STEPS)
TABLE = load_table(
    Path(__file__).with_name("consultation_permissions.csv"), roles=ROLES, states=STATES, actions=ACTIONS
)
PERMISSIONS = {action: f"experts.{action}_consultation" for action in ACTIONS}
CELLS = [(role, state) for role in ROLES for state in STATES]
#: The state each step leads to (what "it happened" means in the database).
RESULT = {
    "accept": ConsultationStatus.ACCEPTED,
    "decline": ConsultationStatus.DECLINED,
    "complete": ConsultationStatus.COMPLETED,
    "confirm": ConsultationStatus.CONFIRMED,
    "dispute": ConsultationStatus.DISPUTED,
}
STEP_DATA = {"reason": "Рекомендации не получены.", "result_summary": "Рекомендации переданы.", "ends_on": "2025-05-01"}


def test_the_table_names_every_role_and_state():
    assert set(TABLE) == set(CELLS)


def test_every_consultation_rule_is_in_the_table():
    registered = {name for name in rules.permissions.permissions if name.endswith("_consultation")}
    # ``add_consultation`` is the API's gate before the body is read (signed-in callers); ``request`` decides.
    assert registered - {"experts.add_consultation"} == set(PERMISSIONS.values())


@pytest.fixture
def world(lipetsk, voronezh):
    authority = AgentFactory(region=lipetsk, helix="government", name="Правительство Липецкой области")
    university = AgentFactory(region=voronezh, helix="science", name="Воронежский университет")
    users = {role: UserFactory() for role in ROLES if role != "anonymous"}
    own_agents = {
        "advised_member": authority,
        "advising_member": university,
        "other_member": AgentFactory(region=lipetsk),
        "advising_region_member": AgentFactory(region=voronezh),
    }
    for role, agent in own_agents.items():
        MembershipFactory(agent=agent, user=users[role])
    grant(users["coordinator"], SiteRole.COORDINATOR, region=lipetsk)
    grant(users["moderator"], SiteRole.MODERATOR)
    users["anonymous"] = AnonymousUser()
    return {"users": users, "authority": authority, "university": university, "own_agents": own_agents}


def _consultation(world, state) -> Consultation:
    return ConsultationFactory(advised_agent=world["authority"], advising_agent=world["university"], status=state)


def _advised_agent_of(world, role):
    """The agent a role asks for: its own, or (acting for none) the authority it does not act for."""
    return world["own_agents"].get(role, world["authority"])


@pytest.mark.parametrize(("role", "state"), CELLS)
def test_the_rules_follow_the_table(world, role, state):
    user = world["users"][role]
    if state == NONE:
        allowed = {"request"} if user.has_perm(PERMISSIONS["request"], world["university"]) else set()
    else:
        consultation = _consultation(world, state)
        # ``request`` is asked of the advising agent, not of a consultation (the ``none`` state)
        allowed = {action for action in ACTIONS[1:] if user.has_perm(PERMISSIONS[action], consultation)}
    assert allowed == TABLE[(role, state)]


def _clients(world, role) -> tuple[Client, APIClient]:
    page, api = Client(), APIClient()
    if role != "anonymous":
        page.force_login(world["users"][role])
        api.force_authenticate(world["users"][role])
    return page, api


def _request_data(world, role) -> dict:
    return {
        "advised_agent": _advised_agent_of(world, role).pk,
        "advising_agent": world["university"].pk,
        "subject": "Кластерная политика",
        "starts_on": "2025-03-01",
    }


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_the_pages_follow_the_table(world, role, state):
    page, _ = _clients(world, role)
    allowed = TABLE[(role, state)]
    if state == NONE:
        html = page.get(world["university"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert (f"/experts/consultations/new/?agent={world['university'].pk}" in html) == ("request" in allowed)
        page.post("/experts/consultations/new/", _request_data(world, role))
        assert Consultation.objects.filter(advising_agent=world["university"]).exists() == ("request" in allowed)
        return
    consultation = _consultation(world, state)
    response = page.get(consultation.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code == 200) == ("view" in allowed)
    if response.status_code == 200:
        html = response.content.decode()
        for step in STEPS:
            assert (f"/experts/consultations/{consultation.pk}/{step}/" in html) == (step in allowed), step
        listed = page.get("/experts/consultations/").content.decode()
        sides = ("advised_member", "advising_member")
        assert (consultation.get_absolute_url() in listed) == (role in sides)
    for step in STEPS:
        page.post(f"/experts/consultations/{consultation.pk}/{step}/", STEP_DATA)
        status = Consultation.objects.values_list("status", flat=True).get(pk=consultation.pk)
        assert (status != state) == (step in allowed), step
        if status != state:
            assert status == RESULT[step]
        Consultation.objects.filter(pk=consultation.pk).update(status=state)  # back, for the next step


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_the_api_follows_the_table(world, role, state):
    _, api = _clients(world, role)
    allowed = TABLE[(role, state)]
    if state == NONE:
        response = api.post("/api/consultations/", _request_data(world, role), format="json")
        assert (response.status_code == 201) == ("request" in allowed), response.content
        assert Consultation.objects.exists() == ("request" in allowed)
        return
    consultation = _consultation(world, state)
    read = api.get(f"/api/consultations/{consultation.pk}/")
    assert (read.status_code == 200) == ("view" in allowed)
    listed = api.get("/api/consultations/")
    ids = {item["id"] for item in listed.data["results"]} if listed.status_code == 200 else set()
    assert (consultation.pk in ids) == ("view" in allowed)
    if read.status_code == 200:
        assert read.json()["status"] == state
    for step in STEPS:
        response = api.post(f"/api/consultations/{consultation.pk}/{step}/", STEP_DATA, format="multipart")
        if step in allowed:
            assert response.status_code == 200, response.content
            assert response.json()["status"] == RESULT[step]
            Consultation.objects.filter(pk=consultation.pk).update(status=state)
        else:
            # 401/403 for whoever may not, 404 for whoever may not see it, 409 when it is not that step's turn
            assert response.status_code in (401, 403, 404, 409), (step, response.status_code)
            assert Consultation.objects.values_list("status", flat=True).get(pk=consultation.pk) == state
