"""The permission matrix for projects, checked against ``project_permissions.csv``.

The table lists, for a role and a project state, the actions that are allowed
(space-separated); **anything not in the table is denied**: a (role, state)
pair without a row allows nothing, an action missing from a row is forbidden.
Every role × every ``ProjectState`` × every action below is checked here
against ``user.has_perm`` (and the ``view`` column also against the
``projects_visible_to`` selector); ``tests/cooperation/views/test_project_page_matrix.py``
checks the same table through the pages and ``tests/cooperation/api/test_project_permissions_api.py``
through the API. ``README.md`` in this folder explains the roles, the actions and the
decisions behind the table.

The situation of every cell (``situation`` below): a project led by an agent
in Lipetsk (``RU-LIP``), with an accepted partner agent in Voronezh, another
Voronezh agent's pending application, an accepted expert, an expected effect
with one indicator, and a moderator's step with a reason in its transition log.
The projects of the eight states and every role's user are built **once per
test module** (``project_world``) inside a transaction that is rolled back at
the end of the module; each test runs in its own savepoint and reads fresh
copies of the rows, so what one test changes the next one never sees.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from accounts.models import User
from accounts.predicates import is_coordinator
from cooperation.choices import AgentRole, ParticipantStatus, ProjectState
from cooperation.models import Project, ProjectParticipant
from cooperation.models.projects import ProjectTransition
from cooperation.predicates import coordinates_agent_region, is_partner_member
from cooperation.selectors import projects_visible_to
from experts.models import ExpertProfile
from experts.predicates import is_project_expert
from monitoring.models import Indicator
from regions.models import Region
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    ObjectiveFactory,
    ParticipantFactory,
    ProjectFactory,
)
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory
from tests.matrices import load_table as shared_load_table
from tests.monitoring.factories import EffectFactory, IndicatorFactory
from tests.worlds import module_transaction

TABLE_PATH = Path(__file__).with_name("project_permissions.csv")
# ``is_hidden`` is a flag, not a state: a moderator may hide a public project. Its cells are in a file of their own.
HIDDEN_TABLE_PATH = Path(__file__).with_name("project_permissions_hidden.csv")
TABLE_PATHS = (TABLE_PATH, HIDDEN_TABLE_PATH)

ROLES = (
    "anonymous",
    "user",
    "representative",
    "agent_admin",
    "lead_member",
    "lead_admin",
    "proposer",
    "partner_member",
    "partner_admin",
    "expert",
    "moderator",
    "coordinator",
    "administrator",
)
# A hidden state is ``hidden_<state>``: a project in that state that a moderator hid.
HIDDEN_STATES = {
    f"hidden_{state}": state for state in (ProjectState.PUBLISHED, ProjectState.ACTIVE, ProjectState.COMPLETED)
}
STATES = (*ProjectState.values, *HIDDEN_STATES)

# Action of the table -> permission (the object is the project, except for ``decide`` and ``leave``).
PERMISSIONS = {
    "view": "cooperation.view_project",
    "change": "cooperation.change_project",
    "submit": "cooperation.submit_project",
    "moderate": "cooperation.moderate_project",
    "apply": "cooperation.apply_project",
    "decide": "cooperation.decide_projectparticipant",
    "invite": "cooperation.invite_project",
    "start": "cooperation.start_project",
    "dates": "cooperation.change_dates_project",
    "complete": "cooperation.complete_project",
    "archive": "cooperation.archive_project",
    "leave": "cooperation.leave_projectparticipant",
    "feature": "cooperation.feature_project",
    "hide": "cooperation.hide_project",
    "comment": "discussion.add_comment",
    "report": "discussion.report_project",
    "record": "monitoring.record_indicator_project",
    "invite_expert": "experts.invite_expert",
    "attach": "cooperation.add_attachment",
    "plan": "cooperation.add_milestone",
    "goals": "cooperation.change_goals_project",
    "history": "cooperation.view_project_history",
}
ACTIONS = tuple(PERMISSIONS)

# Project rules of ``cooperation`` deliberately outside the matrix, with the reason.
NOT_IN_MATRIX = {
    "cooperation.add_project": "its object is the would-be lead agent, not a project (any member of that agent)",
    "cooperation.moderate_projects": "access to the site-wide moderation queue, not about one project",
    "cooperation.respond_projectparticipant": "answering an invitation to one's agent; tested in the services",
    "cooperation.view_attachment": "a file is seen with its project (``view``); tested with the attachment pages",
    "cooperation.delete_attachment": "its object is one file (its uploader or the lead's administrator); "
    "tested in the attachment services",
    "cooperation.change_milestone": "its object is one milestone (the lead's members, as ``plan``); "
    "tested in the milestone services",
    "cooperation.delete_milestone": "its object is one milestone (the lead's members, as ``plan``); "
    "tested in the milestone services",
}
# Rules of the other apps about one project (named ``<app>.<action>_project``) left to those apps' own tables.
ELSEWHERE = dict.fromkeys(
    (
        "monitoring.view_monitoring_project",
        "monitoring.change_effects_project",
        "monitoring.add_closingreport_project",
        "monitoring.change_closingreport_project",
        "monitoring.link_indicator_project",
    ),
    "declaring effects, linking indicators to the data bank and writing the closing report: "
    "tests/monitoring/rules/monitoring_permissions.csv",
)
OTHER_APPS = ("discussion.", "experts.", "monitoring.")
# The endings of the cooperation rules about a project and what hangs on it (the agent matrix skips these).
PROJECT_RULE_ENDINGS = (
    "_project",
    "_projects",
    "_projectparticipant",
    "_project_history",
    "_attachment",
    "_milestone",
)

# The moderators' reason in the transition log of every situation, and who gave it (``history``).
REASON = "Уточните бюджет и добавьте партнёров — причина модератора."
ACTOR_NAME = "Модератор Журналов"


def load_table() -> dict[tuple[str, str], frozenset[str]]:
    """``{(role, state): allowed actions}`` of both files; unknown roles, states or actions are errors in the table."""
    return shared_load_table(*TABLE_PATHS, roles=ROLES, states=STATES, actions=ACTIONS)


TABLE = load_table()


def allowed_actions(role: str, state: str) -> frozenset[str]:
    return TABLE.get((role, state), frozenset())


def cell_id(cell: tuple[str, ...]) -> str:
    """``role-state-action``: the test id of one cell."""
    return "-".join(cell)


# --- The situation.


@dataclass(frozen=True)
class Place:
    """The ids of one state's project and of the people and rows around it."""

    project: int
    partner: int  # the accepted partner's participation
    application: int  # the other agent's pending application
    indicator: int
    transition: int
    users: dict[str, int]  # roles relative to this project: lead_*, partner_*, expert


