"""Reads about experts and their invitations, filtered by what the user may see, with no N+1 queries."""

from datetime import datetime

from django.core.cache import cache
from django.db.models import Case, F, Q, QuerySet, Value, When

from accounts.predicates import is_administrator, is_moderator
from accounts.types import Viewer
from cooperation.choices import MembershipStatus
from cooperation.models import AgentMembership, Project
from cooperation.selectors import user_agent_roles
from core.cache_versions import forget

from .choices import ConsultationStatus, InvitationStatus
from .models import OPEN_INVITATION_STATUSES, Consultation, ExpertInvitation, ExpertProfile

#: How long whether a user has an unpublished expert profile is cached; every save or delete of a profile drops it.
UNPUBLISHED_CACHE_TIMEOUT = 3600


def _unpublished_key(user_id: int) -> str:
    return f"user-unpublished-expert:{user_id}"


def user_has_unpublished_profile(user: Viewer | None) -> bool:
    """Whether ``user`` has an expert profile that is not published (only they and the staff see it listed).

    Cached per user: the cell page asks on every request to tell its audience (``search.cells.cell_audience``);
    :func:`forget_cached_unpublished_profile` drops the entry on every save or delete of a profile.
    """
    if user is None or not user.is_authenticated:
        return False
    key = _unpublished_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        cached = ExpertProfile.objects.filter(user=user, is_published=False).exists()
        cache.set(key, cached, timeout=UNPUBLISHED_CACHE_TIMEOUT)
    return bool(cached)


def forget_cached_unpublished_profile(
    sender=None, instance: ExpertProfile | None = None, raw: bool = False, **kwargs
) -> None:
    """A profile was saved or deleted: drop its user's cached answer now and once the transaction commits."""
    if raw or instance is None:
        return
    key = _unpublished_key(instance.user_id)
    forget(key)


def _is_staff(user: Viewer | None) -> bool:
    return is_moderator(user) or is_administrator(user)


def _with_details(queryset: QuerySet[ExpertProfile]) -> QuerySet[ExpertProfile]:
    return queryset.select_related("user", "region", "region__macroregion", "agent").prefetch_related(
        "competences__classifier"
    )


