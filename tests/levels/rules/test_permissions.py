"""The permission matrix of the evidence: role × state × action; anything not listed is denied.

Roles: ``anonymous``; ``member`` (signed in, no role, no agent); ``agent_member`` (acts for an agent
that took part / is a member agent); ``other_agent_member`` (acts for an unrelated agent);
``coordinator`` (of a region concerned); ``other_coordinator`` (of an unrelated region); ``proposer``
(for structures); ``moderator``; ``administrator``.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "member",
    "agent_member",
    "other_agent_member",
    "coordinator",
    "other_coordinator",
    "proposer",
    "moderator",
    "administrator",
)
EVERYONE_SIGNED_IN = set(ROLES) - {"anonymous"}
CONCERNED = {"agent_member", "coordinator", "moderator", "administrator"}
STAFF = {"moderator", "administrator"}
RECORDERS = {"agent_member", "other_agent_member", "coordinator", "other_coordinator", "moderator", "administrator"}

# (permission, state) -> roles allowed; the proposer of a structure acts for no agent and coordinates nothing.
INTERACTION_MATRIX = {
    ("levels.view_interaction", "recorded"): EVERYONE_SIGNED_IN,
    ("levels.view_interaction", "withdrawn"): CONCERNED | {"proposer"},  # "proposer" = who recorded it
    ("levels.change_interaction", "recorded"): CONCERNED,
    ("levels.change_interaction", "withdrawn"): set(),
    ("levels.withdraw_interaction", "recorded"): CONCERNED,
    ("levels.withdraw_interaction", "withdrawn"): set(),
    ("levels.restore_interaction", "recorded"): set(),
    ("levels.restore_interaction", "withdrawn"): STAFF,
}
STRUCTURE_MATRIX = {
    ("levels.view_integratedstructure", "proposed"): CONCERNED | {"proposer"},
    ("levels.view_integratedstructure", "rejected"): CONCERNED | {"proposer"},
    ("levels.view_integratedstructure", "confirmed"): EVERYONE_SIGNED_IN,
    ("levels.view_integratedstructure", "dissolved"): EVERYONE_SIGNED_IN,
    ("levels.confirm_integratedstructure", "proposed"): STAFF,
    ("levels.confirm_integratedstructure", "confirmed"): set(),
    ("levels.confirm_integratedstructure", "rejected"): set(),
    ("levels.confirm_integratedstructure", "dissolved"): set(),
    ("levels.dissolve_integratedstructure", "proposed"): set(),
    ("levels.dissolve_integratedstructure", "confirmed"): STAFF,
    ("levels.dissolve_integratedstructure", "rejected"): set(),
    ("levels.dissolve_integratedstructure", "dissolved"): set(),
    ("levels.change_integratedstructure", "proposed"): STAFF | {"proposer"},
    ("levels.change_integratedstructure", "confirmed"): STAFF,
    ("levels.change_integratedstructure", "rejected"): set(),
    ("levels.change_integratedstructure", "changes_requested"): STAFF | {"proposer"},
    ("levels.view_integratedstructure", "changes_requested"): CONCERNED | {"proposer"},
    ("levels.submit_integratedstructure", "changes_requested"): {"proposer"},
    ("levels.submit_integratedstructure", "proposed"): set(),
    ("levels.reject_integratedstructure", "proposed"): STAFF,
    ("levels.reject_integratedstructure", "changes_requested"): set(),
    ("levels.request_details_integratedstructure", "proposed"): STAFF,
    ("levels.request_details_integratedstructure", "confirmed"): set(),
    ("levels.change_integratedstructure", "dissolved"): STAFF,
}
GLOBAL_MATRIX = {
    "levels.view_levels": EVERYONE_SIGNED_IN,
    "levels.add_interaction": RECORDERS,
    "levels.add_integratedstructure": RECORDERS,
    "levels.moderate_structures": STAFF,
}


@pytest.fixture
def world(lipetsk, voronezh):
    from regions.models import Region

    novosibirsk = Region.objects.get(iso_code="RU-NVS")
    lipetsk_agent, voronezh_agent = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    users = {"anonymous": AnonymousUser()}
    for role in ROLES[1:]:
        users[role] = UserFactory()
    MembershipFactory(agent=lipetsk_agent, user=users["agent_member"])
    MembershipFactory(agent=AgentFactory(region=novosibirsk), user=users["other_agent_member"])
    grant(users["coordinator"], SiteRole.COORDINATOR, region=voronezh)
    grant(users["other_coordinator"], SiteRole.COORDINATOR, region=novosibirsk)
    grant(users["moderator"], SiteRole.MODERATOR)
    grant(users["administrator"], SiteRole.ADMINISTRATOR)
    return {"users": users, "agents": [lipetsk_agent, voronezh_agent], "regions": [lipetsk, voronezh]}


def _allowed(users, permission, obj=None):
    return {role for role, user in users.items() if user.has_perm(permission, obj)}


@pytest.mark.parametrize(("permission", "state"), list(INTERACTION_MATRIX))
def test_interaction_permissions(world, permission, state):
    users = world["users"]
    interaction = InteractionFactory(
        participants=world["agents"], recorded_by=users["proposer"], is_withdrawn=state == "withdrawn"
    )
    assert _allowed(users, permission, interaction) == INTERACTION_MATRIX[(permission, state)]


@pytest.mark.parametrize(("permission", "state"), list(STRUCTURE_MATRIX))
def test_structure_permissions(world, permission, state):
    users = world["users"]
    structure = StructureFactory(
        member_regions=world["regions"],
        member_agents=world["agents"][:1],
        proposed_by=users["proposer"],
        status=state,
    )
    assert _allowed(users, permission, structure) == STRUCTURE_MATRIX[(permission, state)]


@pytest.mark.parametrize("permission", list(GLOBAL_MATRIX))
def test_global_permissions(world, permission):
    users = world["users"]
    # the proposer has no role and no agent: for the global permissions they are a plain member
    assert _allowed(users, permission) == GLOBAL_MATRIX[permission]


def test_every_levels_rule_is_in_a_matrix():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("levels.")}
    in_matrices = {permission for permission, _ in (*INTERACTION_MATRIX, *STRUCTURE_MATRIX)} | set(GLOBAL_MATRIX)
    # the confirmation by the other side has its own matrix (test_interaction_confirmation.py)
    from tests.levels.rules.test_interaction_confirmation import PERMISSIONS

    in_matrices |= set(PERMISSIONS.values())

    assert registered == in_matrices, "a levels rule is in no matrix of this module (or a matrix names no rule)"
