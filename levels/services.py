"""Writes for the cooperation levels: evidence (interactions, integrated structures) and the recomputation.

Each write is one transaction that locks the row it changes, checks the state
(``InvalidStateError`` → the API's 409) and then the permission
(``PermissionDenied``), validates, saves, writes an audit-log row and, when the
evidence changed, schedules one recomputation of the levels for after the commit
(:func:`recompute_on_commit`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.predicates import is_administrator, is_moderator
from accounts.selectors import user_coordinated_region_ids
from audit.services import audit_log
from cooperation.models import Agent
from cooperation.notifications import notify_on_commit
from cooperation.selectors import moderators, user_agent_roles
from core.exceptions import InvalidStateError

if TYPE_CHECKING:
    from accounts.models import User

from . import alliances, computations, selectors
from .choices import (
    SECTOR_KINDS,
    IntegrationOrigin,
    IntegrationStage,
    InteractionStatus,
    StructureKind,
    StructureStatus,
)
from .models import (
    IntegratedStructure,
    Interaction,
    LevelComputation,
    PairEvidence,
    PairLevel,
    RegionLevel,
    StrategyPriority,
    StructureDocument,
)
from .predicates import other_side_region_ids

logger = logging.getLogger(__name__)

#: The columns of a stored piece of evidence, in the order of the computed tuples.
EVIDENCE_COLUMNS = (
    "region_a",
    "region_b",
    "level",
    "kind",
    "ref_id",
    "date_from",
    "date_to",
    "types_mask",
    "links_mask",
)
#: The columns of a pair's and of a region's period, in the order of the computed tuples.
PAIR_LEVEL_COLUMNS = ("region_a", "region_b", "level", "reached_on", "lost_on", "evidence")
REGION_LEVEL_COLUMNS = ("region", "level", "reached_on", "lost_on", "evidence")
INTERACTION_FIELDS = (
    "title",
    "title_en",
    "kind",
    "occurred_on",
    "description",
    "description_en",
    "cooperation_types",
    "link",
)
WITHDRAWN, RECORDED = "withdrawn", "recorded"
PENDING_TEMPLATE = "levels/email/interaction_pending"
CONFIRMED_TEMPLATE = "levels/email/interaction_confirmed"
DISPUTED_TEMPLATE = "levels/email/interaction_disputed"
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: The classifier whose items are the sectors of alliances and clusters.
SECTOR_CLASSIFIER = "nace2"


# --- Scheduling a recomputation. -----------------------------------------------------------------------


class _PendingRecompute:
    """The on-commit callback that starts one recomputation, however many times it was registered."""

    def __init__(self) -> None:
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        from .tasks import recompute_levels_task

        recompute_levels_task.delay()


def recompute_on_commit() -> None:
    """Recompute the levels once the current transaction commits; one transaction starts one recomputation.

    Every call registers an on-commit callback, but the callbacks registered in
    one transaction share one :class:`_PendingRecompute`, which starts the task the
    first time it runs and does nothing after: a service that changes several
    pieces of evidence, or a workflow step that saves a participant and a
    transition, starts a single recomputation. (Registering every time, rather
    than skipping, keeps each savepoint's callbacks intact when another one rolls
    back.) Outside a transaction the recomputation starts at once. The callback
    is robust: a broker that is down does not fail the request; the nightly run
    catches up.
    """
    connection = transaction.get_connection()
    pending = None
    if connection.in_atomic_block:
        for entry in reversed(connection.run_on_commit):
            callback = entry[1]
            if isinstance(callback, _PendingRecompute) and not callback.done:
                pending = callback
                break
    transaction.on_commit(pending or _PendingRecompute(), robust=True)


# --- The recomputation. --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecomputeResult:
    """What a recomputation found and whether it changed the stored levels."""

    as_of: date
    changed: bool
    evidence: int
    pair_periods: int
    region_periods: int
    seconds: float

    def as_dict(self) -> dict:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data


def _lock_computation() -> LevelComputation:
    computation = LevelComputation.objects.select_for_update().filter(pk=1).first()
    if computation is None:
        computation, _created = LevelComputation.objects.get_or_create(pk=1)
        computation = LevelComputation.objects.select_for_update().get(pk=1)
    return computation


@transaction.atomic
def levels_recompute(*, as_of: date) -> RecomputeResult:
    """Recompute every pair's and every region's levels from the evidence, as known on ``as_of``.

    The stored history (evidence, pair and region periods) is brought to the computed
    one in one transaction, so readers see the old one or the new one, never half of
    each; only the rows that differ are deleted and inserted (:func:`_write_difference`).
    Idempotent: with the same evidence and ``as_of`` the history is left untouched
    (the SHA-256 fingerprint of the computed history equals the stored one; only
    the bookkeeping row records the run). The row lock on
    :class:`LevelComputation` serialises two recomputations (an evidence change
    during the nightly run): the second reads the facts after the first
    committed. The facts are read in a fixed number of queries and the rules run
    in one pass over them: at the scale data (20,000 interactions, 43,000 pieces of
    evidence) about 1.6 s of CPU when nothing changed and 1.8 s after a change
    (SQLite; ``bench/levels_recompute.py``).
    """
    started = time.perf_counter()
    computation = _lock_computation()
    facts = selectors.level_facts()
    rows, history = computations.history(
        as_of=as_of,
        interactions=facts.interactions,
        projects=facts.projects,
        participations=facts.participations,
        experts=facts.experts,
        structures=facts.structures,
        consultations=facts.consultations,
    )
    evidence = {
        (
            row.region_a,
            row.region_b,
            row.level,
            row.kind,
            row.ref,
            row.date_from,
            row.date_to,
            computations.types_mask(row.types),
            row.links,
        )
        for row in rows
    }
    pairs = {
        (
            period.region_a,
            period.region_b,
            period.level,
            period.reached_on,
            period.lost_on,
            _refs_text(period.evidence),
        )
        for period in history.pairs
    }
    regions = {
        (period.region_id, period.level, period.reached_on, period.lost_on, _refs_text(period.evidence))
        for period in history.regions
    }
    fingerprint = _fingerprint(evidence, pairs, regions)
    changed = fingerprint != computation.fingerprint
    if changed:
        _write_difference(PairEvidence, EVIDENCE_COLUMNS, evidence)
        _write_difference(PairLevel, PAIR_LEVEL_COLUMNS, pairs)
        _write_difference(RegionLevel, REGION_LEVEL_COLUMNS, regions)
    seconds = round(time.perf_counter() - started, 3)
    computation.as_of = as_of
    computation.computed_at = timezone.now()
    computation.evidence_count = len(evidence)
    computation.pair_period_count = len(pairs)
    computation.region_period_count = len(regions)
    computation.seconds = seconds
    computation.fingerprint = fingerprint
    computation.save()
    if changed:
        audit_log(
            actor=None,
            action="levels.recomputed",
            as_of=as_of.isoformat(),
            evidence=len(evidence),
            pair_periods=len(pairs),
            region_periods=len(regions),
        )
    logger.info("Cooperation levels as of %s: %s evidence, changed=%s, %.3f s", as_of, len(evidence), changed, seconds)
    return RecomputeResult(as_of, changed, len(evidence), len(pairs), len(regions), seconds)


def _refs_text(refs: Iterable[computations.EvidenceRef]) -> str:
    """A period's evidence as the JSON text stored in its ``evidence`` column (keys sorted: one text per value)."""
    return json.dumps([ref.as_json() for ref in refs], sort_keys=True)


