"""The permission matrix for projects, checked against ``project_permissions.csv``.

The table lists, for a role and a project state, the actions that are allowed
(space-separated); **anything not in the table is denied**: a (role, state)
pair without a row allows nothing, an action missing from a row is forbidden.
Every role × every ``ProjectState`` × every action below is checked against
``user.has_perm`` (the rules level; pages and API are a later slice), and the
``view`` column also against the ``projects_visible_to`` selector.

The situation of every cell: a project led by an agent in Lipetsk (``RU-LIP``),
with an accepted partner agent in Voronezh and another Voronezh agent's pending
application. Roles, relative to that project:

| role | who |
|---|---|
| ``anonymous`` | not signed in |
| ``member`` | approved representative of another verified agent, unrelated to the project |
| ``lead_member`` | approved representative of the lead agent |
| ``lead_admin`` | approved administrator of the lead agent |
| ``partner_admin`` | approved administrator of the accepted partner agent |
| ``moderator`` | site role *moderator* |
| ``administrator`` | site role *administrator* |

``decide`` acts on the pending application, ``leave`` on the partner's
participation; every other action on the project. Hidden projects are covered
in ``tests/cooperation/services/test_project_workflow.py``.
"""

import csv
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from cooperation.choices import AgentRole, ParticipantStatus, ProjectState
from cooperation.selectors import projects_visible_to
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory

TABLE_PATH = Path(__file__).with_name("project_permissions.csv")

ROLES = ("anonymous", "member", "lead_member", "lead_admin", "partner_admin", "moderator", "administrator")
STATES = tuple(ProjectState.values)

# Action of the table -> permission in ``cooperation/rules.py``.
PERMISSIONS = {
    "view": "cooperation.view_project",
    "change": "cooperation.change_project",
    "submit": "cooperation.submit_project",
    "moderate": "cooperation.moderate_project",
    "apply": "cooperation.apply_project",
    "decide": "cooperation.decide_projectparticipant",
    "invite": "cooperation.invite_project",
    "start": "cooperation.start_project",
    "complete": "cooperation.complete_project",
    "archive": "cooperation.archive_project",
    "leave": "cooperation.leave_projectparticipant",
    "feature": "cooperation.feature_project",
    "hide": "cooperation.hide_project",
}
ACTIONS = tuple(PERMISSIONS)

# Project rules deliberately outside the matrix, with the reason.
NOT_IN_MATRIX = {
    "cooperation.add_project": "its object is the would-be lead agent, not a project (any member of that agent)",
    "cooperation.moderate_projects": "access to the site-wide moderation queue, not about one project",
    "cooperation.respond_projectparticipant": "answering an invitation to one's agent; tested in the services",
}


def load_table() -> dict[tuple[str, str], frozenset[str]]:
    """``{(role, state): allowed actions}``; unknown roles, states or actions are errors in the table."""
    table: dict[tuple[str, str], frozenset[str]] = {}
    with TABLE_PATH.open(newline="", encoding="utf-8") as file:
        for record in csv.DictReader(file):
            key = (record["role"], record["state"])
            allowed = frozenset(record["allowed"].split())
            if key[0] not in ROLES or key[1] not in STATES or not allowed <= set(ACTIONS) or key in table:
                raise ValueError(f"bad or repeated row in {TABLE_PATH.name}: {record}")
            table[key] = allowed
    return table


TABLE = load_table()


def allowed_actions(role: str, state: str) -> frozenset[str]:
    return TABLE.get((role, state), frozenset())


@pytest.fixture
def situation(lipetsk, voronezh, make_user):
    """Build the project in ``state`` and the user of ``role``; return ``(user, project, targets)``."""

    def build(role: str, state: str):
        lead = AgentFactory(region=lipetsk)
        MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR)  # the lead always has an administrator
        project = ProjectFactory(lead_agent=lead, state=state)
        partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
        application = ParticipantFactory(
            project=project, agent=AgentFactory(region=voronezh), status=ParticipantStatus.APPLIED
        )
        users = {
            "anonymous": lambda: AnonymousUser(),
            "member": lambda: MembershipFactory(agent=AgentFactory(region=voronezh)).user,
            "lead_member": lambda: MembershipFactory(agent=lead).user,
            "lead_admin": lambda: MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user,
            "partner_admin": lambda: MembershipFactory(agent=partner.agent, role=AgentRole.ADMINISTRATOR).user,
            "moderator": lambda: make_user(SiteRole.MODERATOR),
            "administrator": lambda: make_user(SiteRole.ADMINISTRATOR),
        }
        targets = {action: project for action in ACTIONS} | {"decide": application, "leave": partner}
        return users[role](), project, targets

    return build


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_rules_match_the_table(situation, role, state):
    # given
    user, project, targets = situation(role, state)

    # when
    granted = {action for action in ACTIONS if user.has_perm(PERMISSIONS[action], targets[action])}

    # then: exactly what the table allows, nothing else
    assert granted == allowed_actions(role, state)


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_visible_list_matches_the_view_column(situation, role, state):
    user, project, _ = situation(role, state)

    assert projects_visible_to(user).filter(pk=project.pk).exists() is ("view" in allowed_actions(role, state))


def test_every_project_permission_is_in_the_matrix():
    registered = {
        name
        for name in rules.permissions.permissions
        if name.startswith("cooperation.") and name.endswith(("_project", "_projects", "_projectparticipant"))
    }

    assert set(NOT_IN_MATRIX) <= registered, "NOT_IN_MATRIX names a rule that no longer exists"
    assert registered - set(NOT_IN_MATRIX) == set(PERMISSIONS.values()), (
        "a project rule has no action in the matrix: add it to PERMISSIONS and to the table"
    )


def test_table_is_consistent_with_itself():
    """Whoever may act on a project may see it; anonymous visitors only see public projects."""
    for (role, state), allowed in TABLE.items():
        assert "view" in allowed, (role, state)
        if role == "anonymous":
            assert allowed == {"view"}, state
