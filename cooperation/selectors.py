"""Reads about agents, memberships and projects, filtered by what the user may see."""

from django.core.cache import cache
from django.db.models import F, Max, Prefetch, Q, QuerySet, prefetch_related_objects

from accounts.choices import SiteRole
from accounts.models import User
from accounts.predicates import is_administrator, is_moderator
from accounts.types import Viewer
from analytics.models import ClassifierItem
from core.cache_versions import forget
from regions.models import Region

from .choices import AgentReview, AgentRole, MembershipStatus, ParticipantStatus, ProjectState
from .models import Agent, AgentMembership, Project, ProjectParticipant, ProjectTransition
from .models.projects import ACTIVE_PARTICIPATION, PUBLIC_STATES

#: How long a user's approved memberships are kept in the cache; every save or delete of one of their
#: memberships drops them sooner (:func:`forget_cached_agent_roles`).
AGENT_ROLES_CACHE_TIMEOUT = 3600


def _agent_roles_key(user_id: int) -> str:
    return f"user-agent-roles:{user_id}"


def user_agent_roles(user: Viewer | None) -> dict[int, str]:
    """``{agent_id: role}`` for the user's approved memberships, memoised on the user and cached per user (the
    dashboard, the cell page and the permissions ask on most signed-in pages): one cache read on most requests."""
    if user is None or not user.is_authenticated:
        return {}
    cached = getattr(user, "_spiral_agent_roles", None)
    if cached is None:
        key = _agent_roles_key(user.pk)
        cached = cache.get(key)
        if cached is None:
            cached = dict(
                AgentMembership.objects.filter(user=user, status=MembershipStatus.APPROVED)
                .order_by()
                .values_list("agent_id", "role")
            )
            cache.set(key, cached, timeout=AGENT_ROLES_CACHE_TIMEOUT)
        user._spiral_agent_roles = cached
    return cached


def forget_cached_agent_roles(sender=None, instance: AgentMembership | None = None, raw: bool = False, **kwargs):
    """A membership was saved or deleted (asked, approved, left, removed, its organisation deleted): drop its
    user's cached memberships, now and once the transaction commits (a request that read the old ones meanwhile
    must not keep them)."""
    if raw or instance is None:
        return
    forget_user_agent_roles(instance.user_id)


def forget_user_agent_roles(user_id: int) -> None:
    """Drop ``user_id``'s cached memberships, now and on commit (writes that send no signal, ``bulk_create``)."""
    key = _agent_roles_key(user_id)
    forget(key)


def user_pending_agent_ids(user: Viewer | None) -> set[int]:
    """Agents the user has asked to join and that have not decided yet."""
    if user is None or not user.is_authenticated:
        return set()
    return set(
        AgentMembership.objects.filter(user=user, status=MembershipStatus.PENDING).values_list("agent_id", flat=True)
    )


def agents_visible_to(user: Viewer | None) -> QuerySet[Agent]:
    """Agents ``user`` may see: verified ones, plus unverified ones they belong to or oversee.

    The rule lives in ``Agent.objects.visible_to``, which ``cooperation.view_agent`` asks too."""
    return Agent.objects.visible_to(user)


def agent_list(user: Viewer | None) -> QuerySet[Agent]:
    """The agent directory for ``user``, ready for filtering, with no N+1 queries."""
    return (
        agents_visible_to(user)
        .select_related("region", "region__macroregion")
        .prefetch_related("competences__classifier")
        .order_by("name", "id")
    )


def agent_detail(user: Viewer | None, pk: int) -> Agent:
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


def memberships_visible_to(user: Viewer | None) -> QuerySet[AgentMembership]:
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


def pending_requests_for_admin(user: Viewer | None) -> QuerySet[AgentMembership]:
    """Requests to join the agents ``user`` administers, oldest first."""
    administered = [agent for agent, role in user_agent_roles(user).items() if role == AgentRole.ADMINISTRATOR]
    return (
        AgentMembership.objects.filter(agent_id__in=administered, status=MembershipStatus.PENDING)
        .select_related("agent", "user")
        .order_by("created_at")
    )


def agents_awaiting_verification() -> QuerySet[Agent]:
    """The moderators' queue: unverified agents awaiting review (new or submitted again), oldest first."""
    return (
        Agent.objects.filter(is_verified=False, review_status=AgentReview.PENDING)
        .select_related("region", "created_by")
        .order_by("created_at")
    )


def agents_awaiting_details() -> QuerySet[Agent]:
    """Agents whose administrators were asked for details and have not submitted them yet, oldest first."""
    return (
        Agent.objects.filter(is_verified=False, review_status=AgentReview.DETAILS_REQUESTED)
        .select_related("region", "created_by")
        .order_by("updated_at")
    )


def agent_administrators(agent: Agent) -> list:
    """Users who administer ``agent`` (approved)."""
    return [
        m.user
        for m in agent.memberships.filter(
            role=AgentRole.ADMINISTRATOR, status=MembershipStatus.APPROVED
        ).select_related("user")
    ]


