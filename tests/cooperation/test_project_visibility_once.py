"""Who sees a project is decided once (``Project.objects.visible_to``): the selector and the rule agree on every row.

A mixed set of projects (every state, shown and hidden, partners accepted, applied and left) is judged by
``projects_visible_to`` (the lists), by ``user.has_perm("cooperation.view_project", …)`` (the pages and the
API) and, for everyone, by ``Project.objects.public()`` and its row twin ``is_public_to_all``.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from cooperation.choices import ParticipantStatus, ProjectState
from cooperation.models import Project
from cooperation.selectors import projects_visible_to
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
