"""The permission matrix for agents and memberships, checked against ``agent_permissions.csv``.

Every row of the table (role × agent state × action) is checked three times:

* at the rules level: ``user.has_perm("cooperation.<perm>", obj)``;
* through the pages, with Django's test client;
* through the API, with DRF's ``APIClient``.

Pages and API assert the *effect* on the database, not only the status code.
What each role and action means, and the decisions behind the table, are in
``README.md`` next to this file. Where the product differs from the table the
test is marked ``xfail(strict=True)`` (see ``KNOWN_BUGS``), so the suite stays
green while the difference stays visible, and turns red once it is fixed.
Fixed so far: site administrators (Django superusers) bypassed the rules
(now ``accounts.models.User.has_perm`` asks the rules first), and the API hid
the member list from representatives that the page shows them.

The situation of every row: an agent in Lipetsk in the row's state, with the
administrator who registered it, an approved colleague and another user's
pending request, and the subject playing the row's role. The four agents and
every role's subject (one per role and agent state) are built **once per test
module** (``agent_world``, ``tests/worlds.py``) inside a transaction that is
rolled back at the end of the module; each test runs in its own savepoint and
reads fresh copies of the rows, so what one test changes the next one never sees.
"""

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import rules
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import resolve_url
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from accounts.models import User
from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models import Agent, AgentMembership
from regions.models import Region
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.worlds import module_transaction

TABLE_PATH = Path(__file__).with_name("agent_permissions.csv")

ROLES = (
    "anonymous",
    "member",
    "pending",
    "representative",
    "agent_admin",
    "moderator",
    "coordinator",
    "coordinator_other",
    "analyst",
    "administrator",
)
# ``details_requested`` and ``rejected`` are unverified agents a moderator asked for details about or rejected.
STATES = ("unverified", "details_requested", "rejected", "verified")

# Action of the table -> permission in ``cooperation/rules.py``.
PERMISSIONS = {
    "view": "cooperation.view_agent",
    "view_contacts": "cooperation.view_agent_contacts",
    "change": "cooperation.change_agent",
    "verify": "cooperation.verify_agent",
    "reject": "cooperation.reject_agent",
    "request_details": "cooperation.request_details_agent",
    "resubmit": "cooperation.resubmit_agent",
    "join": "cooperation.join_agent",
    "view_members": "cooperation.view_agent_members",
    "manage_members": "cooperation.manage_agent_members",
    "decide": "cooperation.decide_agentmembership",
    "leave": "cooperation.leave_agentmembership",
    "change_role": "cooperation.change_role_agentmembership",
}
ACTIONS = tuple(PERMISSIONS)

# ``cooperation.*`` permissions deliberately outside this matrix, with the reason.
# Adding a rule to ``cooperation/rules.py`` fails ``test_every_cooperation_permission_is_in_the_matrix``
# until it gets an action (and table rows) or an entry here.
NOT_IN_MATRIX = {
    "cooperation.add_agent": "registering a new agent has no existing agent object (any signed-in user)",
    "cooperation.moderate_agents": "access to the site-wide moderation queue, not about one agent",
    "cooperation.view_agentmembership": "reading one membership record; not an action of the issue's matrix",
}

# Roles that hold a membership of the agent under test (their own, for ``leave``).
ROLES_WITH_MEMBERSHIP = {
    "pending": (MembershipStatus.PENDING, AgentRole.REPRESENTATIVE),
    "representative": (MembershipStatus.APPROVED, AgentRole.REPRESENTATIVE),
    "agent_admin": (MembershipStatus.APPROVED, AgentRole.ADMINISTRATOR),
}

VERIFIED_AT = datetime(2024, 1, 15, 12, 0, tzinfo=UTC)
LOGIN_URL = resolve_url(settings.LOGIN_URL)

# --- Product bugs: (layer, role, agent_state, action) -> reason. Layers: rules, page, api.
# Empty: every difference found so far is fixed. Add a row here (it becomes a strict xfail)
# when a new one is found and cannot be fixed at once.
KNOWN_BUGS: dict[tuple[str, str, str, str], str] = {}