@dataclass(frozen=True)
class World:
    """Everything the matrix needs, built once per module: one ``Place`` per state and the roles relative to none."""

    places: dict[str, Place]
    users: dict[str, int]  # user, representative, agent_admin, moderator, coordinator, administrator
    invitee: int  # a published expert of another region, free to be invited to any of the projects


@dataclass
class Situation:
    """One cell's subject and objects, freshly read from the database (nothing memoised on them)."""

    role: str
    state: str
    user: Any
    project: Project
    targets: dict[str, Any]  # action -> the object its permission is checked against
    indicator: Indicator
    invitee: ExpertProfile
    transition: ProjectTransition

    @property
    def allowed(self) -> frozenset[str]:
        return allowed_actions(self.role, self.state)


def project_state(state: str) -> str:
    """The ``ProjectState`` of a column of the table (``hidden_active`` -> ``active``)."""
    return HIDDEN_STATES.get(state, state)


def build_place(state: str, *, lipetsk: Region, voronezh: Region, actor: User) -> Place:
    lead = AgentFactory(region=lipetsk)
    # The proposer: a representative of the lead who drafted the project (issue #12: they run it).
    proposer = MembershipFactory(agent=lead).user
    # Complete enough to be submitted: two regions (with the partner), a helix reason, an objective, an indicator.
    project = ProjectFactory(
        lead_agent=lead,
        state=project_state(state),
        is_hidden=state in HIDDEN_STATES,
        created_by=proposer,
        helix_reason="Гражданское общество подключим позже.",
    )
    project.objectives.add(ObjectiveFactory())
    partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    application = ParticipantFactory(
        project=project, agent=AgentFactory(region=voronezh), status=ParticipantStatus.APPLIED
    )
    indicator = IndicatorFactory(effect=EffectFactory(project=project))
    transition = ProjectTransition.objects.create(
        project=project,
        actor=actor,
        from_state=ProjectState.SUBMITTED,
        to_state=ProjectState.CHANGES_REQUESTED,
        reason=REASON,
    )
    users = {
        "lead_member": MembershipFactory(agent=lead).user.pk,
        "lead_admin": MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user.pk,
        "proposer": proposer.pk,
        "partner_member": MembershipFactory(agent=partner.agent).user.pk,
        "partner_admin": MembershipFactory(agent=partner.agent, role=AgentRole.ADMINISTRATOR).user.pk,
        "expert": ExpertInvitationFactory(project=project, status="accepted").expert.user_id,
    }
    return Place(project.pk, partner.pk, application.pk, indicator.pk, transition.pk, users)


