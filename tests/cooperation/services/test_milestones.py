"""Milestones: the lead's members keep the project's timeline, within the project's dates."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, ProjectState
from cooperation.models import Milestone
from cooperation.services.milestones import milestone_add, milestone_complete, milestone_remove, milestone_update
from core.exceptions import InvalidStateError
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    MilestoneFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def project(lipetsk):
    return ProjectFactory(lead_agent=AgentFactory(region=lipetsk), starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))


@pytest.fixture
def lead_member(project):
    return MembershipFactory(agent=project.lead_agent).user


@pytest.fixture
def partner_admin(project, voronezh):
    partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    return MembershipFactory(agent=partner.agent, role=AgentRole.ADMINISTRATOR).user


def test_a_lead_member_adds_a_milestone(project, lead_member):
    milestone = milestone_add(project=project, actor=lead_member, title="  Отчёт  ", due_on=D(2026, 6, 30))

    assert (milestone.project, milestone.title, milestone.due_on, milestone.done_on) == (
        project,
        "Отчёт",
        D(2026, 6, 30),
        None,
    )
    entry = AuditLogEntry.objects.get(action="milestone.added")
    assert entry.actor == lead_member and entry.data == {"project": project.pk, "due_on": "2026-06-30"}


@pytest.mark.parametrize("due_on", [D(2025, 12, 31), D(2027, 1, 1)])
def test_a_milestone_falls_within_the_project_dates(project, lead_member, due_on):
    with pytest.raises(ValidationError) as error:
        milestone_add(project=project, actor=lead_member, title="Этап", due_on=due_on)

    assert list(error.value.message_dict) == ["due_on"]
    assert not Milestone.objects.exists()


def test_the_bounds_themselves_are_allowed(project, lead_member):
    milestone_add(project=project, actor=lead_member, title="Начало", due_on=D(2026, 1, 1))
    milestone_add(project=project, actor=lead_member, title="Конец", due_on=D(2026, 12, 31))

    assert Milestone.objects.count() == 2


def test_without_project_dates_any_date_will_do(lipetsk):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk))
    member = MembershipFactory(agent=project.lead_agent).user

    milestone_add(project=project, actor=member, title="Когда-нибудь", due_on=D(2030, 1, 1))

    assert Milestone.objects.count() == 1


def test_a_title_is_required(project, lead_member):
    with pytest.raises(ValidationError) as error:
        milestone_add(project=project, actor=lead_member, title="  ", due_on=D(2026, 6, 1))

    assert "title" in error.value.message_dict


def test_partners_and_outsiders_cannot_touch_the_timeline(project, partner_admin, make_user):
    project.state = ProjectState.ACTIVE
    project.save(update_fields=["state"])
    milestone = MilestoneFactory(project=project)

    for user in (partner_admin, make_user(), make_user("moderator")):
        with pytest.raises(PermissionDenied):
            milestone_add(project=project, actor=user, title="Этап", due_on=D(2026, 6, 1))
        with pytest.raises(PermissionDenied):
            milestone_complete(milestone=milestone, actor=user)
        with pytest.raises(PermissionDenied):
            milestone_remove(milestone=milestone, actor=user)


@pytest.mark.parametrize("state", [ProjectState.ARCHIVED, ProjectState.REJECTED])
def test_closed_projects_keep_their_timeline(project, lead_member, state):
    milestone = MilestoneFactory(project=project)
    project.state = state
    project.save(update_fields=["state"])

    with pytest.raises(InvalidStateError) as error:
        milestone_add(project=project, actor=lead_member, title="Этап", due_on=D(2026, 6, 1))
    assert error.value.state == state
    with pytest.raises(InvalidStateError):
        milestone_update(milestone=milestone, actor=lead_member, title="Другое")
    with pytest.raises(InvalidStateError):
        milestone_remove(milestone=milestone, actor=lead_member)


def test_moving_a_milestone_is_checked_against_the_project_dates(project, lead_member):
    milestone = MilestoneFactory(project=project, due_on=D(2026, 6, 30))

    milestone_update(milestone=milestone, actor=lead_member, title="Промежуточный отчёт", due_on=D(2026, 7, 15))
    with pytest.raises(ValidationError) as error:
        milestone_update(milestone=milestone, actor=lead_member, due_on=D(2027, 2, 1))

    milestone.refresh_from_db()
    assert (milestone.title, milestone.due_on) == ("Промежуточный отчёт", D(2026, 7, 15))
    assert "due_on" in error.value.message_dict
    assert AuditLogEntry.objects.get(action="milestone.updated").data["fields"] == ["title", "due_on"]


def test_update_refuses_unknown_fields(project, lead_member):
    milestone = MilestoneFactory(project=project)

    with pytest.raises(TypeError):
        milestone_update(milestone=milestone, actor=lead_member, done_on=D(2026, 1, 2))


def test_completing_and_reopening(project, lead_member):
    milestone = MilestoneFactory(project=project)

    milestone_complete(milestone=milestone, actor=lead_member, today=D(2026, 5, 5))
    milestone.refresh_from_db()
    assert milestone.done_on == D(2026, 5, 5)
    with pytest.raises(InvalidStateError) as error:
        milestone_complete(milestone=milestone, actor=lead_member)
    assert error.value.state == "done"

    milestone_complete(milestone=milestone, actor=lead_member, done=False)
    milestone.refresh_from_db()
    assert milestone.done_on is None
    assert [e.action for e in AuditLogEntry.objects.order_by("id")] == ["milestone.completed", "milestone.reopened"]


def test_removing_a_milestone(project, lead_member):
    milestone = MilestoneFactory(project=project, title="Лишний")

    milestone_remove(milestone=milestone, actor=lead_member)

    assert not Milestone.objects.exists()
    assert AuditLogEntry.objects.get(action="milestone.removed").data["title"] == "Лишний"
