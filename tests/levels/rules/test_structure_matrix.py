"""The structures' permission matrix (``structure_permissions.csv``): role × state × action, checked against
the rules, the pages and the API.

Roles: the coordinator of a member region who proposed the structure; a representative of a member agent;
a moderator; a coordinator of another region; a signed-in user with no role; an anonymous visitor. Actions:
view, edit, submit (again, after a request for details), and the moderation queue's approve, reject and
ask for details.
"""

import csv
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.levels.factories import StructureFactory

pytestmark = pytest.mark.django_db

TABLE = Path(__file__).with_name("structure_permissions.csv")
ROWS = list(csv.DictReader(TABLE.open(encoding="utf-8")))
ACTIONS = ("view", "edit", "submit", "approve", "reject", "ask_details")
PERMISSIONS = {
    "view": "levels.view_integratedstructure",
    "edit": "levels.change_integratedstructure",
    "submit": "levels.submit_integratedstructure",
    "approve": "levels.confirm_integratedstructure",
    "reject": "levels.reject_integratedstructure",
    "ask_details": "levels.request_details_integratedstructure",
}
PAGES = {
    "view": "",
    "edit": "edit/",
    "submit": "submit/",
    "approve": "confirm/",
    "reject": "reject/",
    "ask_details": "request-details/",
}
API_ACTIONS = {  # (method, suffix, data): what the API does for each action
    "view": ("get", "", None),
    "edit": ("post", "documents/", {"url": "https://example.org/charter.pdf"}),
    "submit": ("post", "submit/", {}),
    "approve": ("post", "confirm/", {"reason": "Соглашение у министерства"}),
    "reject": ("post", "reject/", {"reason": "Нет соглашения"}),
    "ask_details": ("post", "request-details/", {"reason": "Приложите устав"}),
}


def test_the_table_covers_every_role_and_state():
    assert {(row["role"], row["state"]) for row in ROWS} == {
        (role, state)
        for role in (
            "proposer_coordinator",
            "member_representative",
            "moderator",
            "other_coordinator",
            "other_user",
            "anonymous",
        )
        for state in ("proposed", "changes_requested", "confirmed", "rejected")
    }


@pytest.fixture
def world(lipetsk, voronezh, section):
    from regions.models import Region

    novosibirsk = Region.objects.get(iso_code="RU-NVS")
    lipetsk_agent = AgentFactory(region=lipetsk)
    users = {
        "proposer_coordinator": UserFactory(),
        "member_representative": UserFactory(),
        "moderator": UserFactory(),
        "other_coordinator": UserFactory(),
        "other_user": UserFactory(),
        "anonymous": AnonymousUser(),
    }
    grant(users["proposer_coordinator"], SiteRole.COORDINATOR, region=voronezh)
    MembershipFactory(agent=lipetsk_agent, user=users["member_representative"])
    grant(users["moderator"], SiteRole.MODERATOR)
    grant(users["other_coordinator"], SiteRole.COORDINATOR, region=novosibirsk)

    def structure(state):
        return StructureFactory(
            member_regions=[lipetsk, voronezh],
            member_agents=[lipetsk_agent],
            proposed_by=users["proposer_coordinator"],
            status=state,
            sector=section,
        )

    return users, structure


def _expected(row, action) -> bool:
    return row[action] == "y"


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['role']}-{row['state']}")
def test_rules(world, row):
    users, structure = world
    obj = structure(row["state"])
    user = users[row["role"]]
    assert {action: user.has_perm(PERMISSIONS[action], obj) for action in ACTIONS} == {
        action: _expected(row, action) for action in ACTIONS
    }


@pytest.mark.wiring
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['role']}-{row['state']}")
def test_pages(client, world, row):
    users, structure = world
    obj = structure(row["state"])
    user = users[row["role"]]
    if row["role"] != "anonymous":
        client.force_login(user)
    seen = {}
    for action in ACTIONS:
        response = client.get(f"/cooperation/structures/{obj.pk}/{PAGES[action]}")
        seen[action] = response.status_code
    expected = {}
    for action in ACTIONS:
        if row["role"] == "anonymous":
            expected[action] = 302  # to the log-in page
        elif _expected(row, action):
            expected[action] = 200
        else:
            expected[action] = 403 if _expected(row, "view") else 404  # a structure one may not see is not found
    assert seen == expected


@pytest.mark.wiring
@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row['role']}-{row['state']}")
def test_api(world, row):
    users, structure = world
    user = users[row["role"]]
    api = APIClient()
    if row["role"] != "anonymous":
        api.force_authenticate(user)
    seen, expected = {}, {}
    for action in ACTIONS:
        obj = structure(row["state"])  # a fresh structure per action: the writes change it
        method, suffix, data = API_ACTIONS[action]
        url = f"/api/integrated-structures/{obj.pk}/{suffix}"
        response = api.get(url) if method == "get" else api.post(url, data, format="json")
        seen[action] = response.status_code < 300
        expected[action] = _expected(row, action)
        if not expected[action]:
            assert response.status_code in (401, 403, 404, 409), (action, response.status_code)
    assert seen == expected