def build_world() -> World:
    lipetsk = Region.objects.get(iso_code="RU-LIP")
    voronezh = Region.objects.get(iso_code="RU-VOR")
    actor = UserFactory(full_name=ACTOR_NAME)
    grant(actor, SiteRole.MODERATOR)
    places = {state: build_place(state, lipetsk=lipetsk, voronezh=voronezh, actor=actor) for state in STATES}

    def with_role(role: str, region: Region | None = None) -> int:
        user = UserFactory()
        grant(user, role, region=region)
        return user.pk

    users = {
        "user": UserFactory().pk,
        "representative": MembershipFactory(agent=AgentFactory(region=voronezh)).user.pk,
        # An agent of the lead's own region: sharing a region with the lead gives nothing.
        "agent_admin": MembershipFactory(agent=AgentFactory(region=lipetsk), role=AgentRole.ADMINISTRATOR).user.pk,
        "moderator": with_role(SiteRole.MODERATOR),
        "coordinator": with_role(SiteRole.COORDINATOR, lipetsk),
        "administrator": with_role(SiteRole.ADMINISTRATOR),
    }
    return World(places=places, users=users, invitee=ExpertProfileFactory(region=voronezh).pk)


@pytest.fixture(scope="module")
def project_world(django_db_setup, django_db_blocker) -> World:
    """The projects of every state and every role's user, built once for the module and rolled back after it.

    Each test still runs in its own savepoint, as with ``TestCase.setUpTestData``.
    """
    with module_transaction(django_db_blocker):
        yield build_world()


@pytest.fixture
def situation(project_world, db):
    """``situation(role, state) -> Situation``: the cell's subject and objects, read afresh."""

    def build(role: str, state: str) -> Situation:
        place = project_world.places[state]
        user_id = place.users.get(role) or project_world.users.get(role)
        user = AnonymousUser() if role == "anonymous" else User.objects.get(pk=user_id)
        project = Project.objects.select_related("lead_agent").get(pk=place.project)
        targets: dict[str, Any] = {action: project for action in ACTIONS}
        targets["decide"] = ProjectParticipant.objects.select_related("project").get(pk=place.application)
        targets["leave"] = ProjectParticipant.objects.select_related("project").get(pk=place.partner)
        return Situation(
            role=role,
            state=state,
            user=user,
            project=project,
            targets=targets,
            indicator=Indicator.objects.get(pk=place.indicator),
            invitee=ExpertProfile.objects.get(pk=project_world.invitee),
            transition=ProjectTransition.objects.get(pk=place.transition),
        )

    return build


