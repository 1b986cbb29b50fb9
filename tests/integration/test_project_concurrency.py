"""Projects on PostgreSQL: row locks make simultaneous moderators and applicants produce one outcome."""

from cooperation.choices import AgentRole, ParticipantStatus, ProjectState
from cooperation.models import Project, ProjectParticipant
from cooperation.services.projects import participant_apply, project_approve, project_reject
from core.exceptions import InvalidStateError
from tests.concurrency import race as _race
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory


def test_two_moderators_approving_at_once_make_exactly_one_transition(production_services, make_user, lipetsk):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.SUBMITTED)
    moderators = [make_user("moderator"), make_user("moderator")]

    results = _race(
        [lambda moderator=moderator: project_approve(project=project, actor=moderator) for moderator in moderators]
    )

    assert sum(isinstance(r, Project) for r in results) == 1
    errors = [r for r in results if isinstance(r, InvalidStateError)]
    assert len(errors) == 1 and errors[0].state == ProjectState.PUBLISHED
    assert list(project.transitions.values_list("from_state", "to_state")) == [("submitted", "published")]


def test_approve_and_reject_at_once_make_exactly_one_decision(production_services, make_user, lipetsk):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.SUBMITTED)
    first, second = make_user("moderator"), make_user("moderator")

    results = _race(
        [
            lambda: project_approve(project=project, actor=first),
            lambda: project_reject(project=project, actor=second, reason="Off topic."),
        ]
    )

    assert sum(isinstance(r, Project) for r in results) == 1
    assert sum(isinstance(r, InvalidStateError) for r in results) == 1
    winner = next(r for r in results if isinstance(r, Project))
    assert Project.objects.get(pk=project.pk).state == winner.state
    assert project.transitions.count() == 1


def test_two_identical_applications_at_once_make_one(production_services, lipetsk, voronezh):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    agent = AgentFactory(region=voronezh)
    applicant = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user

    results = _race(
        [lambda: participant_apply(project=project, agent=agent, actor=applicant, motivation="Hello") for _ in range(2)]
    )

    assert (
        ProjectParticipant.objects.filter(project=project, agent=agent, status=ParticipantStatus.APPLIED).count() == 1
    )
    assert sum(isinstance(r, ProjectParticipant) for r in results) == 1
