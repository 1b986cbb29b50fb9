"""The rules of the levels of interregional cooperation, in one place.

Pure Python: no Django, no database, no clock (``as_of`` is a parameter). The
selectors read the facts from the database (``levels/selectors.py``, the only
ORM → rows place); :func:`evidence_rows` turns them into evidence of a level for
a pair of regions, valid from one date until another; :func:`level_history`
turns the evidence into the periods during which each pair and each region held
each level. ``levels.services.levels_recompute`` stores the result.

The four levels come from the paper (seed 000, section III): a region moves from
1 information to 2 expert to 3 project to 4 integrated cooperation as it builds
partnerships. The plain-language texts shown on the pages live here, next to the
rules they describe; they are marked with :func:`gettext_noop` so that
``makemessages`` extracts them, and the pages translate them when they show them.

Conventions:

* Evidence is valid on ``[date_from, date_to)``: from its first day, up to but
  not including the day it stops counting (``None``: it still counts).
* A pair *holds level L* on a date when some evidence of level L **or higher**
  is valid on that date, so the pair's level on a date is the highest level with
  valid evidence. A period of level L starts when the pair first holds L and ends
  (``lost_on``) on the first day it no longer does.
* A region holds level L when at least one of its pairs holds L: a region's
  level is the highest level among its pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from itertools import combinations
from typing import TypeVar


def gettext_noop(message: str) -> str:
    """Mark ``message`` for translation without translating it (``makemessages`` knows this name)."""
    return message


INFORMATION, EXPERT, PROJECT, INTEGRATED = 1, 2, 3, 4
LEVELS = (INFORMATION, EXPERT, PROJECT, INTEGRATED)
HIGHEST = INTEGRATED

#: Evidence kinds: the main one of each level, and a consultation, the second kind of level 2 (seed 000: an
#: agent of one region advising a government authority or another agent of another region on its development).
INTERACTION, EXPERT_INVOLVEMENT, JOINT_PROJECT, STRUCTURE = "interaction", "expert", "project", "structure"
CONSULTATION = "consultation"
KIND_OF_LEVEL = {INFORMATION: INTERACTION, EXPERT: EXPERT_INVOLVEMENT, PROJECT: JOINT_PROJECT, INTEGRATED: STRUCTURE}
LEVEL_OF_KIND = {**{kind: level for level, kind in KIND_OF_LEVEL.items()}, CONSULTATION: EXPERT}
KIND_ORDER = {INTERACTION: 0, EXPERT_INVOLVEMENT: 1, CONSULTATION: 2, JOINT_PROJECT: 3, STRUCTURE: 4}
#: The status of a consultation that counts: the advised side confirmed the result.
CONSULTATION_STATUS_THAT_COUNTS = "confirmed"
#: A consultation is advice: its type of cooperation (``cooperation.choices.CooperationType``).
CONSULTATION_TYPES = ("consulting",)

#: The types of cooperation (``cooperation.choices.CooperationType``), in the order of their bits.
COOPERATION_TYPES = ("scientific", "production", "educational", "consulting")

#: The four links of the quadruple helix (``cooperation.choices.Helix``), in the order of the grid.
HELICES = ("government", "business", "science", "civil")
#: The link an individual expert is counted in: experts are people, not agents with a helix, and the
#: paper's expert level involves "component agents of the innovation sphere" mostly from science and education.
EXPERT_HELIX = "science"
#: The link a region counts in when the evidence names none of its agents (a structure whose members are
#: regions only): the region itself, represented by its government authority.
REGION_HELIX = "government"

#: Project states in which a joint project is evidence of level 3: it has started (and may have ended).
PROJECT_STATES_THAT_COUNT = frozenset({"active", "completed", "archived"})
#: Integrated-structure statuses that count: confirmed by a moderator (a dissolved one counted until dissolved).
STRUCTURE_STATUSES_THAT_COUNT = frozenset({"confirmed", "dissolved"})

#: At most this many pieces of evidence are kept behind each period (the first ones, by level and kind).
MAX_EVIDENCE_PER_PERIOD = 10

# --- The rules in plain words (shown on the dashboard and the network page). -------------------------

RULES = {
    INFORMATION: gettext_noop(
        "Organisations of the two regions have exchanged information — a meeting, a conference, "
        "a forum or an exchange of materials recorded on the portal. It counts from the day of the exchange."
    ),
    EXPERT: gettext_noop(
        "An expert from one region has accepted an invitation to a project in which an organisation "
        "of the other region takes part, or an organisation of one region has advised an organisation of the "
        "other on its "
        "development and the advised side confirmed the result. It counts from the day the expert accepted or "
        "the consultation ended."
    ),
    PROJECT: gettext_noop(
        "Organisations of both regions take part in a joint project that is active or completed. "
        "It counts from the day the project started (or the partner joined) until a partner leaves it."
    ),
    INTEGRATED: gettext_noop(
        "Both regions are members of an interregional alliance, a joint cluster, a joint "
        "strategy or a coordinating body confirmed by a moderator. It counts from the founding date until the "
        "structure is dissolved."
    ),
}
PAIR_RULE = gettext_noop("The level of two regions on a date is the highest level with evidence valid on that date.")
REGION_RULE = gettext_noop(
    "A region's level is the highest level it holds with any partner region; it moves from level to level as "
    "partnerships are built."
)
LOSS_RULE = gettext_noop(
    "A level is lost when the evidence behind it stops counting: a moderator withdraws an interaction, a partner "
    "leaves a project, a structure is dissolved. Withdrawn evidence is removed from the whole history."
)

#: What a region at the level before ``level`` lacks to reach it.
REGION_HINTS = {
    INFORMATION: gettext_noop(
        "No information exchange with another region has been recorded yet: record a meeting, a conference, "
        "a forum or an exchange of materials between organisations of this region and of another region."
    ),
    EXPERT: gettext_noop(
        "No expert from a partner region has been involved yet: invite an expert from a partner region to a "
        "project of this region's organisations, offer this region's experts to the partners' projects, or ask "
        "an organisation "
        "of a partner region for a consultation."
    ),
    PROJECT: gettext_noop(
        "No joint project with a partner region is active or completed yet: start a project together with "
        "organisations of a partner region."
    ),
    INTEGRATED: gettext_noop(
        "No confirmed integrated structure with a partner region yet: propose an alliance, a joint cluster, "
        "a joint strategy or a coordinating body with partner regions."
    ),
}
REGION_TOP_HINT = gettext_noop(
    "The highest level, integrated cooperation, is reached: widen it by bringing more partner regions and "
    "organisations into the structure and into joint projects."
)
#: The next step for a pair at the level before ``level``.
PAIR_HINTS = {
    INFORMATION: gettext_noop("Record an information exchange between organisations of the two regions."),
    EXPERT: gettext_noop("Involve an expert from one region in a project of the other."),
    PROJECT: gettext_noop("Run a joint project with organisations of both regions (it counts once it is active)."),
    INTEGRATED: gettext_noop("Propose an integrated structure with both regions as members."),
}
PAIR_TOP_HINT = gettext_noop("The highest level is reached.")


# --- Facts read from the database (built by ``levels.selectors``). -------------------------------------


@dataclass(frozen=True)
class InteractionFact:
    """A recorded information exchange that has not been withdrawn, with the regions of its participants."""

    id: int
    occurred_on: date
    region_ids: frozenset[int]
    types: tuple[str, ...] = ()
    #: ``(region id, helix)`` of the participating agents.
    members: frozenset[tuple[int, str]] = frozenset()


@dataclass(frozen=True)
class ProjectFact:
    """A project: its state, the day it became active (``None`` if it never did) and its types of cooperation."""

    id: int
    state: str
    started_on: date | None
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParticipationFact:
    """An agent's accepted participation in a project (the lead's included); ``left_on`` when the partner left."""

    project_id: int
    region_id: int
    joined_on: date | None
    left_on: date | None = None
    helix: str = ""


@dataclass(frozen=True)
class ExpertFact:
    """An expert's accepted invitation to a project."""

    id: int
    expert_region_id: int
    project_id: int
    accepted_on: date


