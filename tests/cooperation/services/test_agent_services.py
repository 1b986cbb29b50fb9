import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from analytics.models import ClassifierItem
from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models import Agent, AgentMembership
from cooperation.services.agents import agent_create, agent_update, agent_verify
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_registered_agent_is_unverified_and_its_creator_administers_it(make_user, lipetsk):
    # given
    user = make_user()
    manufacturing = ClassifierItem.objects.get(classifier__code="nace2", code="C")

    # when
    agent = agent_create(actor=user, name="Завод", helix="business", region=lipetsk, competences=[manufacturing])

    # then
    assert agent.is_verified is False
    assert list(agent.competences.all()) == [manufacturing]
    membership = AgentMembership.objects.get(agent=agent)
    assert (membership.user, membership.role, membership.status) == (user, AgentRole.ADMINISTRATOR, "approved")
    assert AuditLogEntry.objects.filter(action="agent.created", actor=user, target_id=str(agent.pk)).exists()


def test_invalid_agent_is_rejected_per_field_and_nothing_is_written(make_user, lipetsk):
    user = make_user()

    with pytest.raises(ValidationError) as error:
        agent_create(actor=user, name="", helix="aliens", region=lipetsk, email="not-an-address")

    assert set(error.value.message_dict) == {"name", "helix", "email"}
    assert Agent.objects.count() == 0
    assert AgentMembership.objects.count() == 0
    assert AuditLogEntry.objects.count() == 0


def test_anonymous_cannot_register(lipetsk):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        agent_create(actor=AnonymousUser(), name="X", helix="business", region=lipetsk)


def test_only_agent_administrators_edit(make_user, lipetsk):
    agent = AgentFactory(region=lipetsk)
    admin = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user
    representative = MembershipFactory(agent=agent, role=AgentRole.REPRESENTATIVE).user

    agent_update(agent=agent, actor=admin, description="Новое описание")
    with pytest.raises(PermissionDenied):
        agent_update(agent=agent, actor=representative, description="Чужая правка")

    agent.refresh_from_db()
    assert agent.description == "Новое описание"
    entry = AuditLogEntry.objects.get(action="agent.updated")
    assert entry.data == {"fields": ["description"]}


def test_verification_is_logged_and_the_agent_administrators_are_told(
    make_user, lipetsk, django_capture_on_commit_callbacks
):
    # given
    moderator = make_user("moderator")
    agent = AgentFactory(region=lipetsk, is_verified=False)
    admin = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user

    # when
    with django_capture_on_commit_callbacks(execute=True):
        agent_verify(agent=agent, actor=moderator)

    # then
    agent.refresh_from_db()
    assert agent.is_verified and agent.verified_by == moderator
    assert AuditLogEntry.objects.filter(action="agent.verified", actor=moderator).count() == 1
    assert [m.to for m in mail.outbox] == [[admin.email]]


def test_verifying_twice_is_refused(make_user, lipetsk):
    moderator = make_user("moderator")
    agent = AgentFactory(region=lipetsk, is_verified=False)
    agent_verify(agent=agent, actor=moderator)

    with pytest.raises(PermissionDenied):
        agent_verify(agent=agent, actor=moderator)
    assert AuditLogEntry.objects.filter(action="agent.verified").count() == 1


def test_members_cannot_verify_their_own_agent(lipetsk):
    agent = AgentFactory(region=lipetsk, is_verified=False)
    admin = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR, status=MembershipStatus.APPROVED).user

    with pytest.raises(PermissionDenied):
        agent_verify(agent=agent, actor=admin)
