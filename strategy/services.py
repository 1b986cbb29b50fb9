"""Writes of the strategy app: declared priority sets (entered, imported, adopted) and discovery sessions.

Each service is one transaction, checks the state first (``InvalidStateError``, the API's 409) and then
the permission (``PermissionDenied``), validates with ``full_clean()``, writes an audit-log row and
schedules the notifications for after the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from analytics import selectors as analytics_selectors
from analytics.importers.problems import ImportProblem, ProblemCode, sort_problems
from analytics.importers.reading import ROW, read_table
from analytics.models import ClassifierItem, Dataset
from audit.services import audit_log
from cooperation.choices import Helix
from cooperation.models import Agent
from cooperation.notifications import notify_on_commit
from core.exceptions import InvalidStateError
from regions.models import Region

from . import computations, selectors
from .choices import PriorityOrigin, SessionState
from .models import DiscoverySession, Priority, PrioritySet, SessionItem, SessionRating

EVENT_OPENED = "strategy/email/session_opened"
EVENT_ADOPTED = "strategy/email/session_adopted"

#: Scenario-model levels and the classifier of their directions.
LEVEL_CLASSIFIER = {"global": "feacn_groups", "national": "nace2", "macroregional": "nace2"}
#: Columns of an import file of priorities (``classifier`` and ``code`` required).
IMPORT_COLUMNS = ("classifier", "code", "rank", "note")
REQUIRED_COLUMNS = ("classifier", "code")
#: What a file may write in the ``classifier`` column, as the classifier's code.
CLASSIFIER_ALIASES = {
    "nace2": "nace2",
    "okved2": "nace2",
    "оквэд2": "nace2",
    "оквэд": "nace2",
    "nace": "nace2",
    "feacn_groups": "feacn_groups",
    "feacn": "feacn_groups",
    "тн вэд": "feacn_groups",
    "тнвэд": "feacn_groups",
    "grnti": "grnti",
    "грнти": "grnti",
}
NOTE_LENGTH: int = Priority._meta.get_field("note").max_length or 300


def _require(actor: User | None, permission: str, obj: object) -> None:
    if actor is None or not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You may not do this."))


# --- Priority sets ------------------------------------------------------------------------------


@transaction.atomic
def priority_set_create(
    *,
    actor: User | None,
    region: Region,
    title: str,
    year: int,
    items: Sequence[ClassifierItem],
    url: str = "",
    notes: Sequence[str] | None = None,
    is_illustrative: bool = False,
    origin: str = PriorityOrigin.MANUAL,
    session: DiscoverySession | None = None,
    check_permission: bool = True,
) -> PrioritySet:
    """Declare ``items`` (in rank order) as ``region``'s priorities from one source document."""
    if check_permission:
        _require(actor, "strategy.add_priorityset", region)
    _validated_items(items)
    priority_set = PrioritySet(
        region=region,
        title=title.strip(),
        url=url.strip(),
        year=year,
        is_illustrative=is_illustrative,
        origin=origin,
        session=session,
        created_by=actor,
    )
    priority_set.full_clean()
    priority_set.save()
    notes = list(notes or [])
    priorities = []
    for rank, item in enumerate(items, start=1):
        priority = Priority(
            priority_set=priority_set, item=item, rank=rank, note=(notes[rank - 1] if rank <= len(notes) else "")
        )
        priority.full_clean(exclude=["priority_set"])
        priorities.append(priority)
    Priority.objects.bulk_create(priorities)
    audit_log(
        actor=actor,
        action="strategy.priorities_declared",
        target=priority_set,
        region=region.iso_code,
        count=len(priorities),
        origin=origin,
    )
    return priority_set


def _validated_items(items: Sequence[ClassifierItem]) -> None:
    allowed = set(selectors.priority_items().values_list("pk", flat=True))
    if not items:
        raise ValidationError({"items": _("Name at least one priority.")})
    if any(item.pk not in allowed for item in items):
        raise ValidationError({"items": _("Priorities are NACE sections, FEACN groups or GRNTI rubrics.")})
    if len({item.pk for item in items}) != len(items):
        raise ValidationError({"items": _("A priority is named twice.")})


def _locked_manual_set(priority_set: PrioritySet, *, refusal: str) -> PrioritySet:
    """The set, locked; a set adopted from a discovery session is refused (409): it is the session's record."""
    priority_set = PrioritySet.objects.select_for_update().select_related("region").get(pk=priority_set.pk)
    if priority_set.origin != PriorityOrigin.MANUAL:
        raise InvalidStateError(refusal, state=priority_set.origin)
    return priority_set


