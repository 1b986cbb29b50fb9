import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models import AgentMembership
from cooperation.services.memberships import (
    membership_change_role,
    membership_decide,
    membership_leave,
    membership_request,
)
from core.exceptions import InvalidStateError
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent(lipetsk):
    return AgentFactory(region=lipetsk)


@pytest.fixture
def agent_admin(agent):
    return MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user


def test_request_then_approval_makes_a_representative(
    make_user, agent, agent_admin, django_capture_on_commit_callbacks
):
    applicant = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_request(agent=agent, user=applicant, message="  Я из лаборатории.  ")
    assert membership.status == MembershipStatus.PENDING
    assert membership.message == "Я из лаборатории."
    assert mail.outbox[-1].to == [agent_admin.email]

    with django_capture_on_commit_callbacks(execute=True):
        membership_decide(membership=membership, actor=agent_admin, approve=True, role=AgentRole.REPRESENTATIVE)

    membership.refresh_from_db()
    assert (membership.status, membership.role, membership.decided_by) == ("approved", "representative", agent_admin)
    # permissions are memoised per user object (one request); the next request sees the new role
    applicant.refresh_from_db()
    applicant.__dict__.pop("_spiral_agent_roles", None)
    assert applicant.has_perm("cooperation.view_agent_members", agent)
    assert mail.outbox[-1].to == [applicant.email]
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "membership.requested",
        "membership.approved",
    ]


def test_a_second_identical_request_is_refused_and_only_one_exists(make_user, agent):
    applicant = make_user()
    membership_request(agent=agent, user=applicant)

    with pytest.raises(ValidationError):
        membership_request(agent=agent, user=applicant)

    assert AgentMembership.objects.filter(agent=agent, user=applicant).count() == 1


def test_the_database_itself_refuses_two_active_memberships(make_user, agent):
    from django.db import IntegrityError, transaction

    applicant = make_user()
    MembershipFactory(agent=agent, user=applicant, status=MembershipStatus.PENDING)

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(agent=agent, user=applicant, status=MembershipStatus.APPROVED)


def test_unverified_agents_cannot_be_joined(make_user, lipetsk):
    hidden = AgentFactory(region=lipetsk, is_verified=False)

    with pytest.raises(PermissionDenied):
        membership_request(agent=hidden, user=make_user())


def test_deciding_twice_is_a_conflict_with_the_current_state(make_user, agent, agent_admin):
    membership = membership_request(agent=agent, user=make_user())
    membership_decide(membership=membership, actor=agent_admin, approve=False)

    with pytest.raises(InvalidStateError) as error:
        membership_decide(membership=membership, actor=agent_admin, approve=True)

    assert error.value.state == "declined"
    assert AgentMembership.objects.get(pk=membership.pk).status == "declined"


def test_a_representative_cannot_decide(make_user, agent):
    representative = MembershipFactory(agent=agent).user
    membership = membership_request(agent=agent, user=make_user())

    with pytest.raises(PermissionDenied):
        membership_decide(membership=membership, actor=representative, approve=True)
    assert AgentMembership.objects.get(pk=membership.pk).status == "pending"


def test_after_declining_the_user_may_ask_again(make_user, agent, agent_admin):
    applicant = make_user()
    first = membership_request(agent=agent, user=applicant)
    membership_decide(membership=first, actor=agent_admin, approve=False)

    second = membership_request(agent=agent, user=applicant)

    assert second.pk != first.pk and second.status == "pending"


def test_the_only_administrator_cannot_leave(agent, agent_admin):
    membership = AgentMembership.objects.get(agent=agent, user=agent_admin)

    with pytest.raises(ValidationError):
        membership_leave(membership=membership, actor=agent_admin)

    assert AgentMembership.objects.get(pk=membership.pk).status == "approved"


def test_an_administrator_appoints_another_then_leaves(agent, agent_admin):
    colleague = MembershipFactory(agent=agent)
    own = AgentMembership.objects.get(agent=agent, user=agent_admin)

    membership_change_role(membership=colleague, actor=agent_admin, role=AgentRole.ADMINISTRATOR)
    membership_leave(membership=own, actor=agent_admin)

    assert AgentMembership.objects.get(pk=own.pk).status == "left"
    assert AgentMembership.objects.get(pk=colleague.pk).role == "administrator"
    assert not agent_admin.has_perm("cooperation.change_agent", agent)
    assert AuditLogEntry.objects.filter(action="membership.role_changed", data__new="administrator").exists()