@dataclass(frozen=True)
class Row:
    """One row of the permission table."""

    role: str
    agent_state: str
    action: str
    allowed: bool

    @property
    def id(self) -> str:
        return f"{self.role}-{self.agent_state}-{self.action}"


def load_table() -> list[Row]:
    """Read ``agent_permissions.csv``; ``allowed`` must be ``yes`` or ``no``."""
    with TABLE_PATH.open(newline="", encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows = []
        for record in reader:
            if record["allowed"] not in ("yes", "no"):
                raise ValueError(f"allowed must be yes or no: {record}")
            rows.append(Row(record["role"], record["agent_state"], record["action"], record["allowed"] == "yes"))
    return rows


TABLE = load_table()
EXPECTED = {(row.role, row.agent_state, row.action): row.allowed for row in TABLE}


def expected(role: str, agent_state: str, action: str) -> bool:
    """What the table says for one cell."""
    return EXPECTED[(role, agent_state, action)]


def params(layer: str, *actions: str) -> list:
    """The table's rows for ``actions`` as pytest params, with the known product bugs of ``layer`` as xfail."""
    result = []
    for row in TABLE:
        if row.action not in actions:
            continue
        bug = KNOWN_BUGS.get((layer, row.role, row.agent_state, row.action))
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        result.append(pytest.param(row, id=row.id, marks=marks))
    return result


# --- The situation of one row: read from a world built once per module.


@dataclass(frozen=True)
class Place:
    """The ids of one agent state's agent, of the memberships around it and of every role's user."""

    agent: int
    colleague: int  # another user's approved representative membership
    request: int  # another user's pending request
    subjects: dict[str, int]  # role -> the user playing it (every role but anonymous)
    own: dict[str, int]  # role -> the subject's own membership of the agent (ROLES_WITH_MEMBERSHIP)


def new_user(*roles: str, region: Region | None = None) -> User:
    """A user with a confirmed e-mail address and site roles (``make_user`` of ``tests/conftest.py``, unscoped)."""
    user = UserFactory()
    for role in roles:
        grant(user, role, region=region if role == SiteRole.COORDINATOR else None)
    return user


def make_subject(role: str, agent: Agent) -> tuple[User, AgentMembership | None]:
    """The user playing ``role`` towards ``agent``, and their membership of it if the role has one."""
    if role in ROLES_WITH_MEMBERSHIP:
        status, agent_role = ROLES_WITH_MEMBERSHIP[role]
        user = new_user()
        return user, MembershipFactory(agent=agent, user=user, status=status, role=agent_role)
    site_roles = {
        "member": ((), None),
        "moderator": ((SiteRole.MODERATOR,), None),
        "coordinator": ((SiteRole.COORDINATOR,), "RU-LIP"),
        "coordinator_other": ((SiteRole.COORDINATOR,), "RU-VOR"),
        "analyst": ((SiteRole.ANALYST,), None),
        "administrator": ((SiteRole.ADMINISTRATOR,), None),
    }
    roles, region_code = site_roles[role]
    region = Region.objects.get(iso_code=region_code) if region_code else None
    return new_user(*roles, region=region), None


def build_place(agent_state: str) -> Place:
    """One agent in ``agent_state`` (in Lipetsk) with its members, and a subject for every role."""
    verified = agent_state == "verified"
    agent = AgentFactory(
        is_verified=verified,
        verified_at=VERIFIED_AT if verified else None,
        review_status=agent_state if agent_state in ("details_requested", "rejected", "verified") else "pending",
        review_reason="Приложите устав." if agent_state in ("details_requested", "rejected") else "",
    )
    # Every agent has the administrator who registered it, so the subject is never the last one.
    MembershipFactory(agent=agent, user=new_user(), role=AgentRole.ADMINISTRATOR)
    colleague = MembershipFactory(agent=agent, user=new_user(), role=AgentRole.REPRESENTATIVE)
    request = MembershipFactory(agent=agent, user=new_user(), status=MembershipStatus.PENDING)
    subjects, own = {}, {}
    for role in ROLES:
        if role == "anonymous":
            continue
        subject, membership = make_subject(role, agent)
        subjects[role] = subject.pk
        if membership is not None:
            own[role] = membership.pk
    return Place(agent.pk, colleague.pk, request.pk, subjects, own)


@pytest.fixture(scope="module")
def agent_world(django_db_setup, django_db_blocker) -> dict[str, Place]:
    """One ``Place`` per agent state, built once for the module and rolled back after it (``tests/worlds.py``).

    Each test still runs in its own savepoint, as with ``TestCase.setUpTestData``: what it writes (a decision,
    a sign-in's session, an edited agent) is undone before the next test.
    """
    with module_transaction(django_db_blocker):
        yield {state: build_place(state) for state in STATES}


@dataclass
class Situation:
    """One agent under test in Lipetsk, the subject user and the memberships the actions act on.

    ``colleague`` is another user's approved representative membership (the
    object of ``change_role``, and of ``leave`` for roles without a membership
    of their own); ``request`` is another user's pending request (the object
    of ``decide``); ``own`` is the subject's membership, if the role has one.
    The agent also has the memberships of the other roles' subjects of its state.
    """

    role: str
    agent: Agent
    subject: User | None
    own: AgentMembership | None
    colleague: AgentMembership
    request: AgentMembership

    @property
    def user(self) -> Any:
        """The subject as freshly loaded (no memoised roles), or an anonymous user."""
        if self.subject is None:
            return AnonymousUser()
        return User.objects.get(pk=self.subject.pk)

    def target(self, action: str) -> Any:
        """The object the permission of ``action`` is checked against."""
        if action == "decide":
            return self.request
        if action == "change_role":
            return self.colleague
        if action == "leave":
            return self.own or self.colleague
        return self.agent

    def page_client(self, client):
        """Django's test client, signed in as the subject (unless anonymous)."""
        if self.subject is not None:
            client.force_login(self.subject)
        return client

    def api_client(self) -> APIClient:
        """An API client with the subject's session (unless anonymous)."""
        api = APIClient()
        if self.subject is not None:
            api.force_login(self.subject)
        return api

    def reload(self) -> None:
        """Re-read the agent and the memberships after a request."""
        for item in (self.agent, self.colleague, self.request, self.own):
            if item is not None:
                item.refresh_from_db()


@pytest.fixture
def situation_of(agent_world, db):
    """``situation_of(role, agent_state) -> Situation``: the row's agent, subject and memberships, read afresh."""

    def read(role: str, agent_state: str) -> Situation:
        place = agent_world[agent_state]
        subject = None if role == "anonymous" else User.objects.get(pk=place.subjects[role])
        own = AgentMembership.objects.get(pk=place.own[role]) if role in place.own else None
        return Situation(
            role=role,
            agent=Agent.objects.get(pk=place.agent),
            subject=subject,
            own=own,
            colleague=AgentMembership.objects.get(pk=place.colleague),
            request=AgentMembership.objects.get(pk=place.request),
        )

    return read


def agent_snapshot(agent: Agent) -> tuple:
    """The fields ``verify`` writes."""
    agent.refresh_from_db()
    return agent.is_verified, agent.verified_at, agent.verified_by_id


def subject_requests(situation: Situation) -> set[int]:
    """Ids of the subject's pending requests to the agent."""
    if situation.subject is None:
        return set()
    return set(
        AgentMembership.objects.filter(
            agent=situation.agent, user=situation.subject, status=MembershipStatus.PENDING
        ).values_list("pk", flat=True)
    )


def is_login_redirect(response) -> bool:
    """The response sends an anonymous visitor to the log-in page."""
    return response.status_code == 302 and response["Location"].startswith(LOGIN_URL)


def membership_is_secret(situation: Situation, membership: AgentMembership) -> bool:
    """The membership belongs to an agent hidden from the subject and is not the subject's own.

    Such a membership must answer 404: even its existence would reveal the hidden agent.
    """
    hidden_agent = not expected(situation.role, "verified" if situation.agent.is_verified else "unverified", "view")
    return hidden_agent and membership != situation.own and situation.subject is not None


# --- The table itself.


def test_table_covers_every_role_state_and_action_exactly_once():
    # given
    cells = [(row.role, row.agent_state, row.action) for row in TABLE]

    # then
    assert len(cells) == len(set(cells)), "duplicate rows"
    assert set(cells) == {(r, s, a) for r in ROLES for s in STATES for a in ACTIONS}
    assert len(TABLE) == len(ROLES) * len(STATES) * len(ACTIONS) == 520


def test_every_cooperation_permission_is_in_the_matrix():
    # Project rules (and those of a project's attachments, milestones and history) have their own
    # matrix (``test_project_permissions.py``).
    project_endings = ("_project", "_projects", "_projectparticipant", "_project_history", "_attachment", "_milestone")
    registered = {
        name
        for name in rules.permissions.permissions
        if name.startswith("cooperation.") and not name.endswith(project_endings)
    }

    assert all(rules.perm_exists(name) for name in PERMISSIONS.values()), "the table names an unknown rule"
    assert set(NOT_IN_MATRIX) <= registered, "NOT_IN_MATRIX names a rule that no longer exists"
    assert registered - set(NOT_IN_MATRIX) == set(PERMISSIONS.values()), (
        "a cooperation rule has no action in the matrix: add it to PERMISSIONS and rows to the table"
    )


def test_table_is_consistent_with_itself():
    """Whatever needs the agent page needs to see the agent; only the subject's own membership can be left."""
    for row in TABLE:
        if row.allowed and row.action in (
            "view_contacts",
            "change",
            "verify",
            "reject",
            "request_details",
            "resubmit",
            "join",
            "view_members",
        ):
            assert expected(row.role, row.agent_state, "view"), row.id
        if row.allowed and row.action == "manage_members":
            assert expected(row.role, row.agent_state, "view_members"), row.id
        if row.action == "leave":
            assert row.allowed == (row.role in ROLES_WITH_MEMBERSHIP), row.id
        if row.role == "anonymous":
            assert row.allowed == (row.action == "view" and row.agent_state == "verified"), row.id


# --- Rules level.


@pytest.mark.parametrize("row", params("rules", *ACTIONS))
def test_rules(row, situation_of):
    # given
    situation = situation_of(row.role, row.agent_state)

    # when
    allowed = situation.user.has_perm(PERMISSIONS[row.action], situation.target(row.action))

    # then
    assert allowed is row.allowed


# --- Pages.


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "view"))
def test_page_view(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)

    response = situation.page_client(client).get(f"/agents/{situation.agent.pk}/")

    assert response.status_code == (200 if row.allowed else 404)
    assert (situation.agent.name in response.content.decode()) is row.allowed


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "view_contacts"))
def test_page_view_contacts(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)
    visible = expected(row.role, row.agent_state, "view")

    response = situation.page_client(client).get(f"/agents/{situation.agent.pk}/")

    assert response.status_code == (200 if visible else 404)
    assert (situation.agent.email in response.content.decode()) is row.allowed


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "view_members"))
def test_page_view_members(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)
    visible = expected(row.role, row.agent_state, "view")

    response = situation.page_client(client).get(f"/agents/{situation.agent.pk}/")

    assert response.status_code == (200 if visible else 404)
    # The members table has one cell per member's name.
    assert (f"<td>{situation.colleague.user}</td>" in response.content.decode()) is row.allowed


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "manage_members"))
def test_page_manage_members(row, situation_of, client):
    """Managers see the pending requests with their decision forms and the role forms."""
    situation = situation_of(row.role, row.agent_state)
    visible = expected(row.role, row.agent_state, "view")

    response = situation.page_client(client).get(f"/agents/{situation.agent.pk}/")

    assert response.status_code == (200 if visible else 404)
    html = response.content.decode()
    assert (f"/memberships/{situation.request.pk}/decide/" in html) is row.allowed
    assert (f"/memberships/{situation.colleague.pk}/role/" in html) is row.allowed


