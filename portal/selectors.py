"""Reads for the home page: what is alive on the portal, and what awaits the signed-in user.

Every list is bounded (``limit``) and its relations are fetched in bulk, so the
home page costs the same number of queries with 2 or 20,000 rows behind it
(``tests/portal/test_home.py`` asserts it). Visibility comes from the apps'
own selectors (``projects_visible_to``, ``interactions_visible_to``, ...): the
home page never decides on its own who may see what.

The feed (:func:`home_feed`) depends only on whether the visitor is signed in: its
projects are those *anyone* may see (read with the anonymous visitor's visibility),
and the interactions and levels are granted to every signed-in user alike
(``levels.view_interaction`` for interactions that count, ``levels.view_levels``).
That is what lets the home page cache it for everybody (``portal.views.HomeView``).
The user's own part (:func:`user_home`) is read on every request.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from accounts.types import Viewer
from cooperation.choices import ParticipantStatus, ProjectState
from cooperation.models import Agent, Project, ProjectParticipant, ProjectTransition
from cooperation.project_selectors import applications_to_decide, invitations_to_answer, user_projects
from cooperation.selectors import (
    agents_awaiting_verification,
    featured_projects,
    moderation_queue,
    projects_visible_to,
    user_agent_roles,
)
from core.i18n import localized
from experts.choices import InvitationStatus
from experts.selectors import consultations_awaiting, received_invitations
from levels.choices import InteractionStatus
from levels.models import Interaction, RegionLevel
from levels.selectors import interactions_to_confirm, interactions_visible_to, structures_to_confirm_count
from regions.models import MacroRegion, Region

#: How many items each list of the home page shows.
HOME_LIST_LIMIT = 6
#: How many projects of the user's agents the home page shows before "see all".
HOME_OWN_LIMIT = 5
#: How many items of each kind awaiting the user's answer (invitations, applications, expert invitations).
HOME_PENDING_LIMIT = 3


def _accepted_participants() -> Prefetch:
    """What a project card needs besides the lead: the accepted participants with their regions."""
    return Prefetch(
        "participants",
        queryset=ProjectParticipant.objects.filter(status=ParticipantStatus.ACCEPTED).select_related(
            "agent", "agent__region"
        ),
        to_attr="accepted_participants",
    )


def _with_cards(*lists: list[Project]) -> None:
    """Fetch the accepted participants of every project of ``lists`` in one query (not one per list)."""
    projects = [project for projects in lists for project in projects]
    if projects:
        prefetch_related_objects(projects, _accepted_participants())


def newly_opened_projects(*, limit: int = HOME_LIST_LIMIT, exclude: Collection[int] = ()) -> list[Project]:
    """Projects most recently published (opened for partners), newest first, each with ``opened_at``.

    Read from the workflow log (the latest transition to *published*), so a project
    counts from the moment moderation opened it. Only projects still waiting for partners
    (*published*, not yet *active*: a running project is no news to a partner) that anyone
    may see are listed; ``exclude`` leaves out
    projects the page already shows. One query, driven by the index on the
    transitions' time.
    """
    open_projects = (
        projects_visible_to(AnonymousUser())
        .filter(state=ProjectState.PUBLISHED, is_hidden=False)
        .exclude(pk__in=exclude)
    )
    transitions = (
        ProjectTransition.objects.filter(to_state=ProjectState.PUBLISHED, project__in=open_projects)
        .select_related("project", "project__lead_agent", "project__lead_agent__region", "project__fit")
        .order_by("-created_at", "-id")
    )
    candidates: dict[int, Project] = {}
    # A project is published once in its workflow; the newest 2 × limit candidates are ordered by
    # recency and fit score together (the fit is one signal, not the order: an old project does not come back).
    for transition in transitions[: limit * 2]:
        if transition.project_id not in candidates:
            project = transition.project
            project.opened_at = transition.created_at  # type: ignore[attr-defined]  # shown on the card; no column
            candidates[project.pk] = project
    return open_projects_order(list(candidates.values()))[:limit]


def open_projects_order(projects: list[Project]) -> list[Project]:
    """Projects open for partners, newest first, in the order the home page lists them.

    Each gets ``recency + fit``: ``recency`` is 1 for the newest, falling evenly to 0 past the oldest given,
    ``fit`` the stored fit score (0-1; 0 before it is computed). Ties keep the newest first.
    """
    count = len(projects)

    def key(indexed: tuple[int, Project]) -> tuple[float, int]:
        position, project = indexed
        fit = getattr(project, "fit", None) if _has_fit(project) else None
        return (-(1 - position / count) - (fit.score if fit is not None else 0.0), position)

    return [project for _position, project in sorted(enumerate(projects), key=key)]


def _has_fit(project: Project) -> bool:
    try:
        project.fit  # noqa: B018 - a missing one-to-one raises
    except Project.fit.RelatedObjectDoesNotExist:
        return False
    return True


@dataclass(frozen=True)
class InteractionItem:
    """A recent interaction and the distinct regions of its participants (in the regions' order)."""

    interaction: Interaction
    regions: list[Region]


def recent_interactions(user: Viewer, *, limit: int = HOME_LIST_LIMIT) -> list[InteractionItem]:
    """The latest interactions that count (confirmed by the other side, not withdrawn) among those ``user`` may
    see (none when signed out)."""
    interactions = list(
        interactions_visible_to(user)
        .filter(is_withdrawn=False, status=InteractionStatus.CONFIRMED)
        .order_by("-occurred_on", "-id")[:limit]
    )
    if not interactions:
        return []
    prefetch_related_objects(
        interactions,
        Prefetch(
            "participants", queryset=Agent.objects.select_related("region").order_by("region__sort_order", "name")
        ),
    )
    items = []
    for interaction in interactions:
        regions = {agent.region_id: agent.region for agent in interaction.participants.all()}
        items.append(InteractionItem(interaction, list(regions.values())))
    return items


def regions_reaching_levels(user: Viewer, *, limit: int = HOME_LIST_LIMIT) -> list[RegionLevel]:
    """Regions that most recently reached a level they still hold: one row per region, the newest first.

    Of a region's periods that started on the same day the highest level is kept.
    The levels are for signed-in users (``levels.view_levels``); others get nothing.
    """
    if not user.has_perm("levels.view_levels"):
        return []
    periods = (
        RegionLevel.objects.filter(lost_on__isnull=True)
        .select_related("region")
        .order_by("-reached_on", "-level", "region__sort_order", "region_id")
    )
    seen: set[int] = set()
    result: list[RegionLevel] = []
    # Every region has at most four open periods (one per level), so 4 × limit rows hold ``limit`` regions.
    for period in periods[: limit * 4]:
        if period.region_id in seen:
            continue
        seen.add(period.region_id)
        result.append(period)
        if len(result) == limit:
            break
    return result


@dataclass(frozen=True)
class HomeFeed:
    """What is happening on the portal, the same for every visitor who is (or is not) signed in."""

    featured: list[Project]
    newly_opened: list[Project]
    interactions: list[InteractionItem]
    region_levels: list[RegionLevel]
    region_count: int
    agent_count: int
    macroregions: list[MacroRegion]


def home_feed(user: Viewer, *, limit: int = HOME_LIST_LIMIT) -> HomeFeed:
    """Featured and newly opened projects (public ones), recent interactions and regions that reached a new
    level (for signed-in users), and the directory's figures; ``user`` matters only by being signed in."""
    featured = list(featured_projects(AnonymousUser(), limit=limit).prefetch_related(None))
    newly_opened = newly_opened_projects(limit=limit, exclude=[project.pk for project in featured])
    _with_cards(featured, newly_opened)
    return HomeFeed(
        featured=featured,
        newly_opened=newly_opened,
        interactions=recent_interactions(user, limit=limit),
        region_levels=regions_reaching_levels(user, limit=limit),
        region_count=Region.objects.count(),
        agent_count=Agent.objects.filter(is_verified=True).count(),
        macroregions=list(MacroRegion.objects.all()),
    )


def _bounded(queryset, limit: int) -> tuple[list, bool]:
    """At most ``limit`` rows, and whether there are more (one query: ``limit + 1`` rows are read)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def _text(ru: str, en: str) -> str:
    """A bilingual text in the active language (``core.i18n.localized`` on a plain row)."""
    return localized(SimpleNamespace(text_ru=ru, text_en=en), "text")


def _project_url_pattern() -> str:
    """The project page's path with a ``{pk}`` placeholder: reversed once for a list, not once per row."""
    return reverse("cooperation:project-detail", kwargs={"pk": 987654321}).replace("987654321", "{pk}")


@dataclass(frozen=True)
class OwnProject:
    """A project of one of the user's agents, as the home page lists it."""

    pk: int
    title: str
    state: str
    lead: str
    url: str

    def get_absolute_url(self) -> str:
        return self.url

    def get_state_display(self) -> str:
        return str(ProjectState(self.state).label)


@dataclass(frozen=True)
class PendingItem:
    """Something awaiting the user's answer: an invitation of their agent, an application to their
    agent's project, an invitation to them as an expert. ``agent`` is the invited or applying agent."""

    project_pk: int
    project_title: str
    project_url: str
    created_at: datetime
    agent: str = ""
    lead: str = ""
    region: str = ""

    @property
    def created_on(self) -> str:
        """The local day, ISO 8601 (for ``<time datetime>``)."""
        return timezone.localdate(self.created_at).isoformat()


@dataclass(frozen=True)
class UserHome:
    """The signed-in user's part of the home page: their agents' projects and what awaits their answer."""

    has_agents: bool
    projects: list[OwnProject]
    more_projects: bool
    invitations: list[PendingItem]
    applications: list[PendingItem]
    expert_invitations: list[PendingItem]
    more_participations: bool = field(default=False)
    more_expert_invitations: bool = field(default=False)
    queues: list["WorkQueue"] = field(default_factory=list)

    @property
    def has_pending(self) -> bool:
        return bool(self.invitations or self.applications or self.expert_invitations or self.queues)


@dataclass(frozen=True)
class WorkQueue:
    """A queue of the user's work with items in it: ``kind`` (one of :data:`QUEUE_KINDS`), how many, where."""

    kind: str
    count: int
    url: str


#: The queues the home page names, in its order: interactions the user's side must confirm (agents'
#: representatives and coordinators), consultations waiting for a step of the user's agents, then the
#: moderators' queues (agents, projects, structures).
QUEUE_KINDS = ("interactions", "consultations", "agents", "projects", "structures")


def user_queues(user: Viewer) -> list[WorkQueue]:
    """The non-empty queues ``user`` works through, with their counts (one ``COUNT`` per queue the user has).

    Who sees a queue is the apps' rule: the interactions are those ``levels.selectors.interactions_to_confirm``
    offers the user; a moderators' queue shows to a holder of its moderation permission."""
    counts = [
        ("interactions", interactions_to_confirm(user).count(), "levels:interaction-to-confirm"),
        ("consultations", consultations_awaiting(user).count(), "experts:consultation-list"),
    ]
    if user.has_perm("cooperation.moderate_agents"):
        counts.append(("agents", agents_awaiting_verification().count(), "cooperation:moderation-queue"))
    if user.has_perm("cooperation.moderate_projects"):
        counts.append(("projects", moderation_queue().count(), "cooperation:project-moderation"))
    if user.has_perm("levels.moderate_structures"):
        counts.append(("structures", structures_to_confirm_count(), "levels:structure-moderation"))
    return [WorkQueue(kind, count, reverse(name)) for kind, count, name in counts if count]


def user_home(user: Viewer, *, limit: int = HOME_OWN_LIMIT, pending_limit: int = HOME_PENDING_LIMIT) -> UserHome:
    """Projects of the agents ``user`` acts for (with their state), invitations of those agents to answer,
    applications to their projects to decide, and invitations to ``user`` as an expert; each list bounded.

    The apps' selectors decide what is listed; only the columns the page shows are read, as rows rather
    than model instances (this part is read on every request, so it is kept light).
    """
    # The newest rows are picked in a subquery without joins, then joined to their lead: the planner cannot
    # estimate the visibility filter and would otherwise hash every agent to join a handful of projects.
    newest = user_projects(user).prefetch_related(None).select_related(None).order_by("-updated_at", "-id")
    rows, more_projects = _bounded(
        Project.objects.filter(pk__in=newest.values("pk")[: limit + 1])
        .order_by("-updated_at", "-id")
        .values_list("pk", "title_ru", "title_en", "state", "lead_agent__name", "lead_agent__name_en"),
        limit,
    )
    url = _project_url_pattern()
    projects = [
        OwnProject(pk, _text(title_ru, title_en), state, _text(lead, lead_en), url.format(pk=pk))
        for pk, title_ru, title_en, state, lead, lead_en in rows
    ]
    project = ("project_id", "project__title_ru", "project__title_en", "created_at")
    rows, more_invitations = _bounded(
        invitations_to_answer(user).values_list(
            *project, "agent__name", "agent__name_en", "project__lead_agent__name", "project__lead_agent__name_en"
        ),
        pending_limit,
    )
    invitations = [
        PendingItem(
            pk,
            _text(title_ru, title_en),
            url.format(pk=pk),
            created,
            agent=_text(agent, agent_en),
            lead=_text(lead, lead_en),
        )
        for pk, title_ru, title_en, created, agent, agent_en, lead, lead_en in rows
    ]
    rows, more_applications = _bounded(
        applications_to_decide(user).values_list(
            *project, "agent__name", "agent__name_en", "agent__region__name_ru", "agent__region__name_en"
        ),
        pending_limit,
    )
    applications = [
        PendingItem(
            pk,
            _text(title_ru, title_en),
            url.format(pk=pk),
            created,
            agent=_text(agent, agent_en),
            region=_text(region, region_en),
        )
        for pk, title_ru, title_en, created, agent, agent_en, region, region_en in rows
    ]
    rows, more_expert = _bounded(
        received_invitations(user)
        .filter(status=InvitationStatus.INVITED)
        .values_list(*project, "project__lead_agent__name", "project__lead_agent__name_en"),
        pending_limit,
    )
    expert_invitations = [
        PendingItem(pk, _text(title_ru, title_en), url.format(pk=pk), created, lead=_text(lead, lead_en))
        for pk, title_ru, title_en, created, lead, lead_en in rows
    ]
    return UserHome(
        has_agents=bool(user_agent_roles(user)),
        projects=projects,
        more_projects=more_projects,
        invitations=invitations,
        applications=applications,
        expert_invitations=expert_invitations,
        more_participations=more_invitations or more_applications,
        more_expert_invitations=more_expert,
        queues=user_queues(user),
    )