def _open_end_last(index: int) -> Callable[[tuple], tuple]:
    """A sort key for rows whose column ``index`` is an end date that may be open (``None``): open ends last."""

    def key(row: tuple) -> tuple:
        return (*row[:index], row[index] or date.max, *row[index + 1 :])

    return key


#: The sort keys of the three tables' rows (the column of each that may be ``None``).
_ORDER = {PairEvidence: _open_end_last(6), PairLevel: _open_end_last(4), RegionLevel: _open_end_last(3)}


def _fingerprint(evidence: set[tuple], pairs: set[tuple], regions: set[tuple]) -> str:
    """SHA-256 of the whole history in a canonical order: equal histories, equal fingerprints."""
    digest = hashlib.sha256()
    for model, rows in ((PairEvidence, evidence), (PairLevel, pairs), (RegionLevel, regions)):
        digest.update(repr(sorted(rows, key=_ORDER[model])).encode())
    return digest.hexdigest()


def _stored(model: type[models.Model], names: tuple[str, ...]) -> dict[tuple, int]:
    """``{row as computed: id}`` of every stored row of ``model`` (JSON columns as their canonical text).

    Read with one plain ``SELECT`` rather than ``values_list``: the ORM's per-value converters cost more than
    the query for ~50,000 rows. Both backends give dates as ``date`` (SQLite by the declared type) and JSON as
    text (PostgreSQL's ``jsonb`` through Django's text loader), made canonical here.
    """
    meta = model._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in names]  # concrete fields
    json_columns = [index for index, field in enumerate(fields) if isinstance(field, models.JSONField)]
    sql = "SELECT {}, {} FROM {}".format(  # noqa: S608 - names from the model, no values
        connection.ops.quote_name(cast(models.Field, meta.pk).column),
        ", ".join(connection.ops.quote_name(field.column) for field in fields),
        connection.ops.quote_name(meta.db_table),
    )
    stored = {}
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for pk, *values in cursor.fetchall():
            for index in json_columns:
                values[index] = json.dumps(json.loads(values[index]), sort_keys=True)
            stored[tuple(values)] = pk
    return stored