@dataclass(frozen=True)
class ConsultationFact:
    """A consultation: an agent of one region (``advising``) advised an agent of another (``advised``)."""

    id: int
    status: str
    advising_region_id: int
    advising_helix: str
    advised_region_id: int
    advised_helix: str
    #: The day the consultation ended (the result was given); ``None`` while it has not.
    ended_on: date | None


@dataclass(frozen=True)
class StructureFact:
    """An integrated structure with its member regions."""

    id: int
    status: str
    founded_on: date
    dissolved_on: date | None
    region_ids: frozenset[int]
    types: tuple[str, ...] = ()
    #: ``(region id, helix)`` of the member agents (a member region without any counts as its government).
    members: frozenset[tuple[int, str]] = frozenset()


@dataclass(frozen=True)
class Evidence:
    """Evidence of ``level`` between two regions (``region_a < region_b``), valid on ``[date_from, date_to)``."""

    region_a: int
    region_b: int
    level: int
    date_from: date
    date_to: date | None
    kind: str
    ref: int
    types: tuple[str, ...] = ()
    #: The cells of the helix grid (helix of ``region_a`` × helix of ``region_b``) it is evidence for.
    links: int = 0

    @property
    def pair(self) -> tuple[int, int]:
        return self.region_a, self.region_b