def assert_page_denied(response, situation: Situation, visible: bool) -> None:
    """A forbidden agent page: 403 when the agent is visible, 404 when hidden.

    An anonymous visitor may instead be sent to the log-in page (that does not
    reveal whether the agent exists either).
    """
    if situation.subject is None and is_login_redirect(response):
        return
    assert response.status_code == (403 if visible else 404)


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "change"))
def test_page_change(row, situation_of, client):
    # given
    situation = situation_of(row.role, row.agent_state)
    agent = situation.agent
    visible = expected(row.role, row.agent_state, "view")
    page = situation.page_client(client)
    form = {
        "name": agent.name,
        "name_en": agent.name_en,
        "helix": agent.helix,
        "region": agent.region_id,
        "description": "Edited.",
        "website": agent.website,
        "email": agent.email,
        "phone": agent.phone,
        "address": agent.address,
    }

    # when
    shown = page.get(f"/agents/{agent.pk}/edit/")
    posted = page.post(f"/agents/{agent.pk}/edit/", form)

    # then
    agent.refresh_from_db()
    if row.allowed:
        assert shown.status_code == 200
        assert posted.status_code == 302
        assert agent.description == "Edited."
    else:
        assert_page_denied(shown, situation, visible)
        assert_page_denied(posted, situation, visible)
        assert agent.description == "Тестовая организация."


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "verify"))
def test_page_verify(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)
    before = agent_snapshot(situation.agent)

    response = situation.page_client(client).post(f"/agents/{situation.agent.pk}/verify/")

    after = agent_snapshot(situation.agent)
    if row.allowed:
        assert response.status_code == 302
        assert after[0] is True
        assert after[2] == situation.subject.pk
    else:
        assert_page_denied(response, situation, expected(row.role, row.agent_state, "view"))
        assert after == before