def _write_difference(model: type[models.Model], names: tuple[str, ...], rows: set[tuple]) -> None:
    """Make the stored rows of ``model`` equal ``rows``: delete the rows no longer computed, insert the new ones.

    A recomputation after one confirmation changes a handful of the ~50,000 rows: the rows of the pairs it did
    not touch stay as they are (same ids), instead of deleting and inserting everything.
    """
    stored = _stored(model, names)
    gone = [pk for row, pk in stored.items() if row not in rows]
    for first in range(0, len(gone), 900):  # under SQLite's limit of variables per statement
        model._default_manager.filter(pk__in=gone[first : first + 900]).delete()
    new = sorted((row for row in rows if row not in stored), key=_ORDER[model])
    _insert(model, names, new)
    logger.info(
        "%s: %s rows kept, %s deleted, %s inserted", model._meta.label, len(stored) - len(gone), len(gone), len(new)
    )


def _insert(model: type[models.Model], names: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert plain tuples with one ``executemany`` per 5,000 rows: no model instances.

    ``bulk_create`` spends most of its time building and compiling model instances (about three
    seconds for 60,000 rows, 2.3 s of CPU for the 6,000 periods with their JSON evidence); the rows
    here are plain tuples already validated by the rules (JSON columns already as text).
    """
    if not rows:
        return
    meta = model._meta
    fields = [cast(models.Field, meta.get_field(name)) for name in names]  # concrete fields
    with connection.cursor() as cursor:
        sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model, values as parameters
            connection.ops.quote_name(meta.db_table),
            ", ".join(connection.ops.quote_name(field.column) for field in fields),
            ", ".join(["%s"] * len(fields)),
        )
        adapt = connection.ops.adapt_datefield_value
        dates = [index for index, field in enumerate(fields) if isinstance(field, models.DateField)]
        values = []
        for row in rows:
            value = list(row)
            for index in dates:
                value[index] = adapt(value[index])
            values.append(value)
        for first in range(0, len(values), 5000):
            cursor.executemany(sql, values[first : first + 5000])


# --- Who may record evidence about which agents. ------------------------------------------------------


def _is_staff(actor: User) -> bool:
    return is_moderator(actor) or is_administrator(actor)


def _acts_for_any(actor: User, agents: Iterable[Agent], region_ids: Iterable[int] = ()) -> bool:
    """The actor is staff, acts for one of ``agents``, or coordinates one of their regions (or ``region_ids``)."""
    if _is_staff(actor):
        return True
    roles = user_agent_roles(actor)
    coordinated = user_coordinated_region_ids(actor)
    agents = list(agents)
    return (
        any(agent.pk in roles for agent in agents)
        or any(agent.region_id in coordinated for agent in agents)
        or any(region in coordinated for region in region_ids)
    )


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _required(value: str, *, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _check_participants(agents: list[Agent], *, actor: User) -> None:
    if len({agent.region_id for agent in agents}) < 2:
        raise ValidationError({"participants": _("Choose organisations of at least two different regions.")})
    if any(not agent.is_verified for agent in agents):
        raise ValidationError(
            {"participants": _("Only verified organisations can take part in a recorded interaction.")}
        )
    if not _acts_for_any(actor, agents):
        raise ValidationError(
            {
                "participants": _(
                    "You can record an interaction only if an organisation you act for, or an organisation of a "
                    "region you coordinate, took part in it."
                )
            }
        )


def _check_not_future(day: date | None, *, field: str, today: date, message: str) -> None:
    if day is not None and day > today:
        raise ValidationError({field: message})


# --- Interactions. -------------------------------------------------------------------------------------


@transaction.atomic
def interaction_record(
    *,
    actor: User,
    title: str,
    kind: str,
    occurred_on: date,
    participants: Iterable[Agent],
    description: str = "",
    cooperation_types: Iterable[str] = (),
    link: str = "",
    title_en: str = "",
    description_en: str = "",
    today: date | None = None,
) -> Interaction:
    """A coordinator of one of the regions or a member of a participating agent records an information exchange.

    ``title`` and ``description`` are the Russian texts, ``title_en`` and ``description_en`` the English ones:
    one title at least; each reader sees their language, or the other one.

    The participants must be verified agents of at least two regions, and the
    exchange must have happened (no future dates). Schedules a recomputation.
    """
    if not actor.has_perm("levels.add_interaction"):
        raise PermissionDenied
    agents = list({agent.pk: agent for agent in participants}.values())
    interaction = Interaction(
        title=(title or "").strip(),
        title_en=(title_en or "").strip(),
        kind=kind,
        occurred_on=occurred_on,
        description=(description or "").strip(),
        description_en=(description_en or "").strip(),
        cooperation_types=list(cooperation_types),
        link=(link or "").strip(),
        recorded_by=actor,
    )
    interaction.full_clean()
    _check_not_future(
        occurred_on, field="occurred_on", today=_today(today), message=_("An interaction cannot be in the future.")
    )
    _check_participants(agents, actor=actor)
    interaction.recorder_region_id = _recorder_region(actor, agents)
    interaction.status = InteractionStatus.PENDING
    interaction.save()
    interaction.participants.set(agents)
    audit_log(
        actor=actor,
        action="interaction.recorded",
        target=interaction,
        participants=sorted(agent.pk for agent in agents),
        occurred_on=occurred_on.isoformat(),
        recorder_region=interaction.recorder_region_id,
        status=interaction.status,
    )
    notify_on_commit(
        users=selectors.interaction_side_users(interaction, other_side_region_ids(interaction)),
        template=PENDING_TEMPLATE,
        context={"interaction": interaction, "url": reverse("levels:interaction-to-confirm")},
        exclude=actor,
    )
    return interaction


def _recorder_region(actor: User, agents: list[Agent]) -> int | None:
    """The side that records: the region of an agent the actor acts for, else a region the actor coordinates
    (``None`` for the staff recording for others: then any participating side may confirm)."""
    roles = user_agent_roles(actor)
    for agent in sorted(agents, key=lambda agent: agent.pk):
        if agent.pk in roles:
            return agent.region_id
    coordinated = user_coordinated_region_ids(actor)
    return next((region for region in sorted({agent.region_id for agent in agents}) if region in coordinated), None)


def _decide_interaction(
    interaction: Interaction, *, actor: User, permission: str, status: str, reason: str, now: datetime | None
) -> Interaction:
    interaction = _locked_interaction(interaction)
    if interaction.is_withdrawn:
        raise InvalidStateError(_("This interaction is withdrawn."), state=WITHDRAWN)
    if interaction.status != InteractionStatus.PENDING:
        raise InvalidStateError(_("This interaction has already been confirmed or disputed."), state=interaction.status)
    if not actor.has_perm(permission, interaction):
        raise PermissionDenied
    interaction.status = status
    interaction.decided_by = actor
    interaction.decided_at = now or timezone.now()
    interaction.dispute_reason = reason
    interaction.save(update_fields=["status", "decided_by", "decided_at", "dispute_reason", "updated_at"])
    recorder_side = {interaction.recorder_region_id} if interaction.recorder_region_id else set()
    users = selectors.interaction_side_users(interaction, recorder_side)
    if interaction.recorded_by is not None and interaction.recorded_by not in users:
        users.append(interaction.recorded_by)
    notify_on_commit(
        users=users,
        template=CONFIRMED_TEMPLATE if status == InteractionStatus.CONFIRMED else DISPUTED_TEMPLATE,
        context={"interaction": interaction, "reason": reason, "actor": actor, "url": interaction.get_absolute_url()},
        exclude=actor,
    )
    return interaction


@transaction.atomic
def interaction_confirm(*, interaction: Interaction, actor: User, now: datetime | None = None) -> Interaction:
    """The other side stands behind a pending interaction: it counts from now on and the levels are recomputed.

    Locks the row (two coordinators confirming at once record one confirmation; the second gets 409),
    audits, and tells the recorder's side.
    """
    interaction = _decide_interaction(
        interaction,
        actor=actor,
        permission="levels.confirm_interaction",
        status=InteractionStatus.CONFIRMED,
        reason="",
        now=now,
    )
    audit_log(
        actor=actor, action="interaction.confirmed", target=interaction, from_state="pending", to_state="confirmed"
    )
    recompute_on_commit()
    return interaction


@transaction.atomic
def interaction_dispute(
    *, interaction: Interaction, actor: User, reason: str, now: datetime | None = None
) -> Interaction:
    """The other side disputes a pending interaction, giving the reason: it never counts (unless recorded anew)."""
    reason = _required(reason, field="reason", message=_("Say why the interaction is disputed."))
    interaction = _decide_interaction(
        interaction,
        actor=actor,
        permission="levels.dispute_interaction",
        status=InteractionStatus.DISPUTED,
        reason=reason,
        now=now,
    )
    audit_log(
        actor=actor,
        action="interaction.disputed",
        target=interaction,
        from_state="pending",
        to_state="disputed",
        reason=reason,
    )
    return interaction


def _locked_interaction(interaction: Interaction) -> Interaction:
    return Interaction.objects.select_for_update().get(pk=interaction.pk)


@transaction.atomic
def interaction_update(
    *,
    interaction: Interaction,
    actor: User,
    participants: Iterable[Agent] | None = None,
    today: date | None = None,
    **fields: Any,
) -> Interaction:
    """Correct an interaction (its recorders' side or a moderator); only the given fields change.

    A withdrawn interaction must be restored first (409). The participants, if
    changed, must still span two regions and include one the actor acts for.
    """
    unknown = set(fields) - set(INTERACTION_FIELDS)
    if unknown:
        raise TypeError(f"interaction_update() got unexpected fields: {', '.join(sorted(unknown))}")
    interaction = _locked_interaction(interaction)
    if interaction.is_withdrawn:
        raise InvalidStateError(state=WITHDRAWN)
    if not actor.has_perm("levels.change_interaction", interaction):
        raise PermissionDenied
    changed = []
    for name, value in fields.items():
        if name == "cooperation_types":
            value = list(value or [])
        elif isinstance(value, str):
            value = value.strip()
        if getattr(interaction, name) != value:
            setattr(interaction, name, value)
            changed.append(name)
    interaction.full_clean()
    _check_not_future(
        interaction.occurred_on,
        field="occurred_on",
        today=_today(today),
        message=_("An interaction cannot be in the future."),
    )
    agents = None
    if participants is not None:
        agents = list({agent.pk: agent for agent in participants}.values())
        if {agent.pk for agent in agents} != set(interaction.participants.values_list("pk", flat=True)):
            _check_participants(agents, actor=actor)
        else:
            agents = None
    if changed:
        interaction.save(update_fields=[*changed, "updated_at"])
    if agents is not None:
        interaction.participants.set(agents)
        changed.append("participants")
    reopened = _reopen_if_changed(interaction, actor=actor, changed=changed)
    if changed:
        audit_log(
            actor=actor, action="interaction.updated", target=interaction, fields=sorted(changed), reopened=reopened
        )
        if set(changed) & {"occurred_on", "cooperation_types", "participants"}:
            recompute_on_commit()
    if reopened:
        notify_on_commit(
            users=selectors.interaction_side_users(interaction, other_side_region_ids(interaction)),
            template=PENDING_TEMPLATE,
            context={"interaction": interaction, "url": reverse("levels:interaction-to-confirm")},
            exclude=actor,
        )
    return interaction


def _reopen_if_changed(interaction: Interaction, *, actor: User, changed: list[str]) -> bool:
    """A confirmed interaction whose date or participants a non-staff user changed waits for the other side's
    word again (what they stood behind has changed; a moderator's correction does not reopen it)."""
    if not (set(changed) & {"occurred_on", "participants"}) or interaction.status != InteractionStatus.CONFIRMED:
        return False
    if _is_staff(actor):
        return False
    interaction.status = InteractionStatus.PENDING
    interaction.decided_by = None
    interaction.decided_at = None
    if interaction.recorder_region_id is None or not on_recorder_side(actor, interaction):
        interaction.recorder_region_id = _recorder_region(actor, list(interaction.participants.all()))
    interaction.save(update_fields=["status", "decided_by", "decided_at", "recorder_region", "updated_at"])
    return True


def on_recorder_side(actor: User, interaction: Interaction) -> bool:
    """The actor acts for a participating agent of the recorder's region, or coordinates it."""
    region = interaction.recorder_region_id
    roles = user_agent_roles(actor)
    return region in user_coordinated_region_ids(actor) or any(
        agent.pk in roles and agent.region_id == region for agent in interaction.participants.all()
    )


@transaction.atomic
def interaction_withdraw(
    *, interaction: Interaction, actor: User, reason: str, now: datetime | None = None
) -> Interaction:
    """Withdraw an interaction recorded in error (reason required): it stays on record but stops counting."""
    interaction = _locked_interaction(interaction)
    if interaction.is_withdrawn:
        raise InvalidStateError(_("This interaction is already withdrawn."), state=WITHDRAWN)
    if not actor.has_perm("levels.withdraw_interaction", interaction):
        raise PermissionDenied
    reason = _required(reason, field="reason", message=_("Give the reason for withdrawing the interaction."))
    interaction.is_withdrawn = True
    interaction.withdrawn_reason = reason
    interaction.withdrawn_by = actor
    interaction.withdrawn_at = now or timezone.now()
    interaction.save(update_fields=["is_withdrawn", "withdrawn_reason", "withdrawn_by", "withdrawn_at", "updated_at"])
    audit_log(actor=actor, action="interaction.withdrawn", target=interaction, reason=reason)
    if interaction.recorded_by is not None:
        notify_on_commit(
            users=[interaction.recorded_by],
            template="levels/email/interaction_withdrawn",
            context={"interaction": interaction, "reason": reason, "url": interaction.get_absolute_url()},
            exclude=actor,
        )
    recompute_on_commit()
    return interaction


@transaction.atomic
def interaction_restore(*, interaction: Interaction, actor: User) -> Interaction:
    """A moderator restores a withdrawn interaction: it counts again."""
    interaction = _locked_interaction(interaction)
    if not interaction.is_withdrawn:
        raise InvalidStateError(_("This interaction is not withdrawn."), state=RECORDED)
    if not actor.has_perm("levels.restore_interaction", interaction):
        raise PermissionDenied
    interaction.is_withdrawn = False
    interaction.withdrawn_reason = ""
    interaction.withdrawn_by = None
    interaction.withdrawn_at = None
    interaction.save(update_fields=["is_withdrawn", "withdrawn_reason", "withdrawn_by", "withdrawn_at", "updated_at"])
    audit_log(actor=actor, action="interaction.restored", target=interaction)
    recompute_on_commit()
    return interaction


# --- Integrated structures. ----------------------------------------------------------------------------


def _add_document(structure: IntegratedStructure, *, actor: User, title: str = "", url: str = "", file=None):
    document = StructureDocument(
        structure=structure, title=(title or "").strip(), url=(url or "").strip(), added_by=actor
    )
    if file is not None:
        if getattr(file, "size", 0) > MAX_DOCUMENT_BYTES:
            raise ValidationError({"documents": _("The file is larger than 10 MB.")})
        document.file = file
    try:
        document.full_clean()
    except ValidationError as error:
        raise ValidationError({"documents": error.messages}) from error
    document.save()
    return document


@dataclass(frozen=True)
class PrioritySpec:
    """A priority of a joint strategy as the services take it: a classifier item, a title and a target."""

    item: Any
    title: str
    target: str
    indicator: str = ""


def _check_sector_and_parent(structure: IntegratedStructure) -> None:
    """A sector (an OKVED2 section) for alliances and clusters only; a coordinating parent, no cycle."""
    if structure.kind in SECTOR_KINDS:
        if structure.sector is None:
            raise ValidationError({"sector": _("Choose the sector (OKVED2 section) of the alliance or cluster.")})
        if structure.sector.classifier.code != SECTOR_CLASSIFIER:
            raise ValidationError({"sector": _("Choose an OKVED2 section.")})
    elif structure.sector_id is not None:
        raise ValidationError({"sector": _("Only an alliance or a cluster has a sector.")})
    if structure.kind == StructureKind.FEDERAL_BODY and structure.origin != IntegrationOrigin.TOP_DOWN:
        raise ValidationError({"origin": _("A federal body is initiated by the authorities (top-down).")})


def _check_members(structure: IntegratedStructure, regions: list, agents: list[Agent], *, actor: User) -> None:
    region_ids = {region.pk for region in regions}
    if structure.kind != StructureKind.FEDERAL_BODY and len(region_ids) < 2:
        raise ValidationError({"member_regions": _("Choose at least two member regions.")})
    if any(agent.region_id not in region_ids for agent in agents):
        raise ValidationError(
            {"member_agents": _("Each member organisation must be located in one of the member regions.")}
        )
    if structure.kind == StructureKind.FEDERAL_BODY:
        if not _is_staff(actor):
            raise ValidationError({"kind": _("Only a moderator records a federal body.")})
    elif not _acts_for_any(actor, agents, region_ids):
        raise ValidationError(
            {
                "member_regions": _(
                    "You can propose a structure only if it includes a region you coordinate or an organisation you "
                    "act for."
                )
            }
        )


def _set_priorities(structure: IntegratedStructure, priorities: Iterable[PrioritySpec]) -> None:
    priorities = list(priorities)
    if priorities and structure.kind != StructureKind.STRATEGY:
        raise ValidationError({"priorities": _("Only a joint strategy has priorities.")})
    structure.priorities.all().delete()
    for spec in priorities:
        priority = StrategyPriority(
            structure=structure,
            item=spec.item,
            title=(spec.title or "").strip(),
            target=(spec.target or "").strip(),
            indicator=(spec.indicator or "").strip(),
        )
        try:
            priority.full_clean()
        except ValidationError as error:
            raise ValidationError({"priorities": error.messages}) from error
        priority.save()


@transaction.atomic
def structure_propose(
    *,
    actor: User,
    kind: str,
    founded_on: date,
    member_regions: Iterable[Any],
    member_agents: Iterable[Agent] = (),
    name_ru: str = "",
    name_en: str = "",
    description: str = "",
    cooperation_types: Iterable[str] = (),
    sector: Any = None,
    parent: IntegratedStructure | None = None,
    stage: int = IntegrationStage.COORDINATION,
    origin: str = IntegrationOrigin.BOTTOM_UP,
    priorities: Iterable[PrioritySpec] = (),
    documents: Iterable[dict] = (),
    today: date | None = None,
) -> IntegratedStructure:
    """Propose an integrated structure for a moderator to confirm.

    The proposer coordinates a member region or acts for a member agent (or is
    staff; only staff record a federal body, which needs no member regions);
    each member agent is located in a member region. Alliances and clusters name
    their sector (an OKVED2 section); a structure may name the coordinating body
    above it (no cycles); a joint strategy lists its priorities. ``documents`` are
    ``{"title", "url", "file"}`` dicts (a link or a file each). Notifies the moderators.
    """
    if not actor.has_perm("levels.add_integratedstructure"):
        raise PermissionDenied
    regions = list({region.pk: region for region in member_regions}.values())
    agents = list({agent.pk: agent for agent in member_agents}.values())
    structure = IntegratedStructure(
        kind=kind,
        name_ru=(name_ru or "").strip(),
        name_en=(name_en or "").strip(),
        description=(description or "").strip(),
        cooperation_types=list(cooperation_types),
        founded_on=founded_on,
        sector=sector,
        parent=parent,
        stage=stage,
        origin=origin,
        proposed_by=actor,
    )
    structure.full_clean()
    _check_sector_and_parent(structure)
    _check_not_future(
        founded_on, field="founded_on", today=_today(today), message=_("The founding date cannot be in the future.")
    )
    _check_members(structure, regions, agents, actor=actor)
    structure.save()
    structure.member_regions.set(regions)
    structure.member_agents.set(agents)
    _set_priorities(structure, priorities)
    for document in documents:
        _add_document(structure, actor=actor, **document)
    audit_log(
        actor=actor,
        action="structure.proposed",
        target=structure,
        regions=sorted(region.pk for region in regions),
        agents=sorted(agent.pk for agent in agents),
    )
    _notify_moderators(structure, actor=actor)
    return structure


def _notify_moderators(structure: IntegratedStructure, *, actor: User) -> None:
    notify_on_commit(
        users=moderators(),
        template="levels/email/structure_proposed",
        context={"structure": structure, "url": structure.get_absolute_url()},
        exclude=actor,
    )


#: The fields ``structure_update`` may change (the rest follow the workflow).
STRUCTURE_FIELDS = (
    "kind",
    "name_ru",
    "name_en",
    "description",
    "cooperation_types",
    "founded_on",
    "sector",
    "parent",
    "stage",
    "origin",
)


@transaction.atomic
def structure_update(
    *,
    structure: IntegratedStructure,
    actor: User,
    member_regions: Iterable[Any] | None = None,
    member_agents: Iterable[Agent] | None = None,
    priorities: Iterable[PrioritySpec] | None = None,
    today: date | None = None,
    **fields: Any,
) -> IntegratedStructure:
    """The proposer (while proposed or sent back for details) or a moderator changes a structure.

    Changing the coordinating body is checked for cycles; a confirmed structure's
    change is recomputed into the levels.
    """
    structure = _locked_structure(structure)
    _check_structure(
        structure,
        actor=actor,
        permission="levels.change_integratedstructure",
        states=[StructureStatus.PROPOSED, StructureStatus.CHANGES_REQUESTED, StructureStatus.CONFIRMED],
    )
    unknown = set(fields) - set(STRUCTURE_FIELDS)
    if unknown:
        raise ValueError(f"Unknown structure fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(structure, name, value.strip() if isinstance(value, str) else value)
    structure.full_clean()
    _check_sector_and_parent(structure)
    _check_not_future(
        structure.founded_on,
        field="founded_on",
        today=_today(today),
        message=_("The founding date cannot be in the future."),
    )
    regions = list(structure.member_regions.all()) if member_regions is None else list(member_regions)
    agents = list(structure.member_agents.all()) if member_agents is None else list(member_agents)
    regions = list({region.pk: region for region in regions}.values())
    agents = list({agent.pk: agent for agent in agents}.values())
    _check_members(structure, regions, agents, actor=actor)
    structure.save()
    structure.member_regions.set(regions)
    structure.member_agents.set(agents)
    if priorities is not None:
        _set_priorities(structure, priorities)
    elif structure.kind != StructureKind.STRATEGY:
        structure.priorities.all().delete()
    audit_log(actor=actor, action="structure.updated", target=structure, fields=sorted(fields))
    if structure.status == StructureStatus.CONFIRMED:
        recompute_on_commit()
    return structure


@transaction.atomic
def structure_submit(*, structure: IntegratedStructure, actor: User) -> IntegratedStructure:
    """The proposer sends a structure back to the moderators after giving the details they asked for."""
    structure = _locked_structure(structure)
    _check_structure(
        structure,
        actor=actor,
        permission="levels.submit_integratedstructure",
        states=[StructureStatus.CHANGES_REQUESTED],
    )
    structure.status = StructureStatus.PROPOSED
    structure.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="structure.resubmitted",
        target=structure,
        from_state="changes_requested",
        to_state="proposed",
    )
    _notify_moderators(structure, actor=actor)
    return structure


def _locked_structure(structure: IntegratedStructure) -> IntegratedStructure:
    return IntegratedStructure.objects.select_for_update().get(pk=structure.pk)


def _check_structure(structure: IntegratedStructure, *, actor: User, permission: str, states: Iterable[str]) -> None:
    if structure.status not in states:
        raise InvalidStateError(state=structure.status)
    if not actor.has_perm(permission, structure):
        raise PermissionDenied


def _notify_decision(
    structure: IntegratedStructure, *, actor: User, reason: str = "", template: str = "levels/email/structure_decided"
) -> None:
    if structure.proposed_by is not None:
        notify_on_commit(
            users=[structure.proposed_by],
            template=template,
            context={"structure": structure, "reason": reason, "url": structure.get_absolute_url()},
            exclude=actor,
        )


def structure_evidence_gaps(structure: IntegratedStructure) -> list[str]:
    """What a structure lacks for confirmation on evidence alone (``computations.EVIDENCE_GAPS`` codes)."""
    return alliances.structure_evidence_gaps(
        kind=structure.kind,
        region_ids=[region.pk for region in structure.member_regions.all()],
        agent_region_ids=[agent.region_id for agent in structure.member_agents.all()],
        document_count=len(structure.documents.all()),
    )


@transaction.atomic
def structure_confirm(
    *, structure: IntegratedStructure, actor: User, reason: str = "", now: datetime | None = None
) -> IntegratedStructure:
    """A moderator confirms a proposed structure: it becomes evidence of level 4 between its member regions.

    Confirmation needs evidence: a member agent in each member region and a
    founding document. Without them the moderator writes the reason for
    confirming all the same (kept on the structure, in the audit log and in the
    proposer's notification).
    """
    structure = _locked_structure(structure)
    _check_structure(
        structure, actor=actor, permission="levels.confirm_integratedstructure", states=[StructureStatus.PROPOSED]
    )
    reason = (reason or "").strip()
    gaps = structure_evidence_gaps(structure)
    if gaps and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "The evidence is incomplete (%(gaps)s): write why the structure is confirmed all the same, "
                    "or ask the proposer for details."
                )
                % {"gaps": "; ".join(str(_(alliances.EVIDENCE_GAPS[gap])) for gap in gaps)}
            }
        )
    structure.status = StructureStatus.CONFIRMED
    structure.confirmed_by = actor
    structure.confirmed_at = now or timezone.now()
    structure.confirmation_reason = reason
    structure.save(update_fields=["status", "confirmed_by", "confirmed_at", "confirmation_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="structure.confirmed",
        target=structure,
        from_state="proposed",
        to_state="confirmed",
        reason=reason,
        evidence_gaps=gaps,
    )
    _notify_decision(structure, actor=actor, reason=reason)
    recompute_on_commit()
    return structure


@transaction.atomic
def structure_reject(*, structure: IntegratedStructure, actor: User, reason: str) -> IntegratedStructure:
    """A moderator rejects a proposed structure, giving the reason."""
    structure = _locked_structure(structure)
    _check_structure(
        structure, actor=actor, permission="levels.reject_integratedstructure", states=[StructureStatus.PROPOSED]
    )
    reason = _required(reason, field="reason", message=_("Give the reason for rejecting the structure."))
    structure.status = StructureStatus.REJECTED
    structure.rejection_reason = reason
    structure.save(update_fields=["status", "rejection_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="structure.rejected",
        target=structure,
        from_state="proposed",
        to_state="rejected",
        reason=reason,
    )
    _notify_decision(structure, actor=actor, reason=reason)
    return structure


@transaction.atomic
def structure_request_details(*, structure: IntegratedStructure, actor: User, reason: str) -> IntegratedStructure:
    """A moderator sends a proposed structure back to its proposer, saying which details are missing."""
    structure = _locked_structure(structure)
    _check_structure(
        structure,
        actor=actor,
        permission="levels.request_details_integratedstructure",
        states=[StructureStatus.PROPOSED],
    )
    reason = _required(reason, field="reason", message=_("Say which details are missing."))
    structure.status = StructureStatus.CHANGES_REQUESTED
    structure.details_request = reason
    structure.save(update_fields=["status", "details_request", "updated_at"])
    audit_log(
        actor=actor,
        action="structure.details_requested",
        target=structure,
        from_state="proposed",
        to_state="changes_requested",
        reason=reason,
    )
    _notify_decision(structure, actor=actor, reason=reason, template="levels/email/structure_details_requested")
    return structure


@transaction.atomic
def structure_dissolve(
    *, structure: IntegratedStructure, actor: User, dissolved_on: date, reason: str, today: date | None = None
) -> IntegratedStructure:
    """A moderator records that a confirmed structure was dissolved: it stops counting from ``dissolved_on``."""
    structure = _locked_structure(structure)
    _check_structure(
        structure, actor=actor, permission="levels.dissolve_integratedstructure", states=[StructureStatus.CONFIRMED]
    )
    if dissolved_on is None:
        raise ValidationError({"dissolved_on": _("Give the date the structure was dissolved.")})
    _check_not_future(
        dissolved_on, field="dissolved_on", today=_today(today), message=_("The date cannot be in the future.")
    )
    reason = _required(reason, field="reason", message=_("Say why the structure was dissolved."))
    structure.status = StructureStatus.DISSOLVED
    structure.dissolved_on = dissolved_on
    structure.dissolution_reason = reason
    structure.full_clean()
    structure.save(update_fields=["status", "dissolved_on", "dissolution_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="structure.dissolved",
        target=structure,
        from_state="confirmed",
        to_state="dissolved",
        dissolved_on=dissolved_on.isoformat(),
        reason=reason,
    )
    recompute_on_commit()
    return structure


@transaction.atomic
def structure_add_document(
    *, structure: IntegratedStructure, actor: User, title: str = "", url: str = "", file=None
) -> StructureDocument:
    """Attach a founding document (a link or a file) to a structure: its proposer while proposed, or a moderator."""
    structure = _locked_structure(structure)
    if not actor.has_perm("levels.change_integratedstructure", structure):
        raise PermissionDenied
    document = _add_document(structure, actor=actor, title=title, url=url, file=file)
    audit_log(actor=actor, action="structure.document_added", target=structure, document=document.pk)
    return document