def _codes(priority_set: PrioritySet) -> list[str]:
    return [
        f"{classifier}:{code}"
        for classifier, code in priority_set.priorities.order_by("rank", "id").values_list(
            "item__classifier__code", "item__code"
        )
    ]


@transaction.atomic
def priority_set_update(
    *,
    actor: User,
    priority_set: PrioritySet,
    title: str,
    year: int,
    items: Sequence[ClassifierItem],
    url: str = "",
    is_illustrative: bool = False,
) -> PrioritySet:
    """Correct a set entered or imported by hand: its source document and its priorities (``items`` in rank
    order). A priority kept keeps its note; the audit row records the document and the priorities before and
    after. The classification is not stored: the pages and the API classify the edited set when they read it."""
    priority_set = _locked_manual_set(
        priority_set, refusal=_("A set adopted from a discovery session cannot be edited.")
    )
    _require(actor, "strategy.change_priorityset", priority_set)
    _validated_items(items)
    before = {
        "title": priority_set.title,
        "url": priority_set.url,
        "year": priority_set.year,
        "is_illustrative": priority_set.is_illustrative,
        "priorities": _codes(priority_set),
    }
    priority_set.title, priority_set.url = title.strip(), url.strip()
    priority_set.year, priority_set.is_illustrative = year, is_illustrative
    priority_set.full_clean()
    priority_set.save(update_fields=["title", "url", "year", "is_illustrative"])
    kept = {priority.item_id: priority for priority in priority_set.priorities.all()}
    wanted = {item.pk for item in items}
    priority_set.priorities.exclude(item_id__in=wanted).delete()
    changed, added = [], []
    for rank, item in enumerate(items, start=1):
        priority = kept.get(item.pk)
        if priority is None:
            added.append(Priority(priority_set=priority_set, item=item, rank=rank))
        elif priority.rank != rank:
            priority.rank = rank
            changed.append(priority)
    Priority.objects.bulk_update(changed, ["rank"])
    Priority.objects.bulk_create(added)
    after = {
        "title": priority_set.title,
        "url": priority_set.url,
        "year": priority_set.year,
        "is_illustrative": priority_set.is_illustrative,
        "priorities": _codes(priority_set),
    }
    audit_log(
        actor=actor,
        action="strategy.priorities_edited",
        target=priority_set,
        region=priority_set.region.iso_code,
        before={key: value for key, value in before.items() if after[key] != value},
        after={key: value for key, value in after.items() if before[key] != value},
    )
    return priority_set


@transaction.atomic
def priority_delete(*, actor: User, priority: Priority) -> PrioritySet:
    """Remove one priority from a set entered by hand; the priorities after it move up a rank. The last
    priority of a set is refused: remove the set instead."""
    priority_set = _locked_manual_set(
        priority.priority_set, refusal=_("A set adopted from a discovery session cannot be edited.")
    )
    _require(actor, "strategy.delete_priority", priority_set)
    priority = Priority.objects.select_related("item__classifier").get(pk=priority.pk, priority_set=priority_set)
    if priority_set.priorities.count() == 1:
        raise ValidationError(_("A set keeps at least one priority: remove the whole set instead."))
    code = f"{priority.item.classifier.code}:{priority.item.code}"
    priority.delete()
    remaining = list(priority_set.priorities.order_by("rank", "id"))
    for rank, other in enumerate(remaining, start=1):
        other.rank = rank
    Priority.objects.bulk_update(remaining, ["rank"])
    audit_log(
        actor=actor,
        action="strategy.priority_removed",
        target=priority_set,
        region=priority_set.region.iso_code,
        priority=code,
        rank=priority.rank,
    )
    return priority_set


@transaction.atomic
def priority_set_delete(*, actor: User, priority_set: PrioritySet) -> None:
    """Remove a set entered or imported by mistake (a set adopted from a session stays)."""
    priority_set = PrioritySet.objects.select_for_update().get(pk=priority_set.pk)
    if priority_set.origin != PriorityOrigin.MANUAL:
        raise InvalidStateError(
            _("A set adopted from a discovery session cannot be removed."), state=priority_set.origin
        )
    _require(actor, "strategy.delete_priorityset", priority_set)
    audit_log(
        actor=actor, action="strategy.priorities_removed", target=priority_set, region=priority_set.region.iso_code
    )
    priority_set.delete()