def experts_visible_to(user: Viewer | None) -> QuerySet[ExpertProfile]:
    """Profiles ``user`` may open (the same answer as ``experts.view_expertprofile``): published ones,
    their own, and every profile for moderators and administrators."""
    queryset = ExpertProfile.objects.all()
    if _is_staff(user):
        return queryset
    visible = Q(is_published=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(user=user)
    return queryset.filter(visible)


def expert_list(user: Viewer | None) -> QuerySet[ExpertProfile]:
    """The expert directory: published profiles (and the user's own, published or not), by name."""
    visible = Q(is_published=True)
    if getattr(user, "is_authenticated", False):
        visible |= Q(user=user)
    return _with_details(ExpertProfile.objects.filter(visible)).order_by("user__full_name", "id")


def expert_detail(user: Viewer | None, pk: int) -> ExpertProfile:
    """One profile if ``user`` may see it; raises ``ExpertProfile.DoesNotExist`` for missing *and* forbidden ones."""
    return _with_details(experts_visible_to(user)).get(pk=pk)


def own_profile(user: Viewer | None) -> ExpertProfile | None:
    """The user's expert profile, if they have one."""
    if user is None or not user.is_authenticated:
        return None
    return _with_details(ExpertProfile.objects.filter(user=user)).first()


# --- Invitations.


def _invitations() -> QuerySet[ExpertInvitation]:
    return ExpertInvitation.objects.select_related(
        "project",
        "project__lead_agent",
        "project__lead_agent__region",
        "expert",
        "expert__user",
        "expert__region",
        "invited_by",
    )


def invitations_visible_to(user: Viewer | None) -> QuerySet[ExpertInvitation]:
    """Invitations ``user`` may see: those addressed to them and those of projects their agents lead;
    all for staff. The same answer as ``experts.view_expertinvitation``."""
    queryset = _invitations()
    if _is_staff(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(Q(expert__user=user) | Q(project__lead_agent_id__in=list(user_agent_roles(user))))


def received_invitations(user: Viewer | None) -> QuerySet[ExpertInvitation]:
    """Invitations addressed to ``user``: pending ones first, then the newest."""
    if user is None or not user.is_authenticated:
        return ExpertInvitation.objects.none()
    return (
        _invitations()
        .filter(expert__user=user)
        .alias(answered=Case(When(status=InvitationStatus.INVITED, then=Value(0)), default=Value(1)))
        .order_by("answered", "-created_at", "-id")
    )


def sent_invitations(user: Viewer | None) -> QuerySet[ExpertInvitation]:
    """Invitations to projects led by agents ``user`` acts for, newest first."""
    agent_ids = list(user_agent_roles(user))
    if not agent_ids:
        return ExpertInvitation.objects.none()
    return _invitations().filter(project__lead_agent_id__in=agent_ids).order_by("-created_at", "-id")


def project_experts(project: Project) -> list[ExpertInvitation]:
    """Accepted invitations of ``project`` with each expert's region and competences (a constant number of queries).

    Read on every view of the project page: only what its experts' table shows (the expert, their user, region
    and competences), not the project (the caller has it) nor the competences' classifiers."""
    return list(
        ExpertInvitation.objects.filter(project=project, status=InvitationStatus.ACCEPTED)
        .select_related("expert", "expert__user", "expert__region")
        .prefetch_related("expert__competences")
        .order_by("decided_at", "id")
    )


def project_pending_invitations(project: Project) -> list[ExpertInvitation]:
    """Invitations of ``project`` awaiting the experts' answers, oldest first."""
    return list(_invitations().filter(project=project, status=InvitationStatus.INVITED).order_by("created_at", "id"))


def experts_invitable_to(project: Project) -> QuerySet[ExpertProfile]:
    """Published experts the lead could invite: not the lead agent's own members, not already invited or taking part."""
    lead_members = AgentMembership.objects.filter(
        agent_id=project.lead_agent_id, status=MembershipStatus.APPROVED
    ).values("user_id")
    busy = ExpertInvitation.objects.filter(project=project, status__in=OPEN_INVITATION_STATUSES).values("expert_id")
    return (
        ExpertProfile.objects.filter(is_published=True)
        .exclude(user_id__in=lead_members)
        .exclude(pk__in=busy)
        .select_related("user", "region")
        .order_by("user__full_name", "id")
    )


def project_expert_users(project: Project) -> list:
    """The users who are accepted experts of ``project`` (they follow its milestones: start, completion,
    archive, closing report)."""
    return [
        invitation.expert.user
        for invitation in ExpertInvitation.objects.filter(project=project, status=InvitationStatus.ACCEPTED)
        .select_related("expert__user")
        .order_by("id")
    ]


def project_expert_user_ids(project: Project) -> set[int]:
    """Ids of the users who are accepted experts of ``project``."""
    return set(
        ExpertInvitation.objects.filter(project=project, status=InvitationStatus.ACCEPTED).values_list(
            "expert__user_id", flat=True
        )
    )


def expert_involvements(
    *, since: datetime | None = None, until: datetime | None = None, interregional_only: bool = False
) -> QuerySet[ExpertInvitation]:
    """Accepted expert invitations: the evidence of cooperation level 2 ("expert").

    Each row is an :class:`ExpertInvitation` annotated with ``expert_region_id``
    (the expert's region), ``lead_region_id`` (the region of the project's lead
    agent) and ``accepted_at``; ``project``, ``expert__region`` and
    ``project__lead_agent__region`` are joined, so reading them costs no queries.
    An involvement whose two regions differ is level-2 evidence between them;
    ``interregional_only`` keeps only those. ``since``/``until`` bound ``accepted_at``
    (inclusive, exclusive). Every project state counts (an expert of a completed
    project was involved all the same), hidden projects included.

    Rows are in the order of acceptance; clear it before ``distinct()``. Example — the pairs
    of regions with expert cooperation::

        expert_involvements(interregional_only=True).order_by().values_list(
            "expert_region_id", "lead_region_id"
        ).distinct()
    """
    queryset = (
        ExpertInvitation.objects.filter(status=InvitationStatus.ACCEPTED)
        .select_related("project", "project__lead_agent__region", "expert__region")
        .annotate(
            expert_region_id=F("expert__region_id"),
            lead_region_id=F("project__lead_agent__region_id"),
            accepted_at=F("decided_at"),
        )
        .order_by("decided_at", "id")
    )
    if since is not None:
        queryset = queryset.filter(decided_at__gte=since)
    if until is not None:
        queryset = queryset.filter(decided_at__lt=until)
    if interregional_only:
        queryset = queryset.exclude(expert__region_id=F("project__lead_agent__region_id"))
    return queryset


# --- Consultations.


def consultations_visible_to(user: Viewer | None) -> QuerySet[Consultation]:
    """Consultations ``user`` may open (the same answer as ``experts.view_consultation``): confirmed ones for
    everyone signed in, the others for the two sides and the staff."""
    queryset = Consultation.objects.select_related(
        "advising_agent", "advising_agent__region", "advised_agent", "advised_agent__region"
    )
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if _is_staff(user):
        return queryset
    agent_ids = list(user_agent_roles(user))
    return queryset.filter(
        Q(status=ConsultationStatus.CONFIRMED) | Q(advised_agent_id__in=agent_ids) | Q(advising_agent_id__in=agent_ids)
    )


def consultation_detail(user: Viewer | None, pk: int) -> Consultation:
    """One consultation if ``user`` may see it; ``Consultation.DoesNotExist`` for missing *and* forbidden ones."""
    return consultations_visible_to(user).select_related("requested_by").get(pk=pk)


def my_consultations(user: Viewer | None) -> dict[str, list[Consultation]]:
    """The consultations of the agents ``user`` acts for: ``incoming`` (their agent advises) and ``outgoing``
    (their agent asked), newest first. Two queries."""
    agent_ids = list(user_agent_roles(user))
    if not agent_ids:
        return {"incoming": [], "outgoing": []}
    queryset = consultations_visible_to(user)
    return {
        "incoming": list(queryset.filter(advising_agent_id__in=agent_ids)),
        "outgoing": list(queryset.filter(advised_agent_id__in=agent_ids)),
    }


#: What waits for the user's side: the advising side answers requests and completes accepted ones; the advised
#: side confirms or disputes submitted results.
def consultations_awaiting(user: Viewer | None) -> QuerySet[Consultation]:
    """Consultations that wait for an action of an agent ``user`` acts for (one query when evaluated)."""
    agent_ids = list(user_agent_roles(user))
    if not agent_ids:
        return Consultation.objects.none()
    return consultations_visible_to(user).filter(
        Q(advising_agent_id__in=agent_ids, status__in=[ConsultationStatus.REQUESTED, ConsultationStatus.ACCEPTED])
        | Q(advised_agent_id__in=agent_ids, status=ConsultationStatus.COMPLETED)
    )


def consultation_facts() -> QuerySet:
    """``(id, advising region, advising helix, advised region, advised helix, start, end, decided at)`` of every
    confirmed consultation: the rows ``levels`` turns into evidence of level 2."""
    return (
        Consultation.objects.filter(status=ConsultationStatus.CONFIRMED)
        .order_by()
        .values_list(
            "id",
            "advising_agent__region_id",
            "advising_agent__helix",
            "advised_agent__region_id",
            "advised_agent__helix",
            "starts_on",
            "ends_on",
            "decided_at",
        )
    )