# --- The rules.


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_rules_match_the_table(situation, role, state):
    # given
    cell = situation(role, state)

    # when
    granted = {action for action in ACTIONS if cell.user.has_perm(PERMISSIONS[action], cell.targets[action])}

    # then: exactly what the table allows, nothing else
    assert granted == cell.allowed


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_the_visible_list_matches_the_view_column(situation, role, state):
    cell = situation(role, state)

    assert projects_visible_to(cell.user).filter(pk=cell.project.pk).exists() is ("view" in cell.allowed)


@pytest.mark.parametrize("role", ["expert", "coordinator", "partner_member", "partner_admin"])
def test_the_roles_are_what_they_claim(situation, role):
    """Guards the situation itself: an expert is the project's expert, a coordinator coordinates the lead's region."""
    cell = situation(role, ProjectState.ACTIVE)

    match role:
        case "expert":
            assert is_project_expert(cell.user, cell.project)
        case "coordinator":
            assert is_coordinator(cell.user) and coordinates_agent_region(cell.user, cell.project.lead_agent)
        case _:
            assert is_partner_member(cell.user, cell.project)


# --- The table itself.


def test_every_project_permission_is_in_the_matrix():
    registered = {
        name
        for name in rules.permissions.permissions
        if name.startswith("cooperation.") and name.endswith(PROJECT_RULE_ENDINGS)
    }

    assert all(rules.perm_exists(name) for name in PERMISSIONS.values()), "the table names an unknown rule"
    assert set(NOT_IN_MATRIX) <= registered, "NOT_IN_MATRIX names a rule that no longer exists"
    assert not set(NOT_IN_MATRIX) & set(PERMISSIONS.values()), "a rule is both in and out of the matrix"
    in_matrix = {name for name in PERMISSIONS.values() if name.startswith("cooperation.")}
    assert registered - set(NOT_IN_MATRIX) == in_matrix, (
        "a project rule has no action in the matrix: add it to PERMISSIONS and to the table, or to NOT_IN_MATRIX"
    )


def test_every_project_rule_of_the_other_apps_is_placed():
    """A new ``<app>.<action>_project`` rule of discussion, experts or monitoring joins this table or ELSEWHERE."""
    registered = {
        name for name in rules.permissions.permissions if name.startswith(OTHER_APPS) and name.endswith("_project")
    }
    in_matrix = {name for name in PERMISSIONS.values() if name.startswith(OTHER_APPS) and name.endswith("_project")}

    assert set(ELSEWHERE) <= registered, "ELSEWHERE names a rule that no longer exists"
    assert registered - set(ELSEWHERE) == in_matrix


def test_table_is_consistent_with_itself():
    """Whoever may act on a project may see it; anonymous visitors only see public projects."""
    assert len(ROLES) * len(STATES) * len(ACTIONS) == 13 * (8 + 3) * 22
    for (role, state), allowed in TABLE.items():
        assert "view" in allowed, (role, state)
        if role == "anonymous":
            assert allowed == {"view"}, state
        if state in HIDDEN_STATES:
            # Hiding takes a project from the public, never gives anything: each cell is within the visible one's.
            assert allowed - {"hide"} <= allowed_actions(role, project_state(state)), (role, state)


def test_the_hidden_cells_are_in_their_own_file():
    """The hidden states live in ``project_permissions_hidden.csv`` only, and every one of them has rows."""
    with HIDDEN_TABLE_PATH.open(encoding="utf-8") as file:
        hidden_rows = {line.split(",")[1] for line in file.read().splitlines()[1:]}
    with TABLE_PATH.open(encoding="utf-8") as file:
        visible_rows = {line.split(",")[1] for line in file.read().splitlines()[1:]}
    assert hidden_rows == set(HIDDEN_STATES)
    assert not visible_rows & set(HIDDEN_STATES)