def review_snapshot(agent: Agent) -> tuple:
    """The fields ``reject``, ``request_details`` and ``resubmit`` write."""
    agent.refresh_from_db()
    return agent.review_status, agent.review_reason, agent.is_verified


REVIEWS = {
    # action: (page path, API path, status after, data sent)
    "reject": ("reject", "reject", "rejected", {"reason": "Не организация."}),
    "request_details": ("request-details", "request-details", "details_requested", {"reason": "Приложите ИНН."}),
    "resubmit": ("resubmit", "resubmit", "pending", {}),
}


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", *REVIEWS))
def test_page_review(row, situation_of, client):
    """Reject and ask for details: a confirmation page with the reason (GET), then the POST; resubmit is a POST."""
    situation = situation_of(row.role, row.agent_state)
    path, _api, status_after, data = REVIEWS[row.action]
    before = review_snapshot(situation.agent)
    page = situation.page_client(client)

    shown = page.get(f"/agents/{situation.agent.pk}/{path}/") if data else None
    response = page.post(f"/agents/{situation.agent.pk}/{path}/", data)

    after = review_snapshot(situation.agent)
    if row.allowed:
        assert shown is None or (shown.status_code == 200 and 'name="reason"' in shown.content.decode())
        assert response.status_code == 302
        assert after[0] == status_after and after[2] is False
        if data:
            assert after[1] == data["reason"]
    else:
        visible = expected(row.role, row.agent_state, "view")
        if shown is not None:
            assert_page_denied(shown, situation, visible)
        assert_page_denied(response, situation, visible)
        assert after == before


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "join"))
def test_page_join(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)
    before = subject_requests(situation)

    response = situation.page_client(client).post(f"/agents/{situation.agent.pk}/join/", {"message": "Hello"})

    created = subject_requests(situation) - before
    if row.allowed:
        assert response.status_code == 302
        assert len(created) == 1
    else:
        assert not created
        if situation.subject is None:
            assert is_login_redirect(response)
        elif not expected(row.role, row.agent_state, "view"):
            assert response.status_code == 404
        else:
            # The form is shown again with the reason.
            assert response.status_code == 200


