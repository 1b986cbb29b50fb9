"""Reads for the cooperation levels.

``level_facts`` is the only place where the database becomes the rows the pure
rules (``levels.computations``) take; the other selectors read the stored
results and the evidence for the pages, filtered by what the user may see, in a
constant number of queries.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from typing import TYPE_CHECKING, Any, cast

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, F, Max, Min, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast, ExtractYear
from django.utils import timezone

from accounts.predicates import is_administrator, is_moderator
from accounts.selectors import user_coordinated_region_ids
from audit.models import AuditLogEntry
from cooperation.choices import ParticipantStatus, ProjectState
from cooperation.models import Agent, Project, ProjectParticipant, ProjectTransition
from cooperation.selectors import user_agent_roles
from core.cache_versions import forget
from regions.models import Region

if TYPE_CHECKING:
    from accounts.types import Viewer

from . import alliances
from . import computations as rules
from .choices import COORDINATING_KINDS, InteractionStatus, StructureStatus
from .models import (
    IntegratedStructure,
    Interaction,
    LevelComputation,
    PairEvidence,
    PairLevel,
    RegionLevel,
    StrategyPriority,
    StructureDocument,
    StructureMembership,
)

PUBLIC_STRUCTURE_STATUSES = (StructureStatus.CONFIRMED, StructureStatus.DISSOLVED)


def _day(moment: datetime | date | None, zone: tzinfo | None = None) -> date | None:
    """A stored time as the local calendar day (dates pass through); ``zone``: the current time zone, when the
    caller converts thousands of times (looking it up each time costs more than the conversion)."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        if not timezone.is_aware(moment):
            return moment.date()
        return moment.astimezone(zone).date() if zone is not None else timezone.localdate(moment)
    return moment


def _types(column: str) -> Cast:
    """A JSON list column (the types of cooperation) as its text, decoded by :func:`_decoded_types`: a few
    distinct values among tens of thousands of rows, each decoded once instead of once per row."""
    return Cast(column, output_field=TextField())


def _decoded_types(text: str | None, decoded: dict[str | None, tuple[str, ...]]) -> tuple[str, ...]:
    types = decoded.get(text)
    if types is None:
        types = decoded[text] = tuple(json.loads(text) or ()) if text else ()
    return types


def _is_staff(user: Viewer | None) -> bool:
    return is_moderator(user) or is_administrator(user)


# --- The facts behind the levels (ORM → rows). ---------------------------------------------------------


@dataclass(frozen=True)
class LevelFacts:
    """Everything the level rules look at, as plain rows."""

    interactions: list[rules.InteractionFact]
    projects: list[rules.ProjectFact]
    participations: list[rules.ParticipationFact]
    experts: list[rules.ExpertFact]
    structures: list[rules.StructureFact]
    consultations: list[rules.ConsultationFact]


#: Interactions that count as evidence: confirmed by the other side and not withdrawn.
COUNTED_INTERACTIONS = Q(is_withdrawn=False, status=InteractionStatus.CONFIRMED)


def _interaction_facts() -> list[rules.InteractionFact]:
    members: dict[int, set[tuple[int, str]]] = defaultdict(set)
    through = Interaction.participants.through.objects.filter(
        interaction__is_withdrawn=False, interaction__status=InteractionStatus.CONFIRMED
    )
    for interaction_id, region_id, helix in through.values_list(
        "interaction_id", "agent__region_id", "agent__helix"
    ).iterator(chunk_size=10000):
        members[interaction_id].add((region_id, helix))
    facts = []
    decoded: dict[str | None, tuple[str, ...]] = {}
    for pk, occurred_on, types in (
        Interaction.objects.filter(COUNTED_INTERACTIONS)
        .values_list("id", "occurred_on", _types("cooperation_types"))
        .iterator(chunk_size=10000)
    ):
        regions = frozenset(region for region, _ in members.get(pk, ()))
        if len(regions) >= 2:
            facts.append(
                rules.InteractionFact(pk, occurred_on, regions, _decoded_types(types, decoded), frozenset(members[pk]))
            )
    return facts


def _project_facts() -> list[rules.ProjectFact]:
    started = dict(
        ProjectTransition.objects.filter(to_state=ProjectState.ACTIVE)
        .values("project_id")
        .annotate(first=Min("created_at"))
        .values_list("project_id", "first")
    )
    facts = []
    zone = timezone.get_current_timezone()
    decoded: dict[str | None, tuple[str, ...]] = {}
    for pk, state, types, starts_on, actually_started_on, created_at in Project.objects.values_list(
        "id", "state", _types("cooperation_types"), "starts_on", "started_on", "created_at"
    ).iterator(chunk_size=5000):
        # The day the work actually began, as the lead recorded it when starting the project (it may lie
        # before the day of the recording); else the day of the transition.
        started_on = actually_started_on or _day(started.get(pk), zone)
        if started_on is None and state in rules.PROJECT_STATES_THAT_COUNT:
            # A project that became active without a recorded transition (imported data): its start date,
            # else the day it was created.
            started_on = starts_on or _day(created_at, zone)
        facts.append(rules.ProjectFact(pk, state, started_on, _decoded_types(types, decoded)))
    return facts


