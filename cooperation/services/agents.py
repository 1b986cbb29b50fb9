from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.choices import AgentReview, AgentRole, MembershipStatus
from cooperation.models import Agent, AgentMembership
from cooperation.notifications import notify_on_commit
from cooperation.selectors import agent_administrators, agent_members

AGENT_FIELDS = (
    "name",
    "name_en",
    "helix",
    "is_cluster",
    "region",
    "description",
    "description_en",
    "website",
    "email",
    "phone",
    "address",
)


@transaction.atomic
def agent_create(*, actor: User, competences: Iterable = (), **fields: Any) -> Agent:
    """Register a new, unverified agent; its creator becomes its agent administrator."""
    if not actor.has_perm("cooperation.add_agent"):
        raise PermissionDenied
    agent = Agent(created_by=actor, **{name: value for name, value in fields.items() if name in AGENT_FIELDS})
    agent.full_clean()
    agent.save()
    agent.competences.set(list(competences))
    AgentMembership.objects.create(
        agent=agent,
        user=actor,
        role=AgentRole.ADMINISTRATOR,
        status=MembershipStatus.APPROVED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit_log(actor=actor, action="agent.created", target=agent)
    if hasattr(actor, "_spiral_agent_roles"):
        del actor._spiral_agent_roles
    return agent


@transaction.atomic
def agent_update(*, agent: Agent, actor: User, competences: Iterable | None = None, **fields: Any) -> Agent:
    """Change an agent's details; only its administrators (and site administrators) may."""
    if not actor.has_perm("cooperation.change_agent", agent):
        raise PermissionDenied
    changed = [name for name in AGENT_FIELDS if name in fields and getattr(agent, name) != fields[name]]
    for name in changed:
        setattr(agent, name, fields[name])
    agent.full_clean()
    if changed:
        agent.save(update_fields=[*changed, "updated_at"])
    if competences is not None:
        agent.competences.set(list(competences))
        changed.append("competences")
    if changed:
        audit_log(actor=actor, action="agent.updated", target=agent, fields=changed)
    return agent


@transaction.atomic
def agent_verify(*, agent: Agent, actor: User, now: datetime | None = None) -> Agent:
    """A moderator confirms that the agent is a real organisation; it becomes public."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if not actor.has_perm("cooperation.verify_agent", agent):
        raise PermissionDenied
    agent.is_verified = True
    agent.verified_at = now or timezone.now()
    agent.verified_by = actor
    agent.review_status = AgentReview.VERIFIED
    agent.save(update_fields=["is_verified", "verified_at", "verified_by", "review_status", "updated_at"])
    audit_log(actor=actor, action="agent.verified", target=agent)
    notify_on_commit(
        users=agent_administrators(agent),
        template="cooperation/email/agent_verified",
        context={"agent": agent, "url": agent.get_absolute_url()},
        exclude=actor,
    )
    return agent


def _review(*, agent: Agent, actor: User, permission: str, to_status: str, reason: str, action: str) -> Agent:
    """Move ``agent`` to ``to_status`` with the moderator's ``reason``: audited, its members told."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if not actor.has_perm(permission, agent):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason: the organisation's members will read it.")})
    from_status = agent.review_status
    agent.review_status = to_status
    agent.review_reason = reason
    agent.full_clean()
    agent.save(update_fields=["review_status", "review_reason", "updated_at"])
    audit_log(actor=actor, action=action, target=agent, from_state=from_status, to_state=to_status, reason=reason)
    notify_on_commit(
        users=agent_members(agent),
        template=f"cooperation/email/{action.replace('.', '_')}",
        context={"agent": agent, "reason": reason, "url": agent.get_absolute_url()},
        exclude=actor,
    )
    return agent


@transaction.atomic
def agent_reject(*, agent: Agent, actor: User, reason: str) -> Agent:
    """A moderator rejects an agent awaiting verification, giving the reason; it stays unverified for good.

    Its representatives and administrators are told the reason (in the portal and by e-mail)."""
    return _review(
        agent=agent,
        actor=actor,
        permission="cooperation.reject_agent",
        to_status=AgentReview.REJECTED,
        reason=reason,
        action="agent.rejected",
    )


@transaction.atomic
def agent_request_details(*, agent: Agent, actor: User, reason: str) -> Agent:
    """A moderator asks an agent's administrators for details before verifying it, saying which.

    Its representatives and administrators are told; the administrators edit the agent and submit it again
    (:func:`agent_resubmit`)."""
    return _review(
        agent=agent,
        actor=actor,
        permission="cooperation.request_details_agent",
        to_status=AgentReview.DETAILS_REQUESTED,
        reason=reason,
        action="agent.details_requested",
    )


@transaction.atomic
def agent_resubmit(*, agent: Agent, actor: User) -> Agent:
    """The agent's administrator, having added the details asked for, submits it for verification again.

    It goes back to the moderators' queue; the moderator's last request stays readable in the audit log."""
    agent = Agent.objects.select_for_update().get(pk=agent.pk)
    if not actor.has_perm("cooperation.resubmit_agent", agent):
        raise PermissionDenied
    agent.review_status = AgentReview.PENDING
    agent.save(update_fields=["review_status", "updated_at"])
    audit_log(
        actor=actor,
        action="agent.resubmitted",
        target=agent,
        from_state=AgentReview.DETAILS_REQUESTED,
        to_state=AgentReview.PENDING,
    )
    return agent