def post_membership_page(client, situation: Situation, membership: AgentMembership, url: str, data: dict):
    """POST a membership action from the pages and check the answer that does not depend on the outcome."""
    response = situation.page_client(client).post(url, data)
    if situation.subject is None:
        assert is_login_redirect(response)
    elif membership_is_secret(situation, membership):
        assert response.status_code == 404
    else:
        # Allowed or not, the page redirects back with a message.
        assert response.status_code in (302, 403, 404)
    situation.reload()
    return response


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "decide"))
def test_page_decide(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)
    request = situation.request

    post_membership_page(
        client,
        situation,
        request,
        f"/memberships/{request.pk}/decide/",
        {"decision": "approve", "role": AgentRole.REPRESENTATIVE},
    )

    assert request.status == (MembershipStatus.APPROVED if row.allowed else MembershipStatus.PENDING)


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "leave"))
def test_page_leave(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)
    membership = situation.target("leave")
    status_before = membership.status

    post_membership_page(client, situation, membership, f"/memberships/{membership.pk}/leave/", {})

    assert membership.status == (MembershipStatus.LEFT if row.allowed else status_before)


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "change_role"))
def test_page_change_role(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)
    colleague = situation.colleague

    post_membership_page(
        client, situation, colleague, f"/memberships/{colleague.pk}/role/", {"role": AgentRole.ADMINISTRATOR}
    )

    assert colleague.role == (AgentRole.ADMINISTRATOR if row.allowed else AgentRole.REPRESENTATIVE)
    assert colleague.status == MembershipStatus.APPROVED


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("page", "view"))
def test_page_list(row, situation_of, client):
    situation = situation_of(row.role, row.agent_state)

    response = situation.page_client(client).get("/agents/")

    assert response.status_code == 200
    assert (situation.agent.pk in {agent.pk for agent in response.context["agents"]}) is row.allowed