def _participation_facts() -> list[rules.ParticipationFact]:
    # The day a partner left is in the audit log ("participant.left"); without it, its evidence never counted.
    content_type = ContentType.objects.get_for_model(ProjectParticipant)
    left = {
        int(target_id): moment
        for target_id, moment in AuditLogEntry.objects.filter(
            action="participant.left", target_type=content_type
        ).values_list("target_id", "created_at")
        if str(target_id).isdigit()
    }
    facts = []
    zone = timezone.get_current_timezone()
    for pk, project_id, region_id, status, decided_at, created_at, helix in ProjectParticipant.objects.filter(
        status__in=[ParticipantStatus.ACCEPTED, ParticipantStatus.LEFT]
    ).values_list("id", "project_id", "agent__region_id", "status", "decided_at", "created_at", "agent__helix"):
        joined_on = _day(decided_at or created_at, zone)
        left_on = None
        if status == ParticipantStatus.LEFT:
            left_on = _day(left.get(pk), zone) or joined_on
        facts.append(rules.ParticipationFact(project_id, region_id, joined_on, left_on, helix))
    return facts


def _expert_facts() -> list[rules.ExpertFact]:
    from experts.selectors import expert_involvements

    return [
        # an accepted invitation always has its acceptance time
        rules.ExpertFact(pk, region_id, project_id, cast(date, _day(accepted_at)))
        for pk, region_id, project_id, accepted_at in expert_involvements()
        .select_related(None)
        # the stubs see the declared QuerySet[ExpertInvitation], not the annotations expert_involvements() adds
        .values_list("id", "expert_region_id", "project_id", "accepted_at")  # type: ignore[misc]
        if accepted_at is not None
    ]


def _consultation_facts() -> list[rules.ConsultationFact]:
    from experts.selectors import consultation_facts

    return [
        # dated by the day the consultation ended (a confirmed one always has it; else the day it was confirmed)
        rules.ConsultationFact(
            pk,
            rules.CONSULTATION_STATUS_THAT_COUNTS,
            advising_region,
            advising_helix,
            advised_region,
            advised_helix,
            ends_on or _day(decided_at) or starts_on,
        )
        for pk, advising_region, advising_helix, advised_region, advised_helix, starts_on, ends_on, decided_at in (
            consultation_facts()
        )
    ]


def _structure_facts() -> list[rules.StructureFact]:
    counted = list(PUBLIC_STRUCTURE_STATUSES)
    members: dict[int, set[int]] = defaultdict(set)
    for structure_id, region_id in IntegratedStructure.member_regions.through.objects.filter(
        integratedstructure__status__in=counted
    ).values_list("integratedstructure_id", "region_id"):
        members[structure_id].add(region_id)
    agents: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for structure_id, region_id, helix in StructureMembership.objects.filter(structure__status__in=counted).values_list(
        "structure_id", "agent__region_id", "agent__helix"
    ):
        agents[structure_id].add((region_id, helix))
    return [
        rules.StructureFact(
            pk,
            status,
            founded_on,
            dissolved_on,
            frozenset(members.get(pk, ())),
            tuple(types or ()),
            frozenset(agents.get(pk, ())),
        )
        for pk, status, founded_on, dissolved_on, types in IntegratedStructure.objects.filter(
            status__in=counted
        ).values_list("id", "status", "founded_on", "dissolved_on", "cooperation_types")
    ]


def level_facts() -> LevelFacts:
    """Read every fact the level rules need, in a fixed number of queries (no per-row query)."""
    return LevelFacts(
        interactions=_interaction_facts(),
        projects=_project_facts(),
        participations=_participation_facts(),
        experts=_expert_facts(),
        structures=_structure_facts(),
        consultations=_consultation_facts(),
    )


# --- The stored levels. --------------------------------------------------------------------------------


def coordinated_regions(user: Viewer | None) -> list[Region]:
    """The regions ``user`` coordinates, in the usual order (no query for anyone else)."""
    region_ids = user_coordinated_region_ids(user)
    if not region_ids:
        return []
    return list(Region.objects.filter(pk__in=region_ids).order_by("sort_order", "iso_code"))


#: The cache key of :func:`levels_fingerprint` (dropped by every save or delete of the computation's row).
FINGERPRINT_KEY = "levels-fingerprint"
FINGERPRINT_CACHE_SECONDS = 3600


def levels_fingerprint(read: dict | None = None) -> str:
    """The fingerprint of the stored history (changes whenever a recomputation changes any level or
    evidence; empty before the first one): a cache key for pages built from the levels. One cache read on most
    requests (the dashboard, the pair page and the cell page ask for it); a recomputation saves the row, which
    drops the entry (:func:`forget_levels_fingerprint`). ``read``: what a caller's own ``cache.get_many`` found,
    ``FINGERPRINT_KEY`` among its keys."""
    fingerprint = read.get(FINGERPRINT_KEY) if read is not None else cache.get(FINGERPRINT_KEY)
    if fingerprint is None:
        fingerprint = LevelComputation.objects.filter(pk=1).values_list("fingerprint", flat=True).first() or ""
        cache.set(FINGERPRINT_KEY, fingerprint, FINGERPRINT_CACHE_SECONDS)
    return fingerprint


def forget_levels_fingerprint(sender=None, raw: bool = False, **kwargs) -> None:
    """The computation's row was saved or deleted: drop the cached fingerprint now and once the transaction
    commits (a reader on another connection may cache the fingerprint from before the commit meanwhile)."""
    if raw:
        return
    forget(FINGERPRINT_KEY)


def current_levels() -> QuerySet:
    """``(region id, level)`` rows of every region that holds a level today (after the latest
    recomputation), as a queryset to combine into other queries (``search.selectors.index_state``)."""
    return (
        RegionLevel.objects.filter(lost_on__isnull=True)
        .order_by()  # the model's ordering would join the regions, for nothing
        .values("region_id")
        .annotate(top=Max("level"))
        .values_list("region_id", "top")
    )


