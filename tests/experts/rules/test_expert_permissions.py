"""The permission matrix of the expert actions, checked against ``expert_permissions.csv``.

Like ``tests/cooperation/rules/test_project_permissions.py``: a row lists, for
a role and a project state, the allowed actions; **anything not in the table is
denied**. ``invite`` acts on the project; ``respond``, ``withdraw`` and
``view_invitation`` on a pending invitation of the project.

The situation of every cell: a project led by a Lipetsk agent, with an
accepted partner in Voronezh, a pending invitation to one expert and an
accepted invitation of another. Roles, relative to that project:

| role | who |
|---|---|
| ``anonymous`` | not signed in |
| ``member`` | representative of another verified agent, unrelated to the project |
| ``lead_member`` / ``lead_admin`` | representative / administrator of the lead agent |
| ``partner_admin`` | administrator of the accepted partner agent |
| ``invited_expert`` | the expert the pending invitation is addressed to |
| ``project_expert`` | an expert who accepted an invitation to the project (being one grants nothing more) |
| ``moderator`` / ``administrator`` | site roles |
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from cooperation.choices import AgentRole, ProjectState
from experts.predicates import is_project_expert
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory
from tests.matrices import load_table

TABLE_PATH = Path(__file__).with_name("expert_permissions.csv")
ROLES = (
    "anonymous",
    "member",
    "lead_member",
    "lead_admin",
    "partner_admin",
    "invited_expert",
    "project_expert",
    "moderator",
    "administrator",
)
STATES = tuple(ProjectState.values)
PERMISSIONS = {
    "invite": "experts.invite_expert",
    "respond": "experts.respond_expertinvitation",
    "withdraw": "experts.withdraw_expertinvitation",
    "view_invitation": "experts.view_expertinvitation",
}
ACTIONS = tuple(PERMISSIONS)


TABLE = load_table(TABLE_PATH, roles=ROLES, states=STATES, actions=ACTIONS)


@pytest.fixture
def situation(lipetsk, voronezh, make_user):
    def build(role: str, state: str):
        lead = AgentFactory(region=lipetsk)
        MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR)
        project = ProjectFactory(lead_agent=lead, state=state)
        partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
        pending = ExpertInvitationFactory(project=project, expert=ExpertProfileFactory())
        accepted = ExpertInvitationFactory(project=project, status="accepted")
        users = {
            "anonymous": lambda: AnonymousUser(),
            "member": lambda: MembershipFactory(agent=AgentFactory(region=voronezh)).user,
            "lead_member": lambda: MembershipFactory(agent=lead).user,
            "lead_admin": lambda: MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user,
            "partner_admin": lambda: MembershipFactory(agent=partner.agent, role=AgentRole.ADMINISTRATOR).user,
            "invited_expert": lambda: pending.expert.user,
            "project_expert": lambda: accepted.expert.user,
            "moderator": lambda: make_user(SiteRole.MODERATOR),
            "administrator": lambda: make_user(SiteRole.ADMINISTRATOR),
        }
        targets = {"invite": project, "respond": pending, "withdraw": pending, "view_invitation": pending}
        return users[role](), project, targets

    return build


@pytest.mark.django_db
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_expert_permissions_match_the_table(situation, role, state):
    user, project, targets = situation(role, state)

    allowed = {action for action in ACTIONS if user.has_perm(PERMISSIONS[action], targets[action])}

    assert allowed == set(TABLE.get((role, state), frozenset())), (role, state)
    assert is_project_expert(user, project) == (role == "project_expert")


@pytest.mark.django_db
def test_no_invitation_to_a_hidden_project(situation):
    user, project, targets = situation("lead_admin", ProjectState.PUBLISHED)
    project.is_hidden = True

    assert not user.has_perm("experts.invite_expert", project)
    assert not targets["respond"].expert.user.has_perm("experts.respond_expertinvitation", targets["respond"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("viewer", "published", "view", "contacts", "change"),
    [
        ("anonymous", True, True, False, False),
        ("anonymous", False, False, False, False),
        ("someone", True, True, True, False),
        ("someone", False, False, False, False),
        ("owner", False, True, True, True),
        ("owner", True, True, True, True),
        ("moderator", False, True, True, False),
        ("administrator", False, True, True, False),
    ],
)
def test_profile_permissions(make_user, reference_data, viewer, published, view, contacts, change):
    profile = ExpertProfileFactory(is_published=published)
    user = {
        "anonymous": AnonymousUser(),
        "someone": make_user(),
        "owner": profile.user,
        "moderator": make_user(SiteRole.MODERATOR),
        "administrator": make_user(SiteRole.ADMINISTRATOR),
    }[viewer]

    assert user.has_perm("experts.view_expertprofile", profile) is view
    assert user.has_perm("experts.view_expertprofile_contacts", profile) is contacts
    assert user.has_perm("experts.change_expertprofile", profile) is change
    assert user.has_perm("experts.add_expertprofile") is (viewer != "anonymous")