def link_bit(helix_a: str, helix_b: str) -> int:
    """The bit of the grid cell "helix ``helix_a`` of the first region × ``helix_b`` of the second" (0: unknown)."""
    if helix_a not in HELICES or helix_b not in HELICES:
        return 0
    return 1 << (HELICES.index(helix_a) * len(HELICES) + HELICES.index(helix_b))


def links_mask(helices_a: Iterable[str], helices_b: Iterable[str]) -> int:
    """Every cell between the helices of one side and those of the other; a side with no known helix counts
    as its government (:data:`REGION_HELIX`), so that a piece of evidence always lies in at least one cell."""
    side_a = {helix for helix in helices_a if helix in HELICES} or {REGION_HELIX}
    side_b = {helix for helix in helices_b if helix in HELICES} or {REGION_HELIX}
    mask = 0
    for helix_a in side_a:
        for helix_b in side_b:
            mask |= link_bit(helix_a, helix_b)
    return mask


@lru_cache(maxsize=1024)
def _links_mask_of(helices_a: frozenset[str], helices_b: frozenset[str]) -> int:
    """:func:`links_mask` of two sets of helices, remembered: there are at most 16 × 16 different arguments."""
    return links_mask(helices_a, helices_b)


def transpose_links(mask: int) -> int:
    """The same cells seen from the other region (rows and columns swapped)."""
    size = len(HELICES)
    result = 0
    for row in range(size):
        for column in range(size):
            if mask & (1 << (row * size + column)):
                result |= 1 << (column * size + row)
    return result


def _helices_of(members: Iterable[tuple[int, str]], region: int) -> set[str]:
    return {helix for member_region, helix in members if member_region == region}


def types_mask(types: Iterable[str]) -> int:
    """The types of cooperation as a bit mask (unknown values are ignored)."""
    if isinstance(types, tuple):
        return _types_mask_of(types)
    present = set(types)
    return sum(1 << index for index, value in enumerate(COOPERATION_TYPES) if value in present)


@lru_cache(maxsize=1024)
def _types_mask_of(types: tuple[str, ...]) -> int:
    present = set(types)
    return sum(1 << index for index, value in enumerate(COOPERATION_TYPES) if value in present)


def types_from_mask(mask: int) -> tuple[str, ...]:
    """The types of cooperation of a bit mask, in the canonical order."""
    return tuple(value for index, value in enumerate(COOPERATION_TYPES) if mask & (1 << index))


def _pairs(region_ids: Iterable[int]) -> list[tuple[int, int]]:
    return list(combinations(sorted(set(region_ids)), 2))