def current_region_levels() -> dict[int, int]:
    """``{region id: level}`` of every region that holds a level today (one query)."""
    return dict(current_levels())


def region_periods(region: Region) -> list[RegionLevel]:
    """The region's periods of each level, oldest first."""
    return list(RegionLevel.objects.filter(region=region).order_by("reached_on", "level"))


def region_pair_periods(region: Region) -> list[PairLevel]:
    """The periods of every pair the region belongs to, with both regions joined."""
    return list(
        PairLevel.objects.filter(Q(region_a=region) | Q(region_b=region))
        .select_related("region_a", "region_b", "region_a__macroregion", "region_b__macroregion")
        .order_by("reached_on", "level")
    )


def _region_evidence(region: Region) -> QuerySet[PairEvidence]:
    return PairEvidence.objects.filter(Q(region_a=region) | Q(region_b=region))


def region_evidence_refs(region: Region, kind: str) -> QuerySet:
    """The ids of the region's evidence of ``kind`` (a subquery for ``pk__in``)."""
    return _region_evidence(region).filter(kind=kind).values("ref_id")


def region_levels_with_evidence_on(region: Region, day: date) -> set[int]:
    """The levels of which the region has evidence valid on ``day`` (one query)."""
    return set(
        _region_evidence(region)
        .filter(date_from__lte=day)
        .filter(Q(date_to__isnull=True) | Q(date_to__gt=day))
        .values_list("level", flat=True)
        .distinct()
    )


def region_types_used(region: Region) -> dict[tuple[str, str], int]:
    """``{(type of cooperation, evidence kind): number of distinct pieces of evidence}`` in one query."""
    aggregates = {}
    for index, value in enumerate(rules.COOPERATION_TYPES):
        for kind in rules.KIND_OF_LEVEL.values():
            aggregates[f"{value}__{kind}"] = Count(
                "ref_id", distinct=True, filter=Q(kind=kind, has_type=True) & Q(**{f"bit_{index}__gt": 0})
            )
    annotations = {f"bit_{index}": F("types_mask").bitand(1 << index) for index in range(len(rules.COOPERATION_TYPES))}
    counts = _region_evidence(region).annotate(has_type=Q(types_mask__gt=0), **annotations).aggregate(**aggregates)
    return {(name, kind): value for key, value in counts.items() if value for name, _, kind in [key.partition("__")]}


def pair_level_list() -> QuerySet[PairLevel]:
    """Every period of every pair, for the API (filter with ``PairLevelFilterSet``)."""
    return PairLevel.objects.select_related("region_a", "region_b").order_by(
        "region_a__iso_code", "region_b__iso_code", "level", "reached_on"
    )


def region_level_list() -> QuerySet[RegionLevel]:
    """Every period of every region, for the API."""
    return RegionLevel.objects.select_related("region").order_by("region__iso_code", "level", "reached_on")