@dataclass
class PriorityImport:
    """A checked import file: the rows it would write (classifier items, notes) or its problems."""

    file_name: str
    items: list[ClassifierItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    row_count: int = 0

    @property
    def is_valid(self) -> bool:
        return not self.problems and bool(self.items)


def _problem(code: ProblemCode, message: str, *, row: int | None = None, column: str = "", value: str = ""):
    return ImportProblem(code=code, message=message, row=row, column=column, value=value[:100])


def priority_import_check(*, content: bytes, file_name: str) -> PriorityImport:
    """Read and validate an import file of priorities (CSV or XLSX); writes nothing.

    Columns: ``classifier`` (``nace2``/``okved2``, ``feacn_groups``/``feacn``, ``grnti``), ``code``,
    optional ``rank`` (whole number from 1; default: the row's order) and ``note``. Every problem names
    its row and column, as the data bank's import does.
    """
    table = read_table(content, file_name)
    result = PriorityImport(file_name=file_name)
    if table.problems:
        result.problems = list(table.problems)
        return result
    columns = [column.strip().lower() for column in table.columns]
    rows = table.rows.rename(columns=dict(zip(table.columns, columns, strict=True)))
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        result.problems = [
            _problem(ProblemCode.MISSING_COLUMN, _("The column is missing."), column=column) for column in missing
        ]
        return result
    known = {(item.classifier.code, item.code): item for item in selectors.priority_items()}
    ranked: list[tuple[int, int, ClassifierItem, str]] = []
    seen: dict[int, int] = {}
    problems: list[ImportProblem] = []
    for position, record in enumerate(rows.to_dict("records")):
        row = int(record[ROW])
        classifier_text = str(record.get("classifier", "")).strip()
        code = str(record.get("code", "")).strip()
        classifier = CLASSIFIER_ALIASES.get(classifier_text.lower())
        if not classifier_text:
            problems.append(_problem(ProblemCode.EMPTY_VALUE, _("A value is required."), row=row, column="classifier"))
        elif classifier is None:
            problems.append(
                _problem(
                    ProblemCode.UNKNOWN_CODE,
                    _("Unknown classifier; write nace2, feacn_groups or grnti."),
                    row=row,
                    column="classifier",
                    value=classifier_text,
                )
            )
        if not code:
            problems.append(_problem(ProblemCode.EMPTY_VALUE, _("A value is required."), row=row, column="code"))
        item = known.get((classifier, code)) if classifier and code else None
        if classifier and code and item is None:
            problems.append(
                _problem(
                    ProblemCode.UNKNOWN_CODE,
                    _("No such item in this classifier."),
                    row=row,
                    column="code",
                    value=code,
                )
            )
        rank_text = str(record.get("rank", "") or "").strip()
        rank = position + 1
        if rank_text:
            if rank_text.isdigit() and int(rank_text) >= 1:
                rank = int(rank_text)
            else:
                problems.append(
                    _problem(
                        ProblemCode.NON_NUMERIC,
                        _("The rank is a whole number from 1."),
                        row=row,
                        column="rank",
                        value=rank_text,
                    )
                )
        note = str(record.get("note", "") or "").strip()
        if len(note) > NOTE_LENGTH:
            problems.append(
                _problem(
                    ProblemCode.TOO_LONG,
                    _("At most %(limit)d characters.") % {"limit": NOTE_LENGTH},
                    row=row,
                    column="note",
                )
            )
        if item is not None:
            if item.pk in seen:
                problems.append(
                    _problem(
                        ProblemCode.DUPLICATE_KEY,
                        _("The same priority as row %(row)d.") % {"row": seen[item.pk]},
                        row=row,
                        column="code",
                        value=code,
                    )
                )
            else:
                seen[item.pk] = row
                ranked.append((rank, position, item, note))
    result.row_count = len(rows)
    result.problems = sort_problems(problems, list(IMPORT_COLUMNS))
    if not result.problems:
        ranked.sort(key=lambda entry: (entry[0], entry[1]))
        result.items = [entry[2] for entry in ranked]
        result.notes = [entry[3] for entry in ranked]
    return result


@transaction.atomic
def priority_import_apply(
    *,
    actor: User,
    region: Region,
    title: str,
    year: int,
    content: bytes,
    file_name: str,
    url: str = "",
    is_illustrative: bool = False,
) -> PrioritySet:
    """Import a file of priorities as one set, all or nothing: a file with any problem writes nothing."""
    _require(actor, "strategy.add_priorityset", region)
    checked = priority_import_check(content=content, file_name=file_name)
    if not checked.is_valid:
        raise ValidationError([str(problem) for problem in checked.problems] or [_("The file has no rows.")])
    return priority_set_create(
        actor=actor,
        region=region,
        title=title,
        year=year,
        url=url,
        items=checked.items,
        notes=checked.notes,
        is_illustrative=is_illustrative,
    )


# --- Discovery sessions -------------------------------------------------------------------------


def _session_directions(payload: dict) -> list[dict]:
    """The scenario model's directions (levels in the model's order) with their S&T bundles."""
    directions = []
    for level in ("global", "national", "macroregional"):
        for direction in payload.get("levels", {}).get(level, []):
            bundle = [
                {
                    "code": entry.get("code"),
                    "name": entry.get("name"),
                    "value": entry.get("value"),
                    "cross_cutting": False,
                }
                for entry in direction.get("st_competences", [])
            ] + [
                {
                    "code": entry.get("code"),
                    "name": entry.get("name"),
                    "value": entry.get("value"),
                    "cross_cutting": True,
                }
                for entry in direction.get("cross_cutting", [])
            ]
            directions.append(
                {"level": level, "code": direction["code"], "value": direction.get("value"), "st": bundle}
            )
    return directions


@transaction.atomic
def session_open(
    *,
    actor: User,
    region: Region,
    dataset: Dataset,
    year: int | None = None,
    title: str = "",
    now: datetime | None = None,
) -> DiscoverySession:
    """Open a discovery session on ``region``'s scenario model of ``dataset`` (latest year when None).

    Each direction of the model becomes an item, with its S&T bundle, copied now: a later recomputation
    does not change what participants rate. The region's representatives are told after the commit.
    """
    _require(actor, "strategy.add_discoverysession", region)
    payload = analytics_selectors.scenario_for(region.iso_code, dataset.code, year)
    if not payload:
        raise ValidationError(
            {"year": _("The current competence maps hold no scenario model for this region, data set and year.")}
        )
    directions = _session_directions(payload)
    if not directions:
        raise ValidationError({"year": _("The scenario model has no direction to rate.")})
    items = {
        (item.classifier.code, item.code): item
        for item in ClassifierItem.objects.filter(classifier__code__in=set(LEVEL_CLASSIFIER.values())).select_related(
            "classifier"
        )
    }
    now = now or timezone.now()
    session = DiscoverySession(
        region=region,
        dataset=dataset,
        year=int(payload.get("year") or year or now.year),
        title=title.strip()
        or _("Discovery session: %(region)s, %(year)s") % {"region": region.name, "year": payload.get("year") or ""},
        opened_by=actor,
        opened_at=now,
    )
    session.full_clean()
    session.save()
    rows = []
    for order, direction in enumerate(directions):
        item = items.get((LEVEL_CLASSIFIER[direction["level"]], direction["code"]))
        if item is None:
            continue
        rows.append(
            SessionItem(
                session=session,
                level=direction["level"],
                item=item,
                name_en=item.name_en,
                name_ru=item.name_ru,
                value=direction["value"],
                st_bundle=direction["st"],
                sort_order=order,
            )
        )
    SessionItem.objects.bulk_create(rows)
    audit_log(actor=actor, action="strategy.session_opened", target=session, region=region.iso_code, items=len(rows))
    notify_on_commit(
        users=selectors.region_representatives(region),
        template=EVENT_OPENED,
        context={"session": session, "region": region, "url": session.get_absolute_url()},
        exclude=actor,
    )
    return session


@transaction.atomic
def session_rate(
    *,
    actor: User,
    session_item: SessionItem,
    agent: Agent,
    score: int,
    comment: str = "",
    now: datetime | None = None,
) -> SessionRating:
    """Rate (1–5) and comment one direction for ``agent``; rating again replaces the agent's rating."""
    session = DiscoverySession.objects.select_for_update().get(pk=session_item.session_id)
    if session.state != SessionState.OPEN:
        raise InvalidStateError(_("The session is closed."), state=session.state)
    _require(actor, "strategy.rate_discoverysession", session)
    if agent not in selectors.rating_agents(actor, session):
        raise PermissionDenied(_("You do not represent this organisation in the session's region."))
    rating = SessionRating.objects.filter(session_item=session_item, agent=agent).first() or SessionRating(
        session_item=session_item, agent=agent
    )
    rating.helix = agent.helix
    rating.rated_by = actor
    rating.score = score
    rating.comment = comment.strip()
    rating.rated_at = now or timezone.now()
    rating.full_clean(validate_constraints=False)
    rating.save()
    audit_log(
        actor=actor,
        action="strategy.direction_rated",
        target=session,
        direction=session_item.item.code,
        agent=agent.pk,
        score=score,
    )
    return rating


def missing_helices(session: DiscoverySession) -> list[str]:
    """The helices (values, in the spiral's order) of which no organisation rated yet."""
    present = selectors.session_helices(session)
    return [helix for helix in Helix.values if helix not in present]


@transaction.atomic
def session_close(*, actor: User, session: DiscoverySession, now: datetime | None = None) -> DiscoverySession:
    """Close the session; refused (``InvalidStateError``, 409) until every helix has rated."""
    session = DiscoverySession.objects.select_for_update().get(pk=session.pk)
    if session.state != SessionState.OPEN:
        raise InvalidStateError(_("The session is not open."), state=session.state)
    _require(actor, "strategy.close_discoverysession", session)
    missing = missing_helices(session)
    if missing:
        names = ", ".join(str(Helix(helix).label) for helix in missing)
        raise InvalidStateError(
            _("The session cannot be closed yet: no organisation of these helices has rated: %(helices)s.")
            % {"helices": names},
            state=session.state,
        )
    session.state = SessionState.CLOSED
    session.closed_at = now or timezone.now()
    session.save(update_fields=["state", "closed_at"])
    audit_log(actor=actor, action="strategy.session_closed", target=session, region=session.region.iso_code)
    return session


def session_outcome(session: DiscoverySession) -> pd.DataFrame:
    """The session's directions ranked by their ratings (``strategy.computations.rank_directions``)."""
    items = list(session.items.all())
    items_frame = pd.DataFrame(
        [{"key": item.pk, "item": item.item_id, "sort_order": item.sort_order, "value": item.value} for item in items],
        columns=["key", "item", "sort_order", "value"],
    )
    ratings = pd.DataFrame(
        list(SessionRating.objects.filter(session_item__session=session).values_list("session_item_id", "score")),
        columns=["key", "score"],
    )
    return computations.rank_directions(items_frame, ratings)


@transaction.atomic
def session_adopt(*, actor: User, session: DiscoverySession, now: datetime | None = None) -> PrioritySet:
    """Adopt the closed session's ranked directions (mean rating 3 or more) as the region's priorities,
    in one step: the set, its priorities, the session's state and the audit row commit together."""
    session = DiscoverySession.objects.select_for_update().select_related("region").get(pk=session.pk)
    if session.state != SessionState.CLOSED:
        raise InvalidStateError(_("Only a closed session's outcome can be adopted."), state=session.state)
    _require(actor, "strategy.adopt_discoverysession", session)
    outcome = session_outcome(session)
    adopted = outcome[outcome["adopted"]]
    if adopted.empty:
        raise InvalidStateError(
            _("No direction reached a mean rating of 3: there is nothing to adopt."), state=session.state
        )
    by_pk = {item.pk: item for item in ClassifierItem.objects.filter(pk__in=list(adopted["item"]))}
    now = now or timezone.now()
    # Language-neutral (the note is stored): mean rating and number of ratings.
    notes = [f"⌀ {mean:.1f} ({count})" for mean, count in zip(adopted["mean"], adopted["count"], strict=True)]
    priority_set = priority_set_create(
        actor=actor,
        region=session.region,
        title=session.title,
        year=now.year,
        items=[by_pk[int(pk)] for pk in adopted["item"]],
        notes=notes,
        origin=PriorityOrigin.SESSION,
        session=session,
        check_permission=False,
    )
    session.state = SessionState.ADOPTED
    session.adopted_at = now
    session.save(update_fields=["state", "adopted_at"])
    audit_log(
        actor=actor,
        action="strategy.session_adopted",
        target=session,
        region=session.region.iso_code,
        priorities=len(adopted),
    )
    notify_on_commit(
        users=selectors.session_participants(session),
        template=EVENT_ADOPTED,
        context={"session": session, "region": session.region, "url": priority_set.get_absolute_url()},
        exclude=actor,
    )
    return priority_set
