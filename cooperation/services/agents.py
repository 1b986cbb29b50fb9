from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.services import audit_log
from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models import Agent, AgentMembership
from cooperation.notifications import notify_on_commit
from cooperation.selectors import agent_administrators

AGENT_FIELDS = (
    "name",
    "name_en",
    "helix",
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
    agent.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    audit_log(actor=actor, action="agent.verified", target=agent)
    notify_on_commit(
        users=agent_administrators(agent),
        template="cooperation/email/agent_verified",
        context={"agent": agent},
        exclude=actor,
    )
    return agent