def network_edges(
    *,
    as_of: date,
    region_ids: set[int] | None = None,
    cooperation_type_mask: int = 0,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[tuple[int, int, int]]:
    """``(region_a, region_b, level)``: the highest level each pair held in the period, in one query.

    Without a period, the level on ``as_of``. ``cooperation_type_mask`` keeps the
    evidence of any of those types; ``region_ids`` the pairs touching those regions.
    """
    start = date_from or as_of
    end = date_to or as_of
    if date_from and not date_to:
        end = as_of
    if date_to and not date_from:
        start = date.min
    queryset = PairEvidence.objects.filter(date_from__lte=end).filter(Q(date_to__isnull=True) | Q(date_to__gt=start))
    if cooperation_type_mask:
        queryset = queryset.annotate(matching=F("types_mask").bitand(cooperation_type_mask)).filter(matching__gt=0)
    if region_ids is not None:
        queryset = queryset.filter(Q(region_a_id__in=region_ids) | Q(region_b_id__in=region_ids))
    rows = queryset.values("region_a_id", "region_b_id").annotate(top=Max("level")).order_by()
    return [(row["region_a_id"], row["region_b_id"], row["top"]) for row in rows]


# --- Interactions. -------------------------------------------------------------------------------------


def interactions_visible_to(user: Viewer | None) -> QuerySet[Interaction]:
    """Interactions ``user`` may see: every one not withdrawn (signed-in users); withdrawn ones only to
    the staff and to those who could have corrected them (the same answer as ``levels.view_interaction``)."""
    queryset = Interaction.objects.all()
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if _is_staff(user):
        return queryset
    visible = Q(is_withdrawn=False) | Q(recorded_by=user)
    agent_ids = list(user_agent_roles(user))
    region_ids = list(user_coordinated_region_ids(user))
    if agent_ids or region_ids:
        related = Interaction.participants.through.objects.filter(
            Q(agent_id__in=agent_ids) | Q(agent__region_id__in=region_ids)
        ).values("interaction_id")
        visible |= Q(pk__in=related)
    return queryset.filter(visible)


def _participants() -> Prefetch:
    return Prefetch(
        "participants",
        queryset=Agent.objects.select_related("region").order_by("region__sort_order", "name"),
    )


def interaction_list(user: Viewer | None) -> QuerySet[Interaction]:
    """Interactions for the list page and the API, newest first, in a constant number of queries."""
    return (
        interactions_visible_to(user)
        .select_related("recorded_by", "withdrawn_by")
        .prefetch_related(_participants())
        .order_by("-occurred_on", "-id")
    )


def interaction_detail(user: Viewer | None, pk: int) -> Interaction:
    """One interaction if ``user`` may see it; ``Interaction.DoesNotExist`` for missing *and* forbidden ones."""
    return interaction_list(user).get(pk=pk)


def interaction_side_users(interaction: Interaction, region_ids: set[int]) -> list:
    """The people of one side of an interaction: approved members of its participating agents located in
    ``region_ids`` and the coordinators of those regions (two queries)."""
    from accounts.choices import SiteRole
    from accounts.models import RoleGrant, User
    from cooperation.choices import MembershipStatus
    from cooperation.models import AgentMembership

    agent_ids = [agent.pk for agent in interaction.participants.all() if agent.region_id in region_ids]
    members = AgentMembership.objects.filter(agent_id__in=agent_ids, status=MembershipStatus.APPROVED).values("user_id")
    coordinators = RoleGrant.objects.filter(role=SiteRole.COORDINATOR, region_id__in=region_ids).values("user_id")
    return list(User.objects.filter(Q(pk__in=members) | Q(pk__in=coordinators), is_active=True).order_by("pk"))


def interactions_awaiting_side(
    user: Viewer | None, *, agent_ids: Iterable[int] = (), region_ids: Iterable[int] = ()
) -> QuerySet[Interaction]:
    """Pending, not withdrawn interactions with a participating agent among ``agent_ids`` or in one of
    ``region_ids``, in another region than the recorder's, that ``user`` did not record: the one definition of
    "awaiting this side" that the to-confirm page (the user's agents and regions) and "My regions" (one region
    at a time) both count, so that their numbers agree. ``levels.confirm_interaction`` is the rule it narrows to."""
    agent_ids, region_ids = list(agent_ids), list(region_ids)
    if not getattr(user, "is_authenticated", False) or not (agent_ids or region_ids):
        return Interaction.objects.none()
    through = Interaction.participants.through.objects.filter(
        Q(agent_id__in=agent_ids) | Q(agent__region_id__in=region_ids)
    ).exclude(agent__region_id=F("interaction__recorder_region_id"))
    return (
        Interaction.objects.filter(status=InteractionStatus.PENDING, is_withdrawn=False)
        .filter(pk__in=through.values("interaction_id"))
        .exclude(recorded_by_id=getattr(user, "pk", None))
    )


def interactions_to_confirm(user: Viewer | None) -> QuerySet[Interaction]:
    """Pending interactions ``user`` may confirm or dispute, oldest first: those with a participating agent
    the user acts for, or of a region the user coordinates, in another region than the recorder's.
    The query narrows to the candidates; ``levels.confirm_interaction`` is the rule (the page checks each)."""
    if not getattr(user, "is_authenticated", False):
        return Interaction.objects.none()
    return (
        interactions_awaiting_side(user, agent_ids=user_agent_roles(user), region_ids=user_coordinated_region_ids(user))
        .select_related("recorded_by", "recorder_region")
        .prefetch_related(_participants())
        .order_by("occurred_on", "id")
    )


def pending_interactions_between(region_a: Region, region_b: Region) -> QuerySet[Interaction]:
    """Interactions between agents of the two regions not yet counting: awaiting confirmation or disputed
    (not withdrawn), newest first — shown marked on the pair's page, never counted."""
    of_a = Interaction.participants.through.objects.filter(agent__region=region_a).values("interaction_id")
    of_b = Interaction.participants.through.objects.filter(agent__region=region_b).values("interaction_id")
    return (
        Interaction.objects.filter(
            is_withdrawn=False, status__in=[InteractionStatus.PENDING, InteractionStatus.DISPUTED]
        )
        .filter(pk__in=of_a)
        .filter(pk__in=of_b)
        .select_related("recorder_region")
        .order_by("-occurred_on", "-id")
    )


def agents_for_interactions() -> QuerySet[Agent]:
    """Agents that may take part in a recorded interaction (verified ones), for the forms."""
    return Agent.objects.filter(is_verified=True).select_related("region").order_by("region__sort_order", "name")


# --- Integrated structures. ----------------------------------------------------------------------------


def structures_visible_to(user: Viewer | None) -> QuerySet[IntegratedStructure]:
    """Structures ``user`` may see: confirmed and dissolved ones (signed-in users); proposed and rejected
    ones only to their proposer, the coordinators of their regions, the members of their agents and the staff."""
    queryset = IntegratedStructure.objects.all()
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if _is_staff(user):
        return queryset
    visible = Q(status__in=PUBLIC_STRUCTURE_STATUSES) | Q(proposed_by=user)
    region_ids = list(user_coordinated_region_ids(user))
    if region_ids:
        visible |= Q(
            pk__in=IntegratedStructure.member_regions.through.objects.filter(region_id__in=region_ids).values(
                "integratedstructure_id"
            )
        )
    agent_ids = list(user_agent_roles(user))
    if agent_ids:
        visible |= Q(
            pk__in=IntegratedStructure.member_agents.through.objects.filter(agent_id__in=agent_ids).values(
                "structure_id"
            )
        )
    return queryset.filter(visible)


def structure_list(user: Viewer | None) -> QuerySet[IntegratedStructure]:
    """Structures for the list page and the API, in a constant number of queries."""
    return (
        structures_visible_to(user)
        .select_related("proposed_by", "confirmed_by", "sector", "parent__parent")
        .prefetch_related(
            Prefetch("member_regions", queryset=Region.objects.order_by("sort_order", "iso_code")),
            Prefetch("member_agents", queryset=Agent.objects.select_related("region").order_by("helix", "name")),
            Prefetch("documents", queryset=StructureDocument.objects.order_by("id")),
            Prefetch("priorities", queryset=StrategyPriority.objects.select_related("item").order_by("id")),
        )
        .order_by("-founded_on", "-id")
    )


def coordinating_bodies() -> QuerySet[IntegratedStructure]:
    """Bodies that may coordinate other structures: interregional and federal ones, not rejected or dissolved."""
    return IntegratedStructure.objects.filter(
        kind__in=COORDINATING_KINDS, status__in=(StructureStatus.PROPOSED, StructureStatus.CONFIRMED)
    ).order_by("kind", "name_ru", "id")


def structure_detail(user: Viewer | None, pk: int) -> IntegratedStructure:
    """One structure if ``user`` may see it; ``IntegratedStructure.DoesNotExist`` for missing and forbidden ones."""
    return structure_list(user).get(pk=pk)


def structures_awaiting_confirmation() -> QuerySet[IntegratedStructure]:
    """The moderators' queue: proposed structures, oldest first."""
    return (
        IntegratedStructure.objects.filter(status=StructureStatus.PROPOSED)
        .select_related("proposed_by")
        .prefetch_related("member_regions")
        .order_by("created_at", "id")
    )


# --- What the dashboard and the network pages read (``levels.presenters`` shapes it, reading nothing) ---

#: How many pieces of each kind of evidence the dashboard lists (the rest behind a link).
EVIDENCE_LIST_SIZE = 10


@dataclass(frozen=True)
class RegionOverviewData:
    """What ``levels.presenters.region_overview`` shapes: the region's periods, its pairs' periods, the levels
    with evidence today, the types of cooperation used and the experts' involvements the history may link."""

    periods: list[RegionLevel]
    pair_periods: list[PairLevel]
    kinds_present: set[int]
    types_used: dict[tuple[str, str], int]
    experts: dict[int, Any]
    #: ``{partner id: (flipped, the pair's evidence)}`` for the closest partners (their links in depth).
    links: dict[int, tuple[bool, list[rules.LinkRow]]] | None = None


#: How many partners the dashboard shows the links in depth of (the highest levels today).
LINK_PARTNERS = 5


def region_partner_links(region: Region, pair_periods: list[PairLevel]) -> dict[int, tuple[bool, list]]:
    """The stored evidence of the region's :data:`LINK_PARTNERS` closest partners (one query)."""
    current: dict[int, int] = {}
    for period in pair_periods:
        partner = period.region_b_id if period.region_a_id == region.pk else period.region_a_id
        if period.lost_on is None:
            current[partner] = max(current.get(partner, 0), period.level)
    closest = sorted(current, key=lambda pk: (-current[pk], pk))[:LINK_PARTNERS]
    if not closest:
        return {}
    links: dict[int, tuple[bool, list]] = {pk: (pk < region.pk, []) for pk in closest}
    rows = PairEvidence.objects.filter(
        Q(region_a=region, region_b_id__in=closest) | Q(region_b=region, region_a_id__in=closest)
    ).values_list("region_a_id", "region_b_id", "kind", "ref_id", "level", "date_from", "date_to", "links_mask")
    for a, b, kind, ref, level, date_from, date_to, mask in rows:
        partner = b if a == region.pk else a
        links[partner][1].append(rules.LinkRow(kind, ref, level, date_from, date_to, mask))
    return links


def _public_projects() -> QuerySet[Project]:
    """Projects every signed-in user may see (public states, not hidden): what shared pages may name."""
    return Project.objects.public()  # the visibility rule's "everyone" part (``ProjectQuerySet``)


def region_overview_data(region: Region, today: date) -> RegionOverviewData:
    """Everything the region's dashboard overview reads, in a constant number of queries whatever the evidence.

    The history links an expert's involvement to its project only where everyone may see the project.
    """
    from experts.models import ExpertInvitation

    periods = region_periods(region)
    history_ids = {
        ref["id"] for period in periods for ref in period.evidence if ref["kind"] == rules.EXPERT_INVOLVEMENT
    }
    experts = (
        ExpertInvitation.objects.filter(pk__in=history_ids, project__in=_public_projects()).only("id", "project_id")
        if history_ids
        else []
    )
    pair_periods = region_pair_periods(region)
    return RegionOverviewData(
        periods=periods,
        pair_periods=pair_periods,
        links=region_partner_links(region, pair_periods),
        kinds_present=region_levels_with_evidence_on(region, today),
        types_used=region_types_used(region),
        experts={invitation.pk: invitation for invitation in experts},
    )


def region_evidence(region: Region, *, sees_everything: bool) -> dict[str, Any]:
    """The latest pieces of the region's evidence, by kind, with how many there are.

    Two audiences: everyone signed in (projects in public states and not hidden, the experts of
    those, confirmed consultations, confirmed and dissolved structures) and the staff
    (``sees_everything``: hidden projects and proposals too). Interactions that count as evidence are
    never withdrawn, so everyone signed in sees them all.
    Proposals a user may see besides are in :func:`region_proposals_for`.
    """
    from experts.models import Consultation, ExpertInvitation

    def refs(kind: str) -> QuerySet:
        return region_evidence_refs(region, kind)

    projects_seen = Project.objects.all() if sees_everything else _public_projects()
    interactions = (
        Interaction.objects.filter(COUNTED_INTERACTIONS, pk__in=refs(rules.INTERACTION))
        .prefetch_related(
            Prefetch("participants", queryset=Agent.objects.select_related("region").order_by("region__sort_order"))
        )
        .order_by("-occurred_on", "-id")
    )
    involvements = ExpertInvitation.objects.filter(
        pk__in=refs(rules.EXPERT_INVOLVEMENT), project__in=projects_seen
    ).select_related("expert__user", "expert__region", "project")
    # Confirmed consultations are evidence of level 2 and every signed-in user may open them.
    consultations = (
        Consultation.objects.filter(pk__in=refs(rules.CONSULTATION), status=rules.CONSULTATION_STATUS_THAT_COUNTS)
        .select_related("advising_agent__region", "advised_agent__region")
        .order_by("-ends_on", "-id")
    )
    projects = (
        projects_seen.filter(pk__in=refs(rules.JOINT_PROJECT))
        .select_related("lead_agent", "lead_agent__region")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ProjectParticipant.objects.filter(status=ParticipantStatus.ACCEPTED).select_related(
                    "agent", "agent__region"
                ),
                to_attr="accepted_participants",
            )
        )
        .order_by("-id")
    )
    structures = _region_structures(region)
    if not sees_everything:
        structures = structures.filter(status__in=PUBLIC_STRUCTURE_STATUSES)
    return {
        "interactions": list(interactions[:EVIDENCE_LIST_SIZE]),
        "interaction_count": interactions.count(),
        "experts": list(involvements.order_by("-decided_at", "-id")[:EVIDENCE_LIST_SIZE]),
        "expert_count": involvements.count(),
        "consultations": list(consultations[:EVIDENCE_LIST_SIZE]),
        "consultation_count": consultations.count(),
        "projects": list(projects[:EVIDENCE_LIST_SIZE]),
        "project_count": projects.count(),
        "structures": list(structures),
    }


