"""Reads about agents and memberships, filtered by what the user may see."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.predicates import is_administrator, is_moderator
from accounts.selectors import user_coordinated_region_ids

from .choices import AgentRole, MembershipStatus
from .models import Agent, AgentMembership


def user_agent_roles(user: Any) -> dict[int, str]:
    """``{agent_id: role}`` for the user's approved memberships, memoised on the user."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_spiral_agent_roles", None)
    if cached is None:
        cached = dict(
            AgentMembership.objects.filter(user=user, status=MembershipStatus.APPROVED).values_list("agent_id", "role")
        )
        user._spiral_agent_roles = cached
    return cached


def user_pending_agent_ids(user: Any) -> set[int]:
    """Agents the user has asked to join and that have not decided yet."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        AgentMembership.objects.filter(user=user, status=MembershipStatus.PENDING).values_list("agent_id", flat=True)
    )


def agents_visible_to(user: Any) -> QuerySet[Agent]:
    """Agents ``user`` may see: verified ones, plus unverified ones they belong to or oversee."""
    queryset = Agent.objects.all()
    if is_moderator(user) or is_administrator(user):
        return queryset
    visible = Q(is_verified=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(pk__in=list(user_agent_roles(user))) | Q(region_id__in=list(user_coordinated_region_ids(user)))
    return queryset.filter(visible)


def agent_list(user: Any) -> QuerySet[Agent]:
    """The agent directory for ``user``, ready for filtering, with no N+1 queries."""
    return (
        agents_visible_to(user)
        .select_related("region", "region__macroregion")
        .prefetch_related("competences__classifier")
        .annotate(member_count=Count("memberships", filter=Q(memberships__status=MembershipStatus.APPROVED)))
        .order_by("name", "id")
    )


def agent_detail(user: Any, pk: int) -> Agent:
    """One agent if ``user`` may see it; raises ``Agent.DoesNotExist`` for missing *and* forbidden ones."""
    return (
        agents_visible_to(user)
        .select_related("region", "region__macroregion", "region__federal_district", "verified_by")
        .prefetch_related(
            "competences__classifier",
            Prefetch(
                "memberships",
                queryset=AgentMembership.objects.filter(status=MembershipStatus.APPROVED).select_related("user"),
                to_attr="approved_memberships",
            ),
        )
        .get(pk=pk)
    )


def memberships_visible_to(user: Any) -> QuerySet[AgentMembership]:
    """Memberships ``user`` may see: their own, those of agents they administer; all for staff roles."""
    queryset = AgentMembership.objects.select_related("agent", "agent__region", "user", "decided_by")
    if is_moderator(user) or is_administrator(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    roles = user_agent_roles(user)
    administered = [agent for agent, role in roles.items() if role == AgentRole.ADMINISTRATOR]
    # members see each other (the agent page shows them the member list), but not pending requests
    colleagues = Q(agent_id__in=list(roles), status=MembershipStatus.APPROVED)
    return queryset.filter(Q(user=user) | Q(agent_id__in=administered) | colleagues)


def pending_requests_for_admin(user: Any) -> QuerySet[AgentMembership]:
    """Requests to join the agents ``user`` administers, oldest first."""
    administered = [agent for agent, role in user_agent_roles(user).items() if role == AgentRole.ADMINISTRATOR]
    return (
        AgentMembership.objects.filter(agent_id__in=administered, status=MembershipStatus.PENDING)
        .select_related("agent", "user")
        .order_by("created_at")
    )


def agents_awaiting_verification() -> QuerySet[Agent]:
    """The moderators' queue: unverified agents, oldest first."""
    return Agent.objects.filter(is_verified=False).select_related("region", "created_by").order_by("created_at")


def agent_administrators(agent: Agent) -> list:
    """Users who administer ``agent`` (approved)."""
    return [
        m.user
        for m in agent.memberships.filter(
            role=AgentRole.ADMINISTRATOR, status=MembershipStatus.APPROVED
        ).select_related("user")
    ]
