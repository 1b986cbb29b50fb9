"""Who sees a project or an agent is decided once (``visible_to`` on the manager): the selector and the rule agree.

A mixed set of projects (every state, shown and hidden, partners accepted, applied and left) is judged by
``projects_visible_to`` (the lists), by ``user.has_perm("cooperation.view_project", …)`` (the pages and the
API) and, for everyone, by ``Project.objects.public()`` and its row twin ``is_public_to_all``.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from cooperation.choices import MembershipStatus, ParticipantStatus, ProjectState
from cooperation.models import Agent, Project
from cooperation.selectors import agents_visible_to, projects_visible_to
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PUBLIC = {ProjectState.PUBLISHED, ProjectState.ACTIVE, ProjectState.COMPLETED, ProjectState.ARCHIVED}


@pytest.fixture
def world(lipetsk):
    lead, partner, applicant, former = (AgentFactory(region=lipetsk) for _ in range(4))
    projects = []
    for state in ProjectState.values:
        for hidden in (False, True):
            project = ProjectFactory(lead_agent=lead, state=state, is_hidden=hidden)
            ParticipantFactory(project=project, agent=partner)
            ParticipantFactory(project=project, agent=applicant, status=ParticipantStatus.APPLIED)
            ParticipantFactory(project=project, agent=former, status=ParticipantStatus.LEFT)
            projects.append(project)
    moderator, administrator, coordinator = UserFactory(), UserFactory(), UserFactory()
    grant(moderator, SiteRole.MODERATOR)
    grant(administrator, SiteRole.ADMINISTRATOR)
    grant(coordinator, SiteRole.COORDINATOR, region=lipetsk)
    users = {
        "anonymous": AnonymousUser(),
        "member": UserFactory(),
        "lead": MembershipFactory(agent=lead).user,
        "partner": MembershipFactory(agent=partner).user,
        "applicant": MembershipFactory(agent=applicant).user,
        "former": MembershipFactory(agent=former).user,
        "coordinator": coordinator,
        "moderator": moderator,
        "administrator": administrator,
    }
    return projects, users


def expected(role: str, project: Project) -> bool:
    """The rule in words (README "Permissions"), worked out per role rather than read from the code."""
    public = project.state in PUBLIC
    if role in ("moderator", "administrator") or role == "lead":
        return True
    if role == "partner":
        return public
    return public and not project.is_hidden


@pytest.mark.parametrize(
    "role",
    ["anonymous", "member", "lead", "partner", "applicant", "former", "coordinator", "moderator", "administrator"],
)
def test_the_selector_and_the_rule_agree_on_every_project(world, role):
    projects, users = world
    user = users[role]
    listed = set(projects_visible_to(user).values_list("pk", flat=True))
    for project in projects:
        fresh = Project.objects.get(pk=project.pk)
        by_rule = user.has_perm("cooperation.view_project", fresh)
        assert (project.pk in listed) == by_rule == expected(role, fresh), (role, fresh.state, fresh.is_hidden)


def test_public_and_its_row_twin_agree(world):
    projects, _users = world
    public = set(Project.objects.public().values_list("pk", flat=True))
    assert len(public) == len(PUBLIC)  # one shown project per public state
    for project in Project.objects.filter(pk__in=[p.pk for p in projects]):
        assert project.is_public_to_all == (project.pk in public)


@pytest.fixture
def agents(lipetsk, voronezh):
    own = AgentFactory(region=voronezh, is_verified=False)
    rows = [
        AgentFactory(region=lipetsk),
        AgentFactory(region=voronezh),
        AgentFactory(region=lipetsk, is_verified=False),
        AgentFactory(region=voronezh, is_verified=False),
        own,
    ]
    moderator, administrator, coordinator = UserFactory(), UserFactory(), UserFactory()
    grant(moderator, SiteRole.MODERATOR)
    grant(administrator, SiteRole.ADMINISTRATOR)
    grant(coordinator, SiteRole.COORDINATOR, region=lipetsk)
    pending = UserFactory()
    MembershipFactory(agent=own, user=pending, status=MembershipStatus.PENDING)
    users = {
        "anonymous": AnonymousUser(),
        "member": UserFactory(),
        "own": MembershipFactory(agent=own).user,
        "pending": pending,
        "coordinator": coordinator,
        "moderator": moderator,
        "administrator": administrator,
    }
    return rows, own, users


@pytest.mark.parametrize("role", ["anonymous", "member", "own", "pending", "coordinator", "moderator", "administrator"])
def test_the_agent_selector_and_the_rule_agree_on_every_agent(agents, role, lipetsk):
    rows, own, users = agents
    user = users[role]
    listed = set(agents_visible_to(user).values_list("pk", flat=True))
    for agent in rows:
        fresh = Agent.objects.get(pk=agent.pk)
        # Worked out per role: verified ones for all; unverified to its members, the region's coordinator, staff.
        expected = (
            fresh.is_verified
            or role in ("moderator", "administrator")
            or (role == "own" and fresh.pk == own.pk)
            or (role == "coordinator" and fresh.region_id == lipetsk.pk)
        )
        assert (fresh.pk in listed) == user.has_perm("cooperation.view_agent", fresh) == expected, (role, fresh)