def _region_structures(region: Region) -> QuerySet[IntegratedStructure]:
    return (
        IntegratedStructure.objects.filter(
            pk__in=IntegratedStructure.member_regions.through.objects.filter(region=region).values(
                "integratedstructure_id"
            )
        )
        .prefetch_related(Prefetch("member_regions", queryset=Region.objects.order_by("sort_order", "iso_code")))
        .order_by("-founded_on", "-id")
    )


def region_proposals_for(region: Region, user: Viewer | None) -> list[IntegratedStructure]:
    """The region's proposed or rejected structures that ``user`` may see (their own proposals, those of
    the regions they coordinate or of their agents). One query when the region has none (the usual case)."""
    candidates = list(_region_structures(region).exclude(status__in=PUBLIC_STRUCTURE_STATUSES))
    if not candidates:
        return []
    visible = set(
        structures_visible_to(user)
        .filter(pk__in=[structure.pk for structure in candidates])
        .values_list("pk", flat=True)
    )
    return [structure for structure in candidates if structure.pk in visible]


def network_regions() -> list[Region]:
    """Every region with its macro-region, in display order: the nodes of the network picture (one query)."""
    return list(Region.objects.select_related("macroregion").order_by("sort_order", "iso_code"))


def current_region_level(region: Region) -> int:
    """The region's highest level held today, 0 for none (one query)."""
    return max(
        RegionLevel.objects.filter(region=region, lost_on__isnull=True).values_list("level", flat=True), default=0
    )


