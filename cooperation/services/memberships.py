from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import forget_cached_roles
from audit.services import audit_log
from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models import Agent, AgentMembership
from cooperation.notifications import notify_on_commit
from cooperation.selectors import agent_administrators
from core.exceptions import InvalidStateError


def membership_request(*, agent: Agent, user: User, message: str = "") -> AgentMembership:
    """Ask to act for a verified agent; its administrators decide.

    Two identical requests (a double click, two tabs) produce one: the
    database's partial unique constraint rejects the second.
    """
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if not user.has_perm("cooperation.join_agent", agent):
        if agent.memberships.filter(
            user=user, status__in=[MembershipStatus.PENDING, MembershipStatus.APPROVED]
        ).exists():
            raise ValidationError(_("You are already a member of this organisation or have asked to join it."))
        raise PermissionDenied
    try:
        with transaction.atomic():
            membership = AgentMembership(agent=agent, user=user, message=message.strip())
            membership.full_clean(validate_constraints=False)
            membership.save()
            audit_log(actor=user, action="membership.requested", target=membership)
    except IntegrityError as error:
        raise ValidationError(_("You are already a member of this organisation or have asked to join it.")) from error
    with transaction.atomic():
        notify_on_commit(
            users=agent_administrators(agent),
            template="cooperation/email/membership_requested",
            context={"agent": agent, "membership": membership, "url": reverse("cooperation:my-agents")},
            exclude=user,
        )
    return membership


@transaction.atomic
def membership_decide(
    *,
    membership: AgentMembership,
    actor: User,
    approve: bool,
    role: str = AgentRole.REPRESENTATIVE,
    now: datetime | None = None,
) -> AgentMembership:
    """An agent administrator approves (with a role) or declines a pending request."""
    membership = AgentMembership.objects.select_for_update().select_related("agent", "user").get(pk=membership.pk)
    if membership.status != MembershipStatus.PENDING:
        raise InvalidStateError(_("This request has already been decided."), state=membership.status)
    if not actor.has_perm("cooperation.decide_agentmembership", membership):
        raise PermissionDenied
    if role not in AgentRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership.status = MembershipStatus.APPROVED if approve else MembershipStatus.DECLINED
    membership.role = role if approve else membership.role
    membership.decided_by = actor
    membership.decided_at = now or timezone.now()
    membership.save(update_fields=["status", "role", "decided_by", "decided_at"])
    audit_log(
        actor=actor,
        action="membership.approved" if approve else "membership.declined",
        target=membership,
        role=membership.role if approve else None,
    )
    forget_cached_roles(membership.user)
    notify_on_commit(
        users=[membership.user],
        template="cooperation/email/membership_decided",
        context={"membership": membership, "url": membership.agent.get_absolute_url()},
        exclude=actor,
    )
    return membership


def _is_last_administrator(membership: AgentMembership) -> bool:
    return (
        membership.role == AgentRole.ADMINISTRATOR
        and membership.status == MembershipStatus.APPROVED
        and not AgentMembership.objects.filter(
            agent_id=membership.agent_id, role=AgentRole.ADMINISTRATOR, status=MembershipStatus.APPROVED
        )
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_leave(*, membership: AgentMembership, actor: User) -> AgentMembership:
    """A member stops acting for an agent (or withdraws a pending request)."""
    membership = AgentMembership.objects.select_for_update().get(pk=membership.pk)
    if not actor.has_perm("cooperation.leave_agentmembership", membership):
        raise PermissionDenied
    if _is_last_administrator(membership):
        raise ValidationError(_("You are the organisation's only administrator: appoint another one before leaving."))
    membership.status = MembershipStatus.LEFT
    membership.save(update_fields=["status"])
    audit_log(actor=actor, action="membership.left", target=membership)
    forget_cached_roles(actor)
    return membership


@transaction.atomic
def membership_change_role(*, membership: AgentMembership, actor: User, role: str) -> AgentMembership:
    """An agent administrator makes another member an administrator or a representative."""
    membership = AgentMembership.objects.select_for_update().get(pk=membership.pk)
    if not actor.has_perm("cooperation.change_role_agentmembership", membership):
        raise PermissionDenied
    if role not in AgentRole.values:
        raise ValidationError({"role": _("Unknown role.")})
    if membership.role != role:
        old = membership.role
        membership.role = role
        membership.save(update_fields=["role"])
        audit_log(actor=actor, action="membership.role_changed", target=membership, old=old, new=role)
        forget_cached_roles(membership.user)
    return membership