# --- API.


def assert_api_denied(response, situation: Situation, visible: bool) -> None:
    """A forbidden API call: 404 when the agent is hidden, else 403 (401/403 for anonymous callers)."""
    if not visible:
        assert response.status_code == 404, response.content
    elif situation.subject is None:
        assert response.status_code in (401, 403), response.content
    else:
        assert response.status_code == 403, response.content


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "view"))
def test_api_view(row, situation_of):
    situation = situation_of(row.role, row.agent_state)

    response = situation.api_client().get(f"/api/agents/{situation.agent.pk}/")

    if row.allowed:
        assert response.status_code == 200
        assert response.json()["id"] == situation.agent.pk
    else:
        assert response.status_code == 404


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "view_contacts"))
def test_api_view_contacts(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    visible = expected(row.role, row.agent_state, "view")

    response = situation.api_client().get(f"/api/agents/{situation.agent.pk}/")

    assert response.status_code == (200 if visible else 404)
    contacts = response.json().get("contacts") if visible else None
    if row.allowed:
        assert contacts["email"] == situation.agent.email
    else:
        assert contacts is None
        assert situation.agent.email not in response.content.decode()


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "view_members"))
def test_api_view_members(row, situation_of):
    """The API's list of memberships, filtered by agent, shows the agent's members to the same people."""
    situation = situation_of(row.role, row.agent_state)

    response = situation.api_client().get("/api/memberships/", {"agent": situation.agent.pk, "status": "approved"})

    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert (situation.colleague.pk in ids) is row.allowed


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "change"))
def test_api_change(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    agent = situation.agent

    response = situation.api_client().patch(f"/api/agents/{agent.pk}/", {"description": "x"}, format="json")

    agent.refresh_from_db()
    if row.allowed:
        assert response.status_code == 200, response.content
        assert agent.description == "x"
    else:
        assert_api_denied(response, situation, expected(row.role, row.agent_state, "view"))
        assert agent.description == "Тестовая организация."


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "verify"))
def test_api_verify(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    before = agent_snapshot(situation.agent)

    response = situation.api_client().post(f"/api/agents/{situation.agent.pk}/verify/")

    after = agent_snapshot(situation.agent)
    if row.allowed:
        assert response.status_code == 200, response.content
        assert response.json()["is_verified"] is True
        assert after[0] is True
        assert after[2] == situation.subject.pk
    else:
        assert_api_denied(response, situation, expected(row.role, row.agent_state, "view"))
        assert after == before


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", *REVIEWS))
def test_api_review(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    _page, path, status_after, data = REVIEWS[row.action]
    before = review_snapshot(situation.agent)

    response = situation.api_client().post(f"/api/agents/{situation.agent.pk}/{path}/", data, format="json")

    after = review_snapshot(situation.agent)
    if row.allowed:
        assert response.status_code == 200, response.content
        assert response.json()["review_status"] == status_after == after[0]
        assert response.json()["review_reason"] == after[1]
    else:
        assert_api_denied(response, situation, expected(row.role, row.agent_state, "view"))
        assert after == before


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "join"))
def test_api_join(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    before = subject_requests(situation)

    response = situation.api_client().post(f"/api/agents/{situation.agent.pk}/join/", {"message": "Hello"})

    created = subject_requests(situation) - before
    if row.allowed:
        assert response.status_code == 201, response.content
        assert created == {response.json()["id"]}
    else:
        assert not created
        if row.role in ROLES_WITH_MEMBERSHIP and expected(row.role, row.agent_state, "view"):
            # Already a member or already asked: a conflict with the caller's own state, not a secret.
            assert response.status_code in (400, 403), response.content
        else:
            assert_api_denied(response, situation, expected(row.role, row.agent_state, "view"))


def post_membership_api(situation: Situation, membership: AgentMembership, url: str, data: dict, allowed: bool):
    """POST a membership action through the API and check the status code."""
    response = situation.api_client().post(url, data, format="json")
    if allowed:
        assert response.status_code == 200, response.content
    elif membership_is_secret(situation, membership):
        assert response.status_code == 404, response.content
    else:
        assert response.status_code in (401, 403, 404), response.content
    situation.reload()
    return response


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "decide"))
def test_api_decide(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    request = situation.request

    post_membership_api(
        situation,
        request,
        f"/api/memberships/{request.pk}/decide/",
        {"decision": "approve", "role": "representative"},
        row.allowed,
    )

    assert request.status == (MembershipStatus.APPROVED if row.allowed else MembershipStatus.PENDING)


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "leave"))
def test_api_leave(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    membership = situation.target("leave")
    status_before = membership.status

    post_membership_api(situation, membership, f"/api/memberships/{membership.pk}/leave/", {}, row.allowed)

    assert membership.status == (MembershipStatus.LEFT if row.allowed else status_before)


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "change_role"))
def test_api_change_role(row, situation_of):
    situation = situation_of(row.role, row.agent_state)
    colleague = situation.colleague

    post_membership_api(
        situation, colleague, f"/api/memberships/{colleague.pk}/role/", {"role": "administrator"}, row.allowed
    )

    assert colleague.role == (AgentRole.ADMINISTRATOR if row.allowed else AgentRole.REPRESENTATIVE)


@pytest.mark.wiring
@pytest.mark.parametrize("row", params("api", "view"))
def test_api_list(row, situation_of):
    situation = situation_of(row.role, row.agent_state)

    response = situation.api_client().get("/api/agents/")

    assert response.status_code == 200
    ids = {item["id"] for item in response.json()["results"]}
    assert (situation.agent.pk in ids) is row.allowed
