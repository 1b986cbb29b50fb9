"""Predicates about agents and memberships, composed into permissions in ``rules.py``."""

import rules

from accounts.selectors import user_coordinated_region_ids

from .choices import AgentRole, MembershipStatus
from .selectors import user_agent_roles, user_pending_agent_ids


@rules.predicate
def is_verified_agent(user, agent) -> bool:
    """A moderator has verified the agent."""
    return bool(agent and agent.is_verified)


@rules.predicate
def is_agent_member(user, agent) -> bool:
    """The user acts for the agent (approved representative or administrator)."""
    return agent is not None and agent.pk in user_agent_roles(user)


@rules.predicate
def is_agent_admin(user, agent) -> bool:
    """The user administers the agent."""
    return agent is not None and user_agent_roles(user).get(agent.pk) == AgentRole.ADMINISTRATOR


@rules.predicate
def has_pending_request(user, agent) -> bool:
    """The user has asked to join the agent and awaits a decision."""
    return agent is not None and agent.pk in user_pending_agent_ids(user)


@rules.predicate
def coordinates_agent_region(user, agent) -> bool:
    """The user is regional coordinator of the agent's region."""
    return agent is not None and agent.region_id in user_coordinated_region_ids(user)


@rules.predicate
def is_own_membership(user, membership) -> bool:
    """The membership is the user's own."""
    return membership is not None and membership.user_id == getattr(user, "pk", None)


@rules.predicate
def is_pending_membership(user, membership) -> bool:
    """The membership awaits a decision."""
    return membership is not None and membership.status == MembershipStatus.PENDING


@rules.predicate
def is_active_membership(user, membership) -> bool:
    """The membership is pending or approved (not declined, not left)."""
    return membership is not None and membership.status in (MembershipStatus.PENDING, MembershipStatus.APPROVED)


@rules.predicate
def is_colleague_membership(user, membership) -> bool:
    """The membership is an approved one of an agent the user acts for."""
    return (
        membership is not None
        and membership.status == MembershipStatus.APPROVED
        and membership.agent_id in user_agent_roles(user)
    )


@rules.predicate
def administers_membership_agent(user, membership) -> bool:
    """The user administers the agent the membership belongs to."""
    return membership is not None and user_agent_roles(user).get(membership.agent_id) == AgentRole.ADMINISTRATOR