def current_partner_count(region: Region) -> int:
    """How many regions the region holds at least level 1 with today (one query)."""
    return PairLevel.objects.filter(Q(region_a=region) | Q(region_b=region), lost_on__isnull=True, level=1).count()


def pair_years(region_ids: set[int] | None = None) -> dict[tuple[int, int], int]:
    """``{(region_a, region_b): years in which links were made}`` from the stored evidence (one query)."""
    queryset = PairEvidence.objects.all()
    if region_ids is not None:
        queryset = queryset.filter(Q(region_a_id__in=region_ids) | Q(region_b_id__in=region_ids))
    rows = (
        queryset.order_by()
        .values("region_a_id", "region_b_id")
        .annotate(years=Count(ExtractYear("date_from"), distinct=True))
        .values_list("region_a_id", "region_b_id", "years")
    )
    return {(a, b): years for a, b, years in rows}


@dataclass(frozen=True)
class PairData:
    """What the pair's page reads: the stored evidence of the pair (as the grid reads it), its periods and the
    interactions between the two regions that do not count yet (pending or disputed)."""

    evidence: list[rules.LinkRow]
    periods: list[PairLevel]
    pending: list[Interaction]
    flipped: bool


def pair_pending(first: Region, second: Region) -> list[Interaction]:
    """The newest interactions between the two regions that do not count yet (one query): read on every view
    of the pair's page, since recording one changes no level (and so no cache key)."""
    return list(pending_interactions_between(first, second)[:EVIDENCE_LIST_SIZE])


def pair_data(first: Region, second: Region, *, pending: bool = True) -> PairData:
    """The pair ``first``–``second`` as shown from ``first`` (three queries; two without ``pending``, the
    interactions that do not count yet, left empty)."""
    a, b = sorted((first.pk, second.pk))
    evidence = [
        rules.LinkRow(kind, ref, level, date_from, date_to, links)
        for kind, ref, level, date_from, date_to, links in PairEvidence.objects.filter(
            region_a_id=a, region_b_id=b
        ).values_list("kind", "ref_id", "level", "date_from", "date_to", "links_mask")
    ]
    periods = list(PairLevel.objects.filter(region_a_id=a, region_b_id=b).order_by("reached_on", "level"))
    return PairData(
        evidence=evidence,
        periods=periods,
        pending=pair_pending(first, second) if pending else [],
        flipped=first.pk != a,
    )