def _merge_intervals(intervals: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    """Union of half-open intervals (``None`` = open-ended); touching intervals join."""
    merged: list[tuple[date, date | None]] = []
    for start, end in sorted(intervals, key=lambda item: item[0]):
        if end is not None and end <= start:
            continue
        if merged:
            last_start, last_end = merged[-1]
            if last_end is None or start <= last_end:
                merged[-1] = (last_start, None if last_end is None or end is None else max(last_end, end))
                continue
        merged.append((start, end))
    return merged


def _intersect(
    left: Sequence[tuple[date, date | None]], right: Sequence[tuple[date, date | None]]
) -> list[tuple[date, date | None]]:
    """Intersection of two merged interval lists."""
    result = []
    for a_start, a_end in left:
        for b_start, b_end in right:
            start = max(a_start, b_start)
            ends = [end for end in (a_end, b_end) if end is not None]
            end = min(ends) if ends else None
            if end is None or start < end:
                result.append((start, end))
    return _merge_intervals(result)


Intervals = list[tuple[date, date | None]]


def _information_rows(interactions: Iterable[InteractionFact]) -> list[Evidence]:
    """Level 1: an information exchange between agents of two (or more) regions."""
    rows = []
    for fact in interactions:
        sides: dict[int, set[str]] = defaultdict(set)
        for region, helix in fact.members:
            sides[region].add(helix)
        helices = {region: frozenset(side) for region, side in sides.items()}
        types = tuple(fact.types)
        for a, b in _pairs(fact.region_ids):
            links = _links_mask_of(helices.get(a, frozenset()), helices.get(b, frozenset()))
            rows.append(Evidence(a, b, INFORMATION, fact.occurred_on, None, INTERACTION, fact.id, types, links))
    return rows


def _taking_part(participations: Iterable[ParticipationFact]) -> dict[int, dict[int, Intervals]]:
    """Intervals during which each region takes part in each project: from joining until leaving."""
    taking_part: dict[int, dict[int, Intervals]] = defaultdict(lambda: defaultdict(list))
    for fact in participations:
        if fact.joined_on is not None:
            taking_part[fact.project_id][fact.region_id].append((fact.joined_on, fact.left_on))
    return taking_part


HelixSpans = dict[int, dict[int, dict[str, Intervals]]]


def _helix_spans(participations: Iterable[ParticipationFact]) -> HelixSpans:
    """Intervals during which each helix of each region takes part in each project."""
    spans: HelixSpans = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    for fact in participations:
        if fact.joined_on is not None:
            spans[fact.project_id][fact.region_id][fact.helix].append((fact.joined_on, fact.left_on))
    return spans


def _helices_during(by_helix: dict[str, Intervals], start: date, end: date | None) -> set[str]:
    """The helices whose agents took part at some time in ``[start, end)``."""
    return {
        helix
        for helix, intervals in by_helix.items()
        if any((end is None or joined < end) and (left is None or left > start) for joined, left in intervals)
    }


def _links(a: int, helices_a: set[str], b: int, helices_b: set[str]) -> int:
    """The mask of the pair ``(min, max)`` whatever order the two sides come in."""
    return links_mask(helices_a, helices_b) if a < b else links_mask(helices_b, helices_a)


def _expert_rows(
    experts: Iterable[ExpertFact],
    taking_part: dict[int, dict[int, Intervals]],
    projects: dict[int, ProjectFact],
    helix_spans: HelixSpans | None = None,
) -> list[Evidence]:
    """Level 2: an expert of one region accepted an invitation to a project in which the other region takes part."""
    rows = []
    helix_spans = helix_spans or {}
    for fact in experts:
        project = projects.get(fact.project_id)
        types = tuple(project.types) if project else ()
        for region_id, intervals in taking_part.get(fact.project_id, {}).items():
            if region_id == fact.expert_region_id:
                continue
            a, b = sorted((region_id, fact.expert_region_id))
            by_helix = helix_spans.get(fact.project_id, {}).get(region_id, {})
            for start, end in _intersect(_merge_intervals(intervals), [(fact.accepted_on, None)]):
                links = _links(region_id, _helices_during(by_helix, start, end), fact.expert_region_id, {EXPERT_HELIX})
                rows.append(Evidence(a, b, EXPERT, start, end, EXPERT_INVOLVEMENT, fact.id, types, links))
    return rows


def _consultation_rows(consultations: Iterable[ConsultationFact]) -> list[Evidence]:
    """Level 2: an agent of one region advised an agent of another and the advised side confirmed the result;
    it counts from the day the consultation ended, in the cell of the two agents' helices."""
    rows = []
    for fact in consultations:
        advising, advised = fact.advising_region_id, fact.advised_region_id
        if fact.status != CONSULTATION_STATUS_THAT_COUNTS or fact.ended_on is None or advising == advised:
            continue
        links = _links(advising, {fact.advising_helix}, advised, {fact.advised_helix})
        a, b = sorted((advising, advised))
        rows.append(Evidence(a, b, EXPERT, fact.ended_on, None, CONSULTATION, fact.id, CONSULTATION_TYPES, links))
    return rows


def _project_rows(
    taking_part: dict[int, dict[int, Intervals]],
    projects: dict[int, ProjectFact],
    helix_spans: HelixSpans | None = None,
) -> list[Evidence]:
    """Level 3: both regions take part in a joint project that has started (active, completed or archived),
    from the day it started or the later day a partner joined, until a partner left."""
    rows = []
    helix_spans = helix_spans or {}
    for project_id, by_region in taking_part.items():
        project = projects.get(project_id)
        if project is None or project.state not in PROJECT_STATES_THAT_COUNT or project.started_on is None:
            continue
        started = [(project.started_on, None)]
        spans = {region: _intersect(_merge_intervals(intervals), started) for region, intervals in by_region.items()}
        helices = helix_spans.get(project_id, {})
        for a, b in _pairs(spans):
            for start, end in _intersect(spans[a], spans[b]):
                links = links_mask(
                    _helices_during(helices.get(a, {}), start, end), _helices_during(helices.get(b, {}), start, end)
                )
                rows.append(Evidence(a, b, PROJECT, start, end, JOINT_PROJECT, project_id, tuple(project.types), links))
    return rows


def _structure_rows(structures: Iterable[StructureFact]) -> list[Evidence]:
    """Level 4: a confirmed integrated structure with both regions as members, until dissolved."""
    return [
        Evidence(
            a,
            b,
            INTEGRATED,
            fact.founded_on,
            fact.dissolved_on,
            STRUCTURE,
            fact.id,
            tuple(fact.types),
            links_mask(_helices_of(fact.members, a), _helices_of(fact.members, b)),
        )
        for fact in structures
        if fact.status in STRUCTURE_STATUSES_THAT_COUNT
        and (fact.dissolved_on is None or fact.dissolved_on > fact.founded_on)
        for a, b in _pairs(fact.region_ids)
    ]


def evidence_rows(
    *,
    interactions: Iterable[InteractionFact] = (),
    projects: Iterable[ProjectFact] = (),
    participations: Iterable[ParticipationFact] = (),
    experts: Iterable[ExpertFact] = (),
    structures: Iterable[StructureFact] = (),
    consultations: Iterable[ConsultationFact] = (),
) -> list[Evidence]:
    """The evidence of each level for each pair of regions, from the facts (the rules of the four levels)."""
    projects_by_id = {project.id: project for project in projects}
    participations = list(participations)
    taking_part = _taking_part(participations)
    helix_spans = _helix_spans(participations)
    return [
        *_information_rows(interactions),
        *_expert_rows(experts, taking_part, projects_by_id, helix_spans),
        *_consultation_rows(consultations),
        *_project_rows(taking_part, projects_by_id, helix_spans),
        *_structure_rows(structures),
    ]


# --- What one project gives each pair of its regions (the project page, the search documents). ----------

#: The participation that counts for level 3 (``ParticipationFact`` is an accepted participation).
ACTIVE_PARTICIPATION_STATUS = "accepted"
#: Participations that are not active yet: they give level 3 once accepted.
PENDING_PARTICIPATION_STATUSES = ("invited", "applied")


@dataclass(frozen=True)
class ProjectPair:
    """Two regions of one project's active participants (``region_a < region_b``); ``counts`` once it started."""

    region_a: int
    region_b: int
    counts: bool


@dataclass(frozen=True)
class PendingRegion:
    """A region whose agents are only invited or applied: it gives level 3 with ``partners`` once active."""

    region: int
    status: str
    partners: tuple[int, ...]


@dataclass(frozen=True)
class ProjectLevels:
    """What a project gives: the pairs of its active regions, the regions still pending, the project's level."""

    pairs: tuple[ProjectPair, ...]
    pending: tuple[PendingRegion, ...]
    started: bool
    level: int | None
    active: tuple[int, ...] = ()


def project_levels(*, state: str, participations: Iterable[tuple[int, str]]) -> ProjectLevels:
    """The level-3 rule (:func:`_project_rows`) applied to one project as it stands now.

    ``participations`` are ``(region id, status)`` of its agents (lead included). A pair of regions gets
    level 3 from the project when both have an active (accepted) participant and the project has started
    (:data:`PROJECT_STATES_THAT_COUNT`); a region with only invited or applied agents gives it once one of
    them is accepted. ``level`` is 3 when some pair counts, else ``None``: the project's own level, derived.
    """
    participations = list(participations)
    active = sorted({region for region, status in participations if status == ACTIVE_PARTICIPATION_STATUS})
    started = state in PROJECT_STATES_THAT_COUNT
    pairs = tuple(ProjectPair(a, b, started) for a, b in _pairs(active))
    pending_status: dict[int, str] = {}
    for region, status in participations:
        if status in PENDING_PARTICIPATION_STATUSES and region not in active:
            # an invitation is closer to acceptance than an application: it wins when both exist
            if pending_status.get(region) != "invited":
                pending_status[region] = status
    pending = tuple(
        PendingRegion(region, status, tuple(other for other in active if other != region))
        for region, status in sorted(pending_status.items())
    )
    return ProjectLevels(
        pairs=pairs,
        pending=pending,
        started=started,
        level=PROJECT if started and pairs else None,
        active=tuple(active),
    )


# --- History: the periods during which each pair and each region held each level. ---------------------


@dataclass(frozen=True)
class EvidenceRef:
    """A pointer to a piece of evidence behind a period (``partner``: the other region, for a region's period)."""

    kind: str
    ref: int
    date: date
    level: int
    partner: int | None = None

    def as_json(self) -> dict:
        data = {"kind": self.kind, "id": self.ref, "date": self.date.isoformat(), "level": self.level}
        if self.partner is not None:
            data["partner"] = self.partner
        return data


@dataclass(frozen=True)
class PairPeriod:
    """Two regions held ``level`` (or higher) from ``reached_on`` until ``lost_on`` (``None``: still hold it)."""

    region_a: int
    region_b: int
    level: int
    reached_on: date
    lost_on: date | None
    evidence: tuple[EvidenceRef, ...]


@dataclass(frozen=True)
class RegionPeriod:
    """A region held ``level`` (or higher) with some partner from ``reached_on`` until ``lost_on``."""

    region_id: int
    level: int
    reached_on: date
    lost_on: date | None
    evidence: tuple[EvidenceRef, ...]


@dataclass(frozen=True)
class History:
    """Every period of every pair and every region, ordered."""

    pairs: tuple[PairPeriod, ...]
    regions: tuple[RegionPeriod, ...]


T = TypeVar("T")


def _periods(items: Sequence[tuple[date, date | None, Iterable[T]]]) -> list[tuple[date, date | None, list[T]]]:
    """Merge intervals sorted by start; each period keeps the evidence of the intervals that started it."""
    periods: list[tuple[date, date | None, list[T]]] = []
    for start, end, refs in items:
        if periods:
            period_start, period_end, starters = periods[-1]
            if period_end is None or start <= period_end:
                new_end = None if period_end is None or end is None else max(period_end, end)
                if start == period_start:
                    starters.extend(refs)
                periods[-1] = (period_start, new_end, starters)
                continue
        periods.append((start, end, list(refs)))
    return periods


def _evidence_key(ref: EvidenceRef) -> tuple:
    return (-ref.level, KIND_ORDER.get(ref.kind, 9), ref.ref, ref.partner or 0)


def _chosen(refs: Iterable[EvidenceRef]) -> tuple[EvidenceRef, ...]:
    return tuple(sorted(set(refs), key=_evidence_key)[:MAX_EVIDENCE_PER_PERIOD])


def level_history(rows: Iterable[Evidence], *, as_of: date) -> History:
    """The periods of each level for every pair and every region, as known on ``as_of``.

    Evidence dated after ``as_of`` is ignored; evidence that stops counting after
    ``as_of`` still counts (its period has no ``lost_on`` yet). One pass over the
    evidence sorted by date per pair and level: fast enough for tens of thousands
    of rows.
    """
    by_pair: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for row in rows:
        if row.date_from > as_of or row.region_a == row.region_b:
            continue
        if row.date_to is not None and row.date_to <= row.date_from:
            continue
        if row.date_to is not None and row.date_to > as_of:
            row = replace(row, date_to=None)
        a, b = sorted((row.region_a, row.region_b))
        by_pair[(a, b)].append(row)

    pair_periods: list[PairPeriod] = []
    # (region, level) -> [(start, end, refs with the partner)]
    region_items: dict[tuple[int, int], list[tuple[date, date | None, list[EvidenceRef]]]] = defaultdict(list)
    for (a, b), evidence in sorted(by_pair.items()):
        evidence.sort(key=lambda row: row.date_from)
        for level in LEVELS:
            spans = [(row.date_from, row.date_to, (row,)) for row in evidence if row.level >= level]
            if not spans:
                break  # no evidence of this level means none of the higher ones either
            for start, end, starters in _periods(spans):
                # references only for the evidence that starts a period (a few of the tens of thousands)
                chosen = _chosen(EvidenceRef(row.kind, row.ref, row.date_from, row.level) for row in starters)
                pair_periods.append(PairPeriod(a, b, level, start, end, chosen))
                for region, partner in ((a, b), (b, a)):
                    region_items[(region, level)].append(
                        (start, end, [EvidenceRef(r.kind, r.ref, r.date, r.level, partner) for r in chosen])
                    )

    region_periods: list[RegionPeriod] = []
    for (region, level), items in sorted(region_items.items()):
        items.sort(key=lambda item: item[0])
        for start, end, refs in _periods(items):
            region_periods.append(RegionPeriod(region, level, start, end, _chosen(refs)))
    return History(pairs=tuple(pair_periods), regions=tuple(region_periods))


def history(
    *,
    as_of: date,
    interactions: Iterable[InteractionFact] = (),
    projects: Iterable[ProjectFact] = (),
    participations: Iterable[ParticipationFact] = (),
    experts: Iterable[ExpertFact] = (),
    structures: Iterable[StructureFact] = (),
    consultations: Iterable[ConsultationFact] = (),
) -> tuple[list[Evidence], History]:
    """Facts → evidence → history in one call (what the recomputation does)."""
    rows = evidence_rows(
        interactions=interactions,
        projects=projects,
        participations=participations,
        experts=experts,
        structures=structures,
        consultations=consultations,
    )
    return rows, level_history(rows, as_of=as_of)


# --- Reading a history. ---------------------------------------------------------------------------------


def level_on(periods: Iterable[tuple[int, date, date | None]], day: date) -> int:
    """The level held on ``day`` given ``(level, reached_on, lost_on)`` periods (0: none)."""
    return max(
        (level for level, start, end in periods if start <= day and (end is None or day < end)),
        default=0,
    )


def level_steps(periods: Iterable[tuple[int, date, date | None]]) -> list[tuple[date, int]]:
    """The dates on which the level changed and the level from that date on, oldest first."""
    periods = list(periods)
    days = sorted({start for _, start, _ in periods} | {end for _, _, end in periods if end is not None})
    steps: list[tuple[date, int]] = []
    current = 0
    for day in days:
        level = level_on(periods, day)
        if level != current:
            steps.append((day, level))
            current = level
    return steps


def first_reached(periods: Iterable[tuple[int, date, date | None]]) -> dict[int, date]:
    """The date each level was first reached."""
    firsts: dict[int, date] = {}
    for level, start, _ in periods:
        if level not in firsts or start < firsts[level]:
            firsts[level] = start
    return firsts


# --- What would take a region or a pair to the next level. ---------------------------------------------


@dataclass(frozen=True)
class Hint:
    """A next step: the level it leads to (``None`` at the top), its text and the partners to start with."""

    level: int | None
    text: str
    partners: tuple[int, ...] = ()


def region_hints(level: int, pair_levels: dict[int, int], *, kinds_present: Iterable[int] = ()) -> list[Hint]:
    """Next steps for a region at ``level`` with partners at ``pair_levels`` (``{partner id: level}``).

    The first hint leads to the next level and names the partners at the region's
    level (the closest to moving up). Then, for a region that skipped a level
    (a joint project without any expert involvement, say), a hint for each kind of
    evidence it has never had (``kinds_present``: levels with current evidence).
    """
    present = set(kinds_present)
    ranked = sorted(pair_levels.items(), key=lambda item: (-item[1], item[0]))
    hints: list[Hint] = []
    if level >= HIGHEST:
        lower = tuple(partner for partner, pair_level in ranked if pair_level < HIGHEST)[:5]
        hints.append(Hint(None, REGION_TOP_HINT, lower))
    else:
        closest = tuple(partner for partner, pair_level in ranked if pair_level == level and level > 0)[:5]
        hints.append(Hint(level + 1, REGION_HINTS[level + 1], closest))
    for skipped in LEVELS:
        if skipped < level and skipped not in present:
            hints.append(Hint(skipped, REGION_HINTS[skipped]))
    return hints


def pair_hint(level: int) -> Hint:
    """The next step for a pair at ``level``."""
    if level >= HIGHEST:
        return Hint(None, PAIR_TOP_HINT)
    return Hint(level + 1, PAIR_HINTS[level + 1])


# --- The four links in depth: the 4 × 4 helix grid of a pair. -----------------------------------------

#: What raises one link of a pair from its level to the next (issue #14: 1 → invite an expert of the other
#: side, 2 → a joint project, 3 → a joint structure).
LINK_HINTS = {
    INFORMATION: gettext_noop("Record an information exchange between their organisations."),
    EXPERT: gettext_noop(
        "Invite an expert of the other side to a project, or ask one of its organisations for a consultation."
    ),
    PROJECT: gettext_noop("Start a joint project."),
    INTEGRATED: gettext_noop("Propose a joint structure: an alliance, a cluster, a strategy or a coordinating body."),
}


@dataclass(frozen=True)
class LinkRow:
    """A stored piece of evidence of a pair as the grid reads it."""

    kind: str
    ref: int
    level: int
    date_from: date
    date_to: date | None
    links: int


@dataclass(frozen=True)
class LinkCell:
    """One cell of the grid: helix ``helix_a`` of the first region × ``helix_b`` of the second, its level on the
    day (0: none) and the evidence valid that day (highest level first, at most :data:`MAX_EVIDENCE_PER_PERIOD`)."""

    helix_a: str
    helix_b: str
    level: int
    evidence: tuple[LinkRow, ...]
    evidence_count: int


def _valid_on(row: LinkRow, day: date) -> bool:
    return row.date_from <= day and (row.date_to is None or row.date_to > day)


def link_grid(rows: Iterable[LinkRow], *, as_of: date, flipped: bool = False) -> list[list[LinkCell]]:
    """The 4 × 4 grid of a pair on ``as_of``: rows are the helices of the first region, columns of the second.

    A cell's level is the highest level of the evidence valid on the day that lies in the cell (the same
    convention as the pair's level), so the pair's level is the highest cell whenever each piece of evidence
    lies in at least one cell — which :func:`links_mask` guarantees. ``flipped``: the stored masks are of the
    pair in the other order (``region_a`` is the second region shown).
    """
    size = len(HELICES)
    cells: list[list[list[LinkRow]]] = [[[] for _ in range(size)] for _ in range(size)]
    for row in rows:
        if not _valid_on(row, as_of):
            continue
        mask = transpose_links(row.links) if flipped else row.links
        for index in range(size * size):
            if mask & (1 << index):
                cells[index // size][index % size].append(row)
    grid = []
    for i, helix_a in enumerate(HELICES):
        line = []
        for j, helix_b in enumerate(HELICES):
            found = sorted(
                {(row.kind, row.ref): row for row in cells[i][j]}.values(),
                key=lambda row: (-row.level, KIND_ORDER.get(row.kind, 9), row.date_from, row.ref),
            )
            level = found[0].level if found else 0
            line.append(LinkCell(helix_a, helix_b, level, tuple(found[:MAX_EVIDENCE_PER_PERIOD]), len(found)))
        grid.append(line)
    return grid


def pair_level_of(rows: Iterable[LinkRow], *, as_of: date) -> int:
    """The pair's level on ``as_of`` from its evidence (0: none): the highest level valid that day."""
    return max((row.level for row in rows if _valid_on(row, as_of)), default=0)


def grid_level(grid: Sequence[Sequence[LinkCell]]) -> int:
    """The highest cell of a grid."""
    return max((cell.level for line in grid for cell in line), default=0)


@dataclass(frozen=True)
class LinkStep:
    """One of the four links of a pair (the same helix on both sides): its level and the step that raises it."""

    helix: str
    level: int
    next_level: int | None
    text: str
    thin: bool


def link_steps(grid: Sequence[Sequence[LinkCell]]) -> list[LinkStep]:
    """The four links of a pair — government with government, business with business, science and education
    with science and education, civil society with civil society — thinnest first (then in the helix order).

    A link is *thin* when it is below the pair's level (the highest cell): the pair cooperates, but these
    two sides less. The next step raises the link by one level (:data:`LINK_HINTS`).
    """
    top = grid_level(grid)
    steps = []
    for index, helix in enumerate(HELICES):
        level = grid[index][index].level
        next_level = None if level >= HIGHEST else level + 1
        text = LINK_HINTS[next_level] if next_level else PAIR_TOP_HINT
        steps.append(LinkStep(helix, level, next_level, text, level < top))
    return sorted(steps, key=lambda step: (step.level, HELICES.index(step.helix)))


# --- Regularity of links (seed 004): evidence per year and the years in which links recur. -------------


@dataclass(frozen=True)
class Regularity:
    """How regularly two regions cooperate: pieces of evidence begun each year from the first to the last
    (years without any included, as 0), and in how many years links were made at all."""

    per_year: tuple[tuple[int, int], ...]
    years: int

    @property
    def first_year(self) -> int | None:
        return self.per_year[0][0] if self.per_year else None

    @property
    def span(self) -> int:
        """Years from the first to the last year with links, both included."""
        return len(self.per_year)


def regularity(rows: Iterable[tuple[str, int, date]], *, as_of: date) -> Regularity:
    """The regularity of a pair from ``(kind, ref, date_from)`` of its evidence, as known on ``as_of``.

    A piece of evidence counts once, in the year it began (a project with two periods, in the year of the
    first); evidence dated after ``as_of`` is ignored.
    """
    began: dict[tuple[str, int], date] = {}
    for kind, ref, day in rows:
        if day > as_of:
            continue
        if (kind, ref) not in began or day < began[(kind, ref)]:
            began[(kind, ref)] = day
    counts: dict[int, int] = defaultdict(int)
    for day in began.values():
        counts[day.year] += 1
    if not counts:
        return Regularity((), 0)
    per_year = tuple((year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1))
    return Regularity(per_year, len(counts))


#: How much thicker a line of the network picture is drawn as a pair's links recur: 0.6 of its level's width
#: for links made in one year, a quarter more for each further year, at most 1.6 (five years or more).
MIN_LINE_FACTOR, LINE_FACTOR_PER_YEAR, MAX_LINE_FACTOR = 0.6, 0.25, 1.6


def line_factor(years: int) -> float:
    """The factor of a pair's line width from the number of years in which its links recur."""
    return min(MAX_LINE_FACTOR, MIN_LINE_FACTOR + LINE_FACTOR_PER_YEAR * max(0, years - 1))
