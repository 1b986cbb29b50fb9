"""Inviting experts to projects, their answers and withdrawals: rules, errors, audit and notifications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, ProjectState
from cooperation.notifications import template_exists
from core.exceptions import InvalidStateError
from experts.choices import InvitationStatus
from experts.models import ExpertInvitation
from experts.predicates import is_project_expert
from experts.services import expert_invitation_respond, expert_invitation_withdraw, expert_invite
from notifications.models import Notification
from notifications.registry import is_registered
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory

pytestmark = pytest.mark.django_db

EVENTS = ("experts/email/expert_invited", "experts/email/expert_responded", "experts/email/invitation_withdrawn")


@pytest.mark.parametrize("event", EVENTS)
def test_every_event_is_registered_and_has_its_texts(event):
    assert is_registered(event)
    assert template_exists(event)


# --- Inviting.


def test_a_lead_member_invites_a_published_expert_who_is_told(
    project, lead_member, expert, django_capture_on_commit_callbacks
):
    expert.user.language = "en"
    expert.user.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        invitation = expert_invite(project=project, expert=expert, actor=lead_member, message="  Help us.  ")

    assert (invitation.status, invitation.message, invitation.invited_by) == ("invited", "Help us.", lead_member)
    entry = AuditLogEntry.objects.get(action="expert.invited")
    assert entry.data == {"project": project.pk, "expert": expert.pk}
    assert [m.to for m in mail.outbox] == [[expert.user.email]]
    assert "invitation" in mail.outbox[0].subject  # in the expert's language
    notification = Notification.objects.get(recipient=expert.user)
    assert notification.url == "/experts/invitations/"


@pytest.mark.parametrize("state", [ProjectState.PUBLISHED, ProjectState.ACTIVE])
def test_the_lead_administrator_invites_while_the_project_is_open(lead_agent, lead_admin, expert, state):
    project = ProjectFactory(lead_agent=lead_agent, state=state)

    assert expert_invite(project=project, expert=expert, actor=lead_admin).status == "invited"


@pytest.mark.parametrize(
    "state",
    [
        ProjectState.DRAFT,
        ProjectState.SUBMITTED,
        ProjectState.CHANGES_REQUESTED,
        ProjectState.REJECTED,
        ProjectState.COMPLETED,
        ProjectState.ARCHIVED,
    ],
)
def test_no_invitation_outside_the_open_states(lead_agent, lead_admin, expert, state):
    project = ProjectFactory(lead_agent=lead_agent, state=state)

    with pytest.raises(InvalidStateError) as error:
        expert_invite(project=project, expert=expert, actor=lead_admin)

    assert error.value.state == state
    assert not ExpertInvitation.objects.exists()


def test_no_invitation_to_a_hidden_project(project, lead_admin, expert):
    project.is_hidden = True
    project.save(update_fields=["is_hidden"])

    with pytest.raises(PermissionDenied):
        expert_invite(project=project, expert=expert, actor=lead_admin)


def test_only_the_lead_invites(project, expert, make_user, voronezh):
    partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    partner_admin = MembershipFactory(agent=partner.agent, role=AgentRole.ADMINISTRATOR).user
    outsiders = [partner_admin, make_user(), make_user("moderator"), make_user("administrator"), expert.user]

    for actor in outsiders:
        with pytest.raises(PermissionDenied):
            expert_invite(project=project, expert=expert, actor=actor)

    assert not ExpertInvitation.objects.exists()


def test_an_unpublished_profile_cannot_be_invited(project, lead_admin):
    hidden = ExpertProfileFactory(is_published=False)

    with pytest.raises(ValidationError) as error:
        expert_invite(project=project, expert=hidden, actor=lead_admin)

    assert "expert" in error.value.message_dict


def test_a_member_of_the_lead_agent_cannot_be_its_expert(project, lead_agent, lead_admin, lead_member):
    own = ExpertProfileFactory(user=lead_member)

    with pytest.raises(ValidationError) as error:
        expert_invite(project=project, expert=own, actor=lead_admin)

    assert "expert" in error.value.message_dict


def test_an_expert_is_invited_once_at_a_time(project, lead_admin, lead_member, expert):
    expert_invite(project=project, expert=expert, actor=lead_admin)

    with pytest.raises(ValidationError) as error:
        expert_invite(project=project, expert=expert, actor=lead_member)

    assert "expert" in error.value.message_dict
    assert ExpertInvitation.objects.count() == 1


def test_a_declined_expert_may_be_invited_again(project, lead_admin, expert):
    ExpertInvitationFactory(project=project, expert=expert, status=InvitationStatus.DECLINED)

    again = expert_invite(project=project, expert=expert, actor=lead_admin)

    assert again.status == "invited"
    assert ExpertInvitation.objects.filter(project=project, expert=expert).count() == 2


def test_the_database_refuses_a_second_open_invitation(project, expert):
    ExpertInvitationFactory(project=project, expert=expert, status=InvitationStatus.ACCEPTED)

    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertInvitation.objects.create(project=project, expert=expert, status=InvitationStatus.INVITED)


# --- Answering.


def test_the_expert_accepts_and_the_lead_administrators_are_told(
    project, lead_admin, lead_member, expert, django_capture_on_commit_callbacks
):
    invitation = ExpertInvitationFactory(project=project, expert=expert, invited_by=lead_member)

    with django_capture_on_commit_callbacks(execute=True):
        answered = expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True)

    assert answered.status == "accepted" and answered.decided_at is not None and answered.decided_by == expert.user
    assert is_project_expert(expert.user, project)
    assert AuditLogEntry.objects.filter(action="expert_invitation.accepted").exists()
    # the administrators decide for the lead, so they hear the answer (not every representative)
    assert [m.to for m in mail.outbox] == [[lead_admin.email]]
    assert expert.display_name in mail.outbox[0].body
    assert Notification.objects.get(recipient=lead_admin).url == f"/projects/{project.pk}/"


def test_the_expert_declines(project, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)

    answered = expert_invitation_respond(invitation=invitation, actor=expert.user, accept=False)

    assert answered.status == "declined"
    assert not is_project_expert(expert.user, project)
    assert AuditLogEntry.objects.filter(action="expert_invitation.declined").exists()


@pytest.mark.parametrize("status", ["accepted", "declined", "withdrawn"])
def test_an_answered_invitation_cannot_be_answered_again(project, expert, status):
    invitation = ExpertInvitationFactory(project=project, expert=expert, status=status)

    with pytest.raises(InvalidStateError) as error:
        expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True)

    assert error.value.state == status
    invitation.refresh_from_db()
    assert invitation.status == status


def test_only_the_invited_expert_answers(project, lead_admin, expert, make_user):
    invitation = ExpertInvitationFactory(project=project, expert=expert)

    for actor in (lead_admin, make_user(), make_user("administrator"), ExpertProfileFactory().user):
        with pytest.raises(PermissionDenied):
            expert_invitation_respond(invitation=invitation, actor=actor, accept=True)

    invitation.refresh_from_db()
    assert invitation.status == "invited"


def test_no_answer_once_the_project_is_closed(project, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert)
    project.state = ProjectState.COMPLETED
    project.save(update_fields=["state"])

    with pytest.raises(InvalidStateError) as error:
        expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True)

    assert error.value.state == "completed"


# --- Withdrawing.


def test_a_lead_member_withdraws_an_unanswered_invitation_and_the_expert_is_told(
    project, lead_member, expert, django_capture_on_commit_callbacks
):
    invitation = ExpertInvitationFactory(project=project, expert=expert)

    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = expert_invitation_withdraw(invitation=invitation, actor=lead_member)

    assert withdrawn.status == "withdrawn" and withdrawn.decided_by == lead_member
    assert AuditLogEntry.objects.filter(action="expert_invitation.withdrawn").exists()
    assert [m.to for m in mail.outbox] == [[expert.user.email]]
    with pytest.raises(InvalidStateError) as error:
        expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True)
    assert error.value.state == "withdrawn"


def test_an_accepted_invitation_cannot_be_withdrawn(project, lead_admin, expert):
    invitation = ExpertInvitationFactory(project=project, expert=expert, status="accepted")

    with pytest.raises(InvalidStateError) as error:
        expert_invitation_withdraw(invitation=invitation, actor=lead_admin)

    assert error.value.state == "accepted"


def test_only_the_lead_withdraws(project, expert, make_user):
    invitation = ExpertInvitationFactory(project=project, expert=expert)

    for actor in (expert.user, make_user(), make_user("moderator")):
        with pytest.raises(PermissionDenied):
            expert_invitation_withdraw(invitation=invitation, actor=actor)


# --- Following the project.


def test_accepted_experts_follow_the_projects_milestones(
    project, lead_admin, expert, voronezh, django_capture_on_commit_callbacks
):
    from cooperation.services.projects import project_complete, project_start
    from monitoring.services import closing_report_save

    ExpertInvitationFactory(project=project, expert=expert, status=InvitationStatus.ACCEPTED)
    declined = ExpertInvitationFactory(project=project, expert=ExpertProfileFactory(region=voronezh))
    declined.status = InvitationStatus.DECLINED
    declined.save(update_fields=["status"])
    waiting = ExpertInvitationFactory(project=project, expert=ExpertProfileFactory(region=voronezh))

    with django_capture_on_commit_callbacks(execute=True):
        project_start(project=project, actor=lead_admin)
    with django_capture_on_commit_callbacks(execute=True):
        project_complete(project=project, actor=lead_admin)
    with django_capture_on_commit_callbacks(execute=True):
        closing_report_save(
            project=project,
            actor=lead_admin,
            summary="Итоги",
            lessons_learned="Уроки",
            is_published=True,
        )

    told = list(Notification.objects.filter(recipient=expert.user).order_by("pk").values_list("event", flat=True))
    assert told == [
        "cooperation/email/project_started",
        "cooperation/email/project_completed",
        "monitoring/email/closing_report_published",
    ]
    assert expert.user.email in {address for message in mail.outbox for address in message.to}
    # only those who accepted: not a declined expert, nor one who has not answered yet
    assert not Notification.objects.filter(recipient__in=[declined.expert.user, waiting.expert.user]).exists()