def network_inputs(
    *,
    today: date,
    macroregion: Any = None,
    cooperation_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> tuple[list[Region], list[tuple[int, int, int]], dict[tuple[int, int], int]]:
    """What the network picture reads (three queries): every region, the pairs' levels under the filters
    (with a macro-region, the pairs touching its regions) and the years in which each pair's links recur."""
    regions = network_regions()
    focus = {region.pk for region in regions if macroregion is not None and region.macroregion_id == macroregion.pk}
    edges = network_edges(
        as_of=today,
        region_ids=focus if macroregion is not None else None,
        cooperation_type_mask=rules.types_mask([cooperation_type]) if cooperation_type else 0,
        date_from=date_from,
        date_to=date_to,
    )
    return regions, edges, pair_years(focus if macroregion is not None else None)


# --- The structures' moderation queue and the alliance builder (issue #14, items 5 and 6). ------------------


def structure_moderation_queue() -> list[IntegratedStructure]:
    """Proposed structures, oldest first, with what the evidence check and the queue's table read (4 queries)."""
    return list(
        IntegratedStructure.objects.filter(status=StructureStatus.PROPOSED)
        .select_related("proposed_by", "sector", "parent")
        .prefetch_related(
            Prefetch("member_regions", queryset=Region.objects.order_by("sort_order", "iso_code")),
            Prefetch("member_agents", queryset=Agent.objects.only("id", "region_id", "helix")),
            "documents",
        )
        .order_by("created_at", "id")
    )


def structures_to_confirm_count() -> int:
    """How many structures await a moderator (the navbar's count)."""
    return IntegratedStructure.objects.filter(status=StructureStatus.PROPOSED).count()


def structure_initial(query: Any) -> dict[str, Any]:
    """A new structure's form prefilled from a query: ``kind``, ``sector`` (code), ``regions`` (ISO codes),
    ``agents`` (ids), ``parent`` (id); unknown values are dropped."""
    initial: dict[str, Any] = {}
    if query.get("kind"):
        initial["kind"] = query.get("kind")
    if query.get("sector"):
        initial["sector"] = query.get("sector")
    if query.getlist("regions"):
        initial["member_regions"] = list(Region.objects.filter(iso_code__in=query.getlist("regions")))
    agent_ids = [value for value in query.getlist("agents") if value.isdigit()]
    if agent_ids:
        initial["member_agents"] = list(Agent.objects.filter(pk__in=agent_ids, is_verified=True))
    if (query.get("parent") or "").isdigit():
        initial["parent"] = int(query.get("parent"))
    return initial


def okved_sections() -> list[Any]:
    """The OKVED2 sections (classifier ``nace2``) in their order: the alliance builder's choice."""
    from analytics.models import ClassifierItem

    return list(ClassifierItem.objects.filter(classifier__code="nace2").order_by("sort_order", "code"))


#: The data set of the all-Russia localisation factors (Rosstat's GVA by OKVED section) and of the S&T ratios.
ALLIANCE_LOCALISATION_DATASET = "rosstat-gva"
ALLIANCE_SCIENCE_DATASET = "cbe-2020"


@dataclass
class AllianceBuilderData:
    """What the alliance builder page shows for one OKVED2 section (``levels.presenters`` shapes it)."""

    section: Any
    year: int | None
    localisations: list[alliances.Localisation]
    chosen: list[alliances.Localisation]
    regions: dict[str, Region]
    agents: list[Agent]
    section_agent_ids: set[int]
    complements: alliances.Complements
    science_year: int | None
    rubric_names: dict[str, str]
    sector_rubrics_known: bool
    structures: list[IntegratedStructure]
    coordinating_body: IntegratedStructure | None


def _latest_localisations(section_code: str) -> tuple[int | None, list[alliances.Localisation]]:
    from analytics.choices import Indicator
    from analytics.selectors import coefficient_values

    factors: dict[tuple[int, str], dict[str, float | None]] = defaultdict(dict)
    for row in coefficient_values(dataset=ALLIANCE_LOCALISATION_DATASET, item=section_code, classifier="nace2"):
        if row.indicator in (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION):
            factors[(row.year, row.region_iso)][row.indicator] = row.value
    if not factors:
        return None, []
    year = max(year for year, _region in factors)
    return year, [
        alliances.Localisation(
            region,
            values.get(Indicator.NATIONAL_LOCALISATION),
            values.get(Indicator.MACROREGIONAL_LOCALISATION),
        )
        for (row_year, region), values in sorted(factors.items())
        if row_year == year
    ]


def _science_ratios(region_isos: list[str]) -> tuple[int | None, dict[str, dict[str, float | None]], dict[str, str]]:
    from analytics.choices import Indicator
    from analytics.selectors import coefficient_values

    rows = [
        row
        for row in coefficient_values(dataset=ALLIANCE_SCIENCE_DATASET, indicator=Indicator.ST_SPECIALISATION)
        if row.region_iso in region_isos
    ]
    if not rows:
        return None, {}, {}
    year = max(row.year for row in rows)
    ratios: dict[str, dict[str, float | None]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in rows:
        if row.year == year:
            ratios[row.region_iso][row.item_code] = row.value
            names[row.item_code] = row.item_name_ru if get_language_code() == "ru" else row.item_name_en
    return year, dict(ratios), names


def get_language_code() -> str:
    from django.utils.translation import get_language

    return (get_language() or "ru")[:2]


def alliance_builder_data(section_code: str, user: Viewer | None) -> AllianceBuilderData | None:
    """The candidates of an interregional industry alliance for one OKVED2 section, or None for an unknown code.

    From the current analytics snapshot: the regions whose section has national and macro-regional
    localisation factors ≥ 1 in the latest year of Rosstat's GVA data (``alliances.alliance_regions``); their
    verified clusters (listed first in each region: seed 003's alliance joins clusters), business agents and any
    verified agent with the section as a competence; the S&T rubrics that
    complement each other among them (the paper's CBE data, where a region has it; limited to the rubrics the
    concordance links to the section); the structures of that sector the user may see; and a coordinating
    body to propose under (a confirmed federal body, else a confirmed interregional one).
    """
    from analytics.models import ClassifierItem, ConcordanceLink

    section = ClassifierItem.objects.filter(classifier__code="nace2", code=section_code).first()
    if section is None:
        return None
    year, localisations = _latest_localisations(section_code)
    chosen = alliances.alliance_regions(localisations)
    isos = [row.region for row in chosen]
    regions = {region.iso_code: region for region in Region.objects.filter(iso_code__in=isos)}
    agents = list(
        Agent.objects.filter(is_verified=True, region__iso_code__in=isos)
        .filter(Q(helix="business") | Q(is_cluster=True) | Q(competences=section))
        .select_related("region")
        .distinct()
        .order_by("region__sort_order", "-is_cluster", "name", "id")
    )
    section_agent_ids = set(
        Agent.competences.through.objects.filter(
            classifieritem_id=section.pk, agent_id__in=[agent.pk for agent in agents]
        ).values_list("agent_id", flat=True)
    )
    science_year, ratios, names = _science_ratios(isos)
    sector_rubrics = list(ConcordanceLink.objects.filter(direction=section).values_list("rubric__code", flat=True))
    complements = alliances.complementary_rubrics(ratios, isos, sector_rubrics=sector_rubrics or None)
    structures = list(
        structure_list(user).filter(sector=section).exclude(status=StructureStatus.REJECTED).order_by("-founded_on")
    )
    body = (
        IntegratedStructure.objects.filter(kind__in=COORDINATING_KINDS, status=StructureStatus.CONFIRMED)
        .order_by("-kind", "id")  # "federal_body" sorts after "coordinating_body": federal first
        .first()
    )
    return AllianceBuilderData(
        section=section,
        year=year,
        localisations=localisations,
        chosen=chosen,
        regions=regions,
        agents=agents,
        section_agent_ids=section_agent_ids,
        complements=complements,
        science_year=science_year,
        rubric_names=names,
        sector_rubrics_known=bool(sector_rubrics),
        structures=structures,
        coordinating_body=body,
    )


#: The level a partnership must have reached for its partner to be named beside a competence gain.
PARTNER_LEVEL = 2


def competence_partners(region: Region, gains: list[Any]) -> dict[int, list[Region]]:
    """For each competence gain of ``region`` (``analytics.models.CompetenceEvent`` rows), the partner
    regions strong in that item (a competence in the same data set, coefficient and year) that the region
    had cooperated with at level 2 or more in the years before (the level first reached before the gain's year).

    ``{event id: [regions]}``; three queries whatever the number of gains, none without gains.
    """
    from analytics.selectors import competent_regions

    if not gains:
        return {}
    first_year: dict[int, int] = {}
    pairs = PairLevel.objects.filter(Q(region_a=region) | Q(region_b=region), level__gte=PARTNER_LEVEL)
    for region_a, region_b, reached_on in pairs.values_list("region_a_id", "region_b_id", "reached_on"):
        partner = region_b if region_a == region.pk else region_a
        first_year[partner] = min(first_year.get(partner, reached_on.year), reached_on.year)
    if not first_year:
        return {}
    keys = {(gain.dataset_id, gain.item_id, gain.indicator, gain.year): gain for gain in gains}
    strong = competent_regions(items=keys)
    found: dict[int, list[int]] = {}
    for key, gain in keys.items():
        partners = [
            partner for partner in strong.get(key, ()) if partner in first_year and first_year[partner] < gain.year
        ]
        if partners:
            found[gain.pk] = partners
    if not found:
        return {}
    names = Region.objects.in_bulk({partner for partners in found.values() for partner in partners})
    return {
        event_id: sorted((names[partner] for partner in partners), key=lambda item: (item.sort_order, item.iso_code))
        for event_id, partners in found.items()
    }


@dataclass
class CoordinatedRegion:
    """One region a coordinator looks after, with what awaits them there (the "My regions" page)."""

    region: Region
    interactions_to_confirm: int
    structures: list[IntegratedStructure]
    sessions: list[Any]
    priority_sets: int


def my_regions(user: Viewer | None) -> list[CoordinatedRegion]:
    """The regions ``user`` coordinates, each with its pending items: interactions another region recorded with
    its agents (awaiting its side), structures it is a member of awaiting confirmation or details, discovery
    sessions not adopted yet and how many priority sets it has. Four queries per region; nothing for others."""
    from strategy.choices import SessionState
    from strategy.models import DiscoverySession, PrioritySet

    result = []
    for region in coordinated_regions(user):
        interactions = interactions_awaiting_side(user, region_ids=[region.pk]).count()
        structures = list(
            IntegratedStructure.objects.filter(
                member_regions=region,
                status__in=[StructureStatus.PROPOSED, StructureStatus.CHANGES_REQUESTED],
            )
            .distinct()
            .order_by("created_at", "id")
        )
        sessions = list(
            DiscoverySession.objects.filter(region=region)
            .exclude(state=SessionState.ADOPTED)
            .order_by("-opened_at", "-id")
        )
        result.append(
            CoordinatedRegion(
                region=region,
                interactions_to_confirm=interactions,
                structures=structures,
                sessions=sessions,
                priority_sets=PrioritySet.objects.filter(region=region).count(),
            )
        )
    return result