# --- Projects.


def projects_visible_to(user: Viewer | None) -> QuerySet[Project]:
    """Projects ``user`` may see (the same answer as ``cooperation.view_project``, as one query).

    The rule lives in ``Project.objects.visible_to``: everyone sees public projects that are not hidden;
    the lead's members see theirs in every state; accepted partners also see hidden ones; staff see all.
    """
    return Project.objects.visible_to(user)


def _accepted_participants() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=ProjectParticipant.objects.filter(status=ParticipantStatus.ACCEPTED).select_related(
            "agent", "agent__region"
        ),
        to_attr="accepted_participants",
    )


def project_list(user: Viewer | None) -> QuerySet[Project]:
    """The project catalogue for ``user``: featured first, then newest; a constant number of queries."""
    return (
        projects_visible_to(user)
        .select_related("lead_agent", "lead_agent__region", "fit")
        .prefetch_related("objectives", "directions__classifier", "rubrics__classifier", _accepted_participants())
        .order_by("-is_featured", "-created_at", "-id")
    )


def project_detail(user: Viewer | None, pk: int) -> Project:
    """One project if ``user`` may see it; raises ``Project.DoesNotExist`` for missing *and* forbidden ones."""
    return (
        projects_visible_to(user)
        .select_related("lead_agent", "lead_agent__region", "created_by")
        .prefetch_related(
            "objectives",
            "directions__classifier",
            "rubrics__classifier",
            "milestones",
            _accepted_participants(),
            Prefetch("transitions", queryset=ProjectTransition.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def project_page(user: Viewer | None, pk: int) -> Project:
    """One project for its page if ``user`` may see it (``Project.DoesNotExist`` otherwise): all the page reads
    on a warm cache. Its participants, directions and rubrics are read by the cached parts only
    (``cooperation.page_cache``), on a miss: :func:`project_page_relations`."""
    project = Project.objects.select_related("lead_agent", "lead_agent__region", "created_by").get(pk=pk)
    # A project everyone may see needs no visibility filter (``is_public_to_all`` is ``public()``'s twin).
    if not project.is_public_to_all and not projects_visible_to(user).filter(pk=pk).exists():
        raise Project.DoesNotExist
    return project


def project_page_relations(project: Project) -> Project:
    """What the project page's cached parts show of ``project``, read when one of them is rendered again: the
    accepted participants (its regions and helix balance), its directions and rubrics."""
    prefetch_related_objects([project], "directions", "rubrics", _accepted_participants())
    return project


def moderation_queue() -> QuerySet[Project]:
    """Projects awaiting moderation, the longest-waiting first (by the time of their latest submission)."""
    return (
        Project.objects.filter(state=ProjectState.SUBMITTED)
        .select_related("lead_agent", "lead_agent__region")
        .annotate(submitted_at=Max("transitions__created_at", filter=Q(transitions__to_state=ProjectState.SUBMITTED)))
        .order_by("submitted_at", "id")
    )


def agents_free_to_join(user: Viewer | None, project: Project) -> QuerySet[Agent]:
    """Verified agents ``user`` acts for that could apply to ``project``: not the lead, not already in it."""
    agent_ids = [pk for pk in user_agent_roles(user) if pk != project.lead_agent_id]
    if not agent_ids:
        return Agent.objects.none()
    busy = ProjectParticipant.objects.filter(project=project, status__in=ACTIVE_PARTICIPATION).values("agent_id")
    return Agent.objects.filter(pk__in=agent_ids, is_verified=True).exclude(pk__in=busy)


def project_agent_users(project: Project, *, administrators_only: bool = False) -> list:
    """Approved members (or only administrators) of the project's accepted participants, lead included."""
    agents = ProjectParticipant.objects.filter(project=project, status=ParticipantStatus.ACCEPTED).values("agent_id")
    memberships = AgentMembership.objects.filter(agent_id__in=agents, status=MembershipStatus.APPROVED)
    if administrators_only:
        memberships = memberships.filter(role=AgentRole.ADMINISTRATOR)
    return _distinct_users(memberships)


def agent_members(agent: Agent) -> list:
    """Approved members (representatives and administrators) of ``agent``."""
    return _distinct_users(agent.memberships.filter(status=MembershipStatus.APPROVED))


def _distinct_users(memberships: QuerySet[AgentMembership]) -> list:
    users = {}
    for membership in memberships.select_related("user").order_by("user_id"):
        users[membership.user_id] = membership.user
    return list(users.values())


def moderators() -> list:
    """Users holding the moderator role (the addressees of a submitted project)."""
    return list(User.objects.filter(role_grants__role=SiteRole.MODERATOR, is_active=True).distinct())


# --- Projects in the API (and wherever a list needs the same relations).


def with_project_list_relations(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """Fetch what a project card shows (lead, classifiers, accepted participants) in a constant number of queries."""
    return queryset.select_related("lead_agent", "lead_agent__region", "fit").prefetch_related(
        "objectives", "directions__classifier", "rubrics__classifier", _accepted_participants()
    )


def best_fit_first(queryset: QuerySet[Project]) -> QuerySet[Project]:
    """``queryset`` with the highest fit score first (projects not scored yet last), then the oldest."""
    return queryset.order_by(F("fit__score").desc(nulls_last=True), "id")


def moderation_queue_list() -> QuerySet[Project]:
    """The moderation queue (oldest submission first) with the relations a list shows."""
    return with_project_list_relations(moderation_queue())


def project_participants_visible_to(user: Viewer | None) -> QuerySet[ProjectParticipant]:
    """Participations ``user`` may see.

    Accepted participants of the projects they may see; every application and
    invitation of projects their agent leads; their own agents' participations;
    staff see all.
    """
    queryset = ProjectParticipant.objects.select_related(
        "project", "project__lead_agent", "agent", "agent__region"
    ).order_by("project_id", "role", "created_at", "id")
    if is_moderator(user) or is_administrator(user):
        return queryset
    visible = Q(project__in=projects_visible_to(user).values("pk"), status=ParticipantStatus.ACCEPTED)
    agent_ids = list(user_agent_roles(user))
    if agent_ids:
        # An invitation made from the draft is the lead's business until the project is published (it is sent then).
        unsent = Q(status=ParticipantStatus.INVITED) & ~Q(project__state__in=PUBLIC_STATES)
        visible |= Q(project__lead_agent_id__in=agent_ids) | (Q(agent_id__in=agent_ids) & ~unsent)
    return queryset.filter(visible)


def project_participants(user: Viewer | None, project: Project) -> QuerySet[ProjectParticipant]:
    """The participations of one (visible) project that ``user`` may see, lead first."""
    return project_participants_visible_to(user).filter(project=project)


def participation_details_visible(user: Viewer | None, participant: ProjectParticipant) -> bool:
    """The motivation (or invitation message) is for the lead's members, the participating agent's and staff."""
    if is_moderator(user) or is_administrator(user):
        return True
    roles = user_agent_roles(user)
    return participant.agent_id in roles or participant.project.lead_agent_id in roles


def project_history(project: Project) -> QuerySet[ProjectTransition]:
    """The workflow steps of ``project``, oldest first."""
    return ProjectTransition.objects.filter(project=project).select_related("actor").order_by("created_at", "id")


def featured_projects(user: Viewer | None, *, limit: int = 6) -> QuerySet[Project]:
    """Projects the moderators feature on the home page (public, not hidden), newest first."""
    return project_list(user).filter(is_featured=True, is_hidden=False, state__in=PUBLIC_STATES)[:limit]


# --- Classifier items an agent or a project may name (the form, the API and the services ask here).

#: Competences and project classifications come from OKVED2 / NACE Rev. 2 and GRNTI only: the
#: analytics compare regions on these, and an OKVED1 section or a FEACN group would match nothing.
DIRECTION_CLASSIFIER = "nace2"
RUBRIC_CLASSIFIER = "grnti"


def allowed_competences() -> QuerySet[ClassifierItem]:
    """Items an agent or an expert may list as competences: directions and rubrics together."""
    return ClassifierItem.objects.filter(classifier__code__in=[DIRECTION_CLASSIFIER, RUBRIC_CLASSIFIER]).select_related(
        "classifier"
    )


def allowed_directions() -> QuerySet[ClassifierItem]:
    """Specialisation directions of a project: the items of OKVED2 / NACE Rev. 2."""
    return allowed_competences().filter(classifier__code=DIRECTION_CLASSIFIER)


def allowed_rubrics() -> QuerySet[ClassifierItem]:
    """S&T rubrics of a project: the items of GRNTI."""
    return allowed_competences().filter(classifier__code=RUBRIC_CLASSIFIER)


def fit_names(explanations) -> dict[str, dict[int, str]]:
    """Names (in the active language) of the items and regions the fit explanations mention: two queries."""
    item_ids: set[int] = set()
    region_ids: set[int] = set()
    for explanation in explanations:
        item_ids.update(explanation["core"]["uncovered"])
        item_ids.update(explanation["complementarity"]["rubrics"])
        region_ids.update(explanation["relatedness"]["no_data"])
        if explanation["relatedness"]["region"] is not None:
            region_ids.add(explanation["relatedness"]["region"])
    items = {item.pk: item.name for item in ClassifierItem.objects.filter(pk__in=item_ids)} if item_ids else {}
    regions = {region.pk: region.name for region in Region.objects.filter(pk__in=region_ids)} if region_ids else {}
    return {"items": items, "regions": regions}


def project_fit_row(project: Project):
    """The stored fit score of ``project`` (``cooperation.models.ProjectFit``) or None: one query."""
    from .models import ProjectFit

    return ProjectFit.objects.filter(project=project).first()
