"""Who confirms or disputes an interaction one side recorded: the matrix ``interaction_confirmation.csv``
(role × state × action; anything not listed is denied), checked against the rules, the pages and the API.

A representative of a Lipetsk agent (``recorder``) recorded an exchange with a Voronezh agent:

| role | who |
|---|---|
| ``recorder`` | recorded it (acts for the Lipetsk agent) |
| ``other_agent_member`` | representative of the participating Voronezh agent |
| ``other_coordinator`` | regional coordinator of Voronezh |
| ``recorder_coordinator`` | regional coordinator of Lipetsk (the recorder's side: cannot confirm for the other) |
| ``moderator`` | site moderator (withdraws what is wrong; confirming is the partners' word) |
| ``user`` | signed in, no role, no agent |
| ``anonymous`` | not signed in |
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from levels.choices import InteractionStatus
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.levels.factories import InteractionFactory
from tests.matrices import load_table

pytestmark = pytest.mark.django_db

ROLES = (
    "recorder",
    "other_agent_member",
    "other_coordinator",
    "recorder_coordinator",
    "moderator",
    "user",
    "anonymous",
)
STATES = tuple(InteractionStatus.values)
ACTIONS = ("view", "confirm", "dispute")
TABLE = load_table(
    Path(__file__).with_name("interaction_confirmation.csv"), roles=ROLES, states=STATES, actions=ACTIONS
)
PERMISSIONS = {
    "view": "levels.view_interaction",
    "confirm": "levels.confirm_interaction",
    "dispute": "levels.dispute_interaction",
}
CELLS = [(role, state) for role in ROLES for state in STATES]


def test_the_table_names_every_role_and_state():
    assert set(TABLE) == set(CELLS)


@pytest.fixture
def world(lipetsk, voronezh):
    lipetsk_agent, voronezh_agent = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    users = {role: UserFactory() for role in ROLES if role != "anonymous"}
    MembershipFactory(agent=lipetsk_agent, user=users["recorder"])
    MembershipFactory(agent=voronezh_agent, user=users["other_agent_member"])
    grant(users["other_coordinator"], SiteRole.COORDINATOR, region=voronezh)
    grant(users["recorder_coordinator"], SiteRole.COORDINATOR, region=lipetsk)
    grant(users["moderator"], SiteRole.MODERATOR)
    users["anonymous"] = AnonymousUser()
    return {"users": users, "agents": [lipetsk_agent, voronezh_agent], "recorder_region": lipetsk}


def _interaction(world, state):
    return InteractionFactory(
        participants=world["agents"],
        recorded_by=world["users"]["recorder"],
        recorder_region=world["recorder_region"],
        status=state,
        dispute_reason="Не было такой встречи." if state == InteractionStatus.DISPUTED else "",
    )


@pytest.mark.parametrize(("role", "state"), CELLS)
def test_the_rules_follow_the_table(world, role, state):
    interaction = _interaction(world, state)
    user = world["users"][role]
    allowed = {action for action, permission in PERMISSIONS.items() if user.has_perm(permission, interaction)}
    assert allowed == TABLE[(role, state)]


def _client(world, role):
    from django.test import Client

    client = Client()
    if role != "anonymous":
        client.force_login(world["users"][role])
    return client


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_the_pages_follow_the_table(world, role, state):
    interaction = _interaction(world, state)
    client = _client(world, role)
    allowed = TABLE[(role, state)]
    page = client.get(interaction.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert (page.status_code == 200) == ("view" in allowed)
    if page.status_code == 200:
        html = page.content.decode()
        assert (f"/interactions/{interaction.pk}/confirm/" in html) == ("confirm" in allowed)
        assert (f"/interactions/{interaction.pk}/dispute/" in html) == ("dispute" in allowed)
        listed = client.get("/cooperation/interactions/to-confirm/").content.decode()
        assert (interaction.get_absolute_url() in listed) == ("confirm" in allowed)
    for action in ("confirm", "dispute"):
        response = client.post(f"/cooperation/interactions/{interaction.pk}/{action}/", {"reason": "Не было."})
        interaction.refresh_from_db()
        changed = interaction.status != state
        assert changed == (action in allowed), (action, response.status_code)
        if changed:  # put it back for the other action
            type(interaction).objects.filter(pk=interaction.pk).update(status=state)


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_the_api_follows_the_table(world, role, state):
    interaction = _interaction(world, state)
    api = APIClient()
    if role != "anonymous":
        api.force_authenticate(world["users"][role])
    allowed = TABLE[(role, state)]
    read = api.get(f"/api/interactions/{interaction.pk}/")
    assert (read.status_code == 200) == ("view" in allowed)
    if read.status_code == 200:
        assert read.json()["status"] == state
    for action in ("confirm", "dispute"):
        response = api.post(f"/api/interactions/{interaction.pk}/{action}/", {"reason": "Не было."}, format="json")
        if action in allowed:
            assert response.status_code == 200, response.content
            type(interaction).objects.filter(pk=interaction.pk).update(status=state)
        else:
            # 401/403 for whoever may not, 404 for whoever may not see it, 409 when already decided
            assert response.status_code in (401, 403, 404, 409), (action, response.status_code)
            if state != InteractionStatus.PENDING and read.status_code == 200:
                assert response.status_code == 409
