"""Imports into the data bank: a dry run that writes nothing, and an all-or-nothing apply.

Flow in the portal: the analyst uploads a file, it is *staged* (kept in the
default storage under ``imports/staging/<uuid>``, owned by the uploader), the
preview page shows what would be created, updated or left unchanged and every
error with its row and column, and confirming applies the staged file in one
transaction. The management command ``import_statistics`` calls the same
functions with ``system=True`` (no user).

Rows are upserted by their key: (data set, region, item, year) for
observations -- region empty for a country total -- and (data set,
coefficient, region, item, year) for published coefficients. Each apply writes
one :class:`~analytics.models.ImportBatch` (checksum, counts, report) and one
audit row ``analytics.imported``; updated rows move to the new batch.

A staged file larger than ``settings.ANALYTICS_IMPORT_BACKGROUND_BYTES``
(unpacked, for a workbook) is checked once by a Celery task
(``import_check_task``) within a time limit; the preview page follows its
progress and then shows the stored result, so reloading it never parses the
file again. Without Redis the task runs in the upload's request.
"""

from __future__ import annotations

import hashlib
import json
import math
import time
import uuid
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from analytics.choices import BatchKind, Indicator
from analytics.importers import (
    COUNTRY,
    ImportProblem,
    ItemLookup,
    ItemNames,
    ParsedImport,
    ProblemCode,
    RegionLookup,
    RegionNames,
    ValidationContext,
    parse_import,
)
from analytics.importers.limits import unpacked_size
from analytics.importers.reading import Progress
from analytics.models import Classifier, ClassifierItem, Dataset, ImportBatch, Observation, PublishedCoefficient
from audit.services import audit_log
from regions.models import Region

if TYPE_CHECKING:
    from accounts.models import User

IMPORT_PERMISSION = "analytics.import_data"
STAGING_DIR = "imports/staging"
STAGING_TTL = timedelta(hours=24)
#: How many planned changes a preview lists (the counts cover all of them).
PREVIEW_CHANGES_LIMIT = 500
#: How many problems a preview lists (the count covers all of them).
PREVIEW_PROBLEMS_LIMIT = 1000
#: Files larger than this (unpacked) are checked by a Celery task rather than in the request.
DEFAULT_BACKGROUND_BYTES = 2 * 1024 * 1024
#: The check in the worker gives up after this many seconds (below the task's soft time limit).
DEFAULT_CHECK_SECONDS = 180
CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"


class ImportRejectedError(ValidationError):
    """The file has errors, so nothing was imported; ``preview`` holds every problem."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        count = len(preview.problems)
        super().__init__(
            ngettext(
                "The file has %(count)d error; nothing was imported.",
                "The file has %(count)d errors; nothing was imported.",
                count,
            )
            % {"count": count},
            code="import_rejected",
        )


class StagedImportNotFoundError(Exception):
    """No staged upload with this id belongs to this user (missing, expired, or someone else's)."""


# --- Dry run and apply -------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedChange:
    """One row an import would create or update (``old_value`` is None for a new row)."""

    action: str
    row: int | None
    region: str
    region_name: str
    code: str
    item_name: str
    year: int
    value: float
    old_value: float | None = None
    indicator: str = ""
    unit: str = ""

    @property
    def indicator_label(self) -> str:
        return str(Indicator(self.indicator).label) if self.indicator in Indicator.values else self.indicator


@dataclass
class ChangePlan:
    """What writing a set of rows would do: unsaved new rows, changed rows, counts per year."""

    model: type[Observation | PublishedCoefficient]
    to_create: list[Observation | PublishedCoefficient] = field(default_factory=list)
    to_update: list[Observation | PublishedCoefficient] = field(default_factory=list)
    update_fields: list[str] = field(default_factory=list)
    unchanged: int = 0
    changes: list[PlannedChange] = field(default_factory=list)
    by_year: dict[int, dict[str, int]] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return bool(self.to_create or self.to_update)


@dataclass
class ImportPreview:
    """The dry run of an import: the validated file and the plan of what applying it would write."""

    dataset: Dataset
    kind: str
    classifier: Classifier
    file_name: str
    checksum: str
    parsed: ParsedImport
    plan: ChangePlan

    @property
    def problems(self) -> list[ImportProblem]:
        return self.parsed.problems

    @property
    def listed_problems(self) -> list[ImportProblem]:
        return self.parsed.problems[:PREVIEW_PROBLEMS_LIMIT]

    @property
    def problem_count(self) -> int:
        return len(self.parsed.problems)

    @property
    def row_count(self) -> int:
        return self.parsed.row_count

    @property
    def sheet(self) -> str:
        return self.parsed.sheet

    @property
    def is_valid(self) -> bool:
        return self.parsed.is_valid

    @property
    def created(self) -> int:
        return len(self.plan.to_create)

    @property
    def updated(self) -> int:
        return len(self.plan.to_update)

    @property
    def unchanged(self) -> int:
        return self.plan.unchanged

    @property
    def years(self) -> list[tuple[int, dict[str, int]]]:
        return sorted(self.plan.by_year.items())

    @property
    def listed_changes(self) -> list[PlannedChange]:
        return self.plan.changes

    @property
    def kind_label(self) -> str:
        return str(BatchKind(self.kind).label)

    @property
    def more_changes(self) -> int:
        return self.created + self.updated - len(self.plan.changes)

    @property
    def more_problems(self) -> int:
        return self.problem_count - len(self.listed_problems)

    def stored(self) -> dict[str, Any]:
        """What the preview page shows, JSON-ready (kept by a check in the worker)."""
        return {
            **self.summary(),
            "problems": [problem.as_dict() for problem in self.listed_problems],
            "changes": [asdict(change) for change in self.listed_changes],
        }

    def summary(self) -> dict[str, Any]:
        """The counts, JSON-ready (stored in the batch's report, printed by the command)."""
        return {
            "file": self.file_name,
            "dataset": self.dataset.code,
            "kind": self.kind,
            "classifier": self.classifier.code,
            "format": self.parsed.format,
            "sheet": self.parsed.sheet,
            "rows": self.parsed.row_count,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": len(self.problems),
            "years": {str(year): counts for year, counts in self.years},
        }


def import_preview(
    *,
    dataset: Dataset,
    kind: str,
    classifier: Classifier,
    file_name: str,
    content: bytes,
    now: datetime | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    """Dry run: validate the file and plan what it would create, update or leave unchanged; writes nothing.

    The plan covers the rows without errors; applying is refused while any error remains.
    ``progress`` is told how many rows were read, now and then (it may raise to stop the check).
    """
    if kind not in BatchKind.values:
        raise ValueError(f"unknown import kind {kind!r}")
    now = now or timezone.now()
    items = list(ClassifierItem.objects.filter(classifier=classifier).values_list("id", "code", "name_ru", "name_en"))
    context = ValidationContext(
        regions=region_lookup(),
        items=ItemLookup.build(ItemNames(code, name_ru, name_en) for _, code, name_ru, name_en in items),
        max_year=now.year,
        indicators={choice.value: str(choice.label) for choice in Indicator},
    )
    parsed = parse_import(content, file_name, kind=kind, context=context, progress=progress)
    rows = parsed.rows.assign(item_id=parsed.rows["code"].map({code: pk for pk, code, _, _ in items}))
    plan = plan_rows(dataset=dataset, kind=kind, rows=rows, compare_unit="unit" in parsed.headers)
    return ImportPreview(
        dataset=dataset,
        kind=kind,
        classifier=classifier,
        file_name=file_name,
        checksum=hashlib.sha256(content).hexdigest(),
        parsed=parsed,
        plan=plan,
    )


@transaction.atomic
def import_apply(
    *,
    dataset: Dataset,
    kind: str,
    classifier: Classifier,
    file_name: str,
    content: bytes,
    actor: User | None,
    system: bool = False,
    now: datetime | None = None,
) -> ImportBatch:
    """Import a file into a data set, all or nothing; raise ``ImportRejectedError`` if it has any error.

    ``actor`` needs ``analytics.import_data``; ``system=True`` (the management
    command) allows ``actor=None``. Re-validates the file inside the
    transaction, with the data set locked so two imports into it never interleave.
    """
    require_import_permission(actor, system=system)
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    preview = import_preview(
        dataset=dataset, kind=kind, classifier=classifier, file_name=file_name, content=content, now=now
    )
    if not preview.is_valid:
        raise ImportRejectedError(preview)
    return commit_plan(
        dataset=dataset,
        kind=kind,
        plan=preview.plan,
        file_name=file_name,
        checksum=preview.checksum,
        row_count=preview.parsed.row_count,
        report=preview.summary(),
        actor=actor,
    )


def require_import_permission(actor: User | None, *, system: bool = False) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` may import (or the caller is the system itself)."""
    if system and actor is None:
        return
    if actor is None or not actor.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied


def region_lookup() -> RegionLookup:
    """The regions by every name a file may use (one query)."""
    names = Region.objects.values_list("iso_code", "name_ru", "name_en", "rosstat_name")
    return RegionLookup.build(RegionNames(*fields) for fields in names)


def plan_rows(*, dataset: Dataset, kind: str, rows: pd.DataFrame, compare_unit: bool = True) -> ChangePlan:
    """Compare ``rows`` with what the data set holds and plan the upsert (reads only).

    ``rows`` has ``region`` (ISO code, or ``RU`` for the country), ``item_id``,
    ``code``, ``year``, ``value``, ``unit``, ``indicator`` and ``row`` (its row in
    the file, or None). With ``compare_unit=False`` (the file has no unit
    column) existing rows keep their unit.
    """
    regions = {region.iso_code: region for region in Region.objects.all()}
    is_observation = kind == BatchKind.OBSERVATIONS
    model = Observation if is_observation else PublishedCoefficient
    plan = ChangePlan(model=model, update_fields=["value", "batch"] + (["unit"] if compare_unit else []))
    if rows.empty:
        return plan
    item_ids = rows["item_id"].unique().tolist()
    items = {item.pk: item for item in ClassifierItem.objects.filter(pk__in=item_ids)}
    # either model's rows; the key below tells them apart (a coefficient's key starts with its indicator)
    existing_rows: models.QuerySet[Any] = model.objects.filter(
        dataset=dataset, item_id__in=item_ids, year__in=rows["year"].unique().tolist()
    )
    existing: dict[tuple[Any, ...], Any]
    if is_observation:
        existing = {(o.region_id, o.item_id, o.year): o for o in existing_rows}
    else:
        existing = {(c.indicator, c.region_id, c.item_id, c.year): c for c in existing_rows}
    by_year: dict[int, dict[str, int]] = defaultdict(lambda: {CREATE: 0, UPDATE: 0, UNCHANGED: 0})
    for row in rows.itertuples(index=False):
        region = None if row.region == COUNTRY else regions[row.region]
        region_id = region.pk if region else None
        year, value, unit = int(row.year), float(row.value), str(row.unit or "")
        item_id = int(row.item_id)
        key = (region_id, item_id, year) if is_observation else (row.indicator, region_id, item_id, year)
        current = existing.get(key)
        if current is None:
            fields: dict[str, Any] = {
                "dataset": dataset,
                "region": region,
                "item_id": item_id,
                "year": year,
                "value": value,
            }
            if is_observation:
                fields["unit"] = unit
            else:
                fields["indicator"] = row.indicator
            plan.to_create.append(model(**fields))
            action, old_value = CREATE, None
        elif math.isclose(current.value, value, rel_tol=1e-12, abs_tol=0.0) and (
            not (is_observation and compare_unit) or current.unit == unit
        ):
            plan.unchanged += 1
            by_year[year][UNCHANGED] += 1
            continue
        else:
            action, old_value = UPDATE, current.value
            current.value = value
            if is_observation and compare_unit:
                current.unit = unit
            plan.to_update.append(current)
        by_year[year][action] += 1
        if len(plan.changes) < PREVIEW_CHANGES_LIMIT:
            plan.changes.append(
                PlannedChange(
                    action=action,
                    row=None if pd.isna(row.row) else int(row.row),
                    region=row.region,
                    region_name=region.name if region else _("Russia (country total)"),
                    code=str(row.code),
                    item_name=items[item_id].name,
                    year=year,
                    value=value,
                    old_value=old_value,
                    indicator=str(row.indicator or ""),
                    unit=unit,
                )
            )
    plan.by_year = dict(by_year)
    return plan


@transaction.atomic
def commit_plan(
    *,
    dataset: Dataset,
    kind: str,
    plan: ChangePlan,
    file_name: str,
    checksum: str,
    row_count: int,
    report: dict[str, Any],
    actor: User | None,
) -> ImportBatch:
    """Write a plan as one new import batch, with its audit row, all or nothing.

    Its own transaction (a savepoint inside the caller's): a failure part-way leaves no batch
    without its rows or its audit row. Callers that re-validate first lock the data set in
    their own transaction, so the plan they commit is the one they checked.

    New rows are validated by the file's validation (values ≥ 0, known keys),
    so they are bulk-inserted without ``full_clean``.
    """
    batch = ImportBatch(
        dataset=dataset,
        kind=kind,
        file_name=file_name[:255],
        checksum=checksum,
        row_count=row_count,
        report=report,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    batch.full_clean()
    batch.save()
    rows: models.Manager[Any] = plan.model.objects  # the plan's rows are all of its own model
    for instance in plan.to_create:
        instance.batch = batch
    rows.bulk_create(plan.to_create, batch_size=2000)
    for instance in plan.to_update:
        instance.batch = batch
    if plan.to_update:
        rows.bulk_update(plan.to_update, plan.update_fields, batch_size=1000)
    audit_log(
        actor=actor,
        action="analytics.imported",
        target=batch,
        dataset=dataset.code,
        kind=kind,
        file=file_name,
        created=len(plan.to_create),
        updated=len(plan.to_update),
        unchanged=plan.unchanged,
    )
    return batch


# --- Data sets ---------------------------------------------------------------------------


@transaction.atomic
def dataset_create(
    *,
    actor: User,
    code: str,
    name_ru: str,
    name_en: str,
    source: str = "",
    source_en: str = "",
    description: str = "",
    description_en: str = "",
) -> Dataset:
    """Create an empty data set that files can be imported into (analysts and administrators)."""
    require_import_permission(actor)
    dataset = Dataset(
        code=code,
        name_ru=name_ru,
        name_en=name_en,
        source=source,
        source_en=source_en,
        description=description,
        description_en=description_en,
    )
    dataset.full_clean()
    dataset.save()
    audit_log(actor=actor, action="analytics.dataset_created", target=dataset, code=code)
    return dataset


# --- Staging between preview and confirmation --------------------------------------------


@dataclass(frozen=True)
class StagedImport:
    """An uploaded file waiting for confirmation, and what the uploader chose for it."""

    id: str
    owner_id: int
    dataset_id: int
    kind: str
    classifier_id: int
    file_name: str
    size: int
    created_at: str
    unpacked_size: int = 0

    @property
    def content_name(self) -> str:
        return f"{STAGING_DIR}/{self.id}"

    @property
    def meta_name(self) -> str:
        return f"{STAGING_DIR}/{self.id}.json"

    @property
    def check_name(self) -> str:
        return f"{STAGING_DIR}/{self.id}{CHECK_SUFFIX}"

    @property
    def in_background(self) -> bool:
        """Checked by a Celery task (a large file) rather than on every view of the preview."""
        return self.unpacked_size > background_bytes()


def import_stage(
    *,
    actor: User,
    dataset: Dataset,
    kind: str,
    classifier: Classifier,
    file_name: str,
    content: bytes,
    now: datetime | None = None,
) -> StagedImport:
    """Keep an upload (bytes and choices) until its owner confirms or discards it; stale uploads are removed."""
    require_import_permission(actor)
    if kind not in BatchKind.values:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    now = now or timezone.now()
    staged_imports_cleanup(now=now)
    staged = StagedImport(
        id=uuid.uuid4().hex,
        owner_id=actor.pk,
        dataset_id=dataset.pk,
        kind=kind,
        classifier_id=classifier.pk,
        file_name=file_name[:255],
        size=len(content),
        created_at=now.isoformat(),
        unpacked_size=unpacked_size(content),
    )
    default_storage.save(staged.content_name, ContentFile(content))
    default_storage.save(staged.meta_name, ContentFile(json.dumps(asdict(staged)).encode()))
    if staged.in_background:
        _write_check(staged, ImportCheck(status=PENDING, updated_at=now.isoformat()))
        from analytics.tasks import import_check_task

        transaction.on_commit(lambda: import_check_task.delay(staged.id))
    return staged


def staged_import_get(*, staging_id: str, actor: User, now: datetime | None = None) -> tuple[StagedImport, bytes]:
    """The user's staged upload and its bytes; raise ``StagedImportNotFoundError`` otherwise."""
    staged = _read_meta(staging_id)
    if staged is None or actor is None or staged.owner_id != actor.pk:
        raise StagedImportNotFoundError(staging_id)
    if datetime.fromisoformat(staged.created_at) < (now or timezone.now()) - STAGING_TTL:
        _delete_staged(staged)
        raise StagedImportNotFoundError(staging_id)
    try:
        with default_storage.open(staged.content_name, "rb") as handle:
            content = handle.read()
    except FileNotFoundError as error:
        raise StagedImportNotFoundError(staging_id) from error
    return staged, content


def staged_import_preview(*, staging_id: str, actor: User, now: datetime | None = None) -> ImportPreview:
    """The dry run of the user's staged upload."""
    staged, content = staged_import_get(staging_id=staging_id, actor=actor, now=now)
    dataset, classifier = _staged_targets(staged)
    return import_preview(
        dataset=dataset, kind=staged.kind, classifier=classifier, file_name=staged.file_name, content=content, now=now
    )


@transaction.atomic
def staged_import_apply(*, staging_id: str, actor: User, now: datetime | None = None) -> ImportBatch:
    """Apply the user's staged upload all or nothing; the staged file is deleted once the import commits."""
    staged, content = staged_import_get(staging_id=staging_id, actor=actor, now=now)
    dataset, classifier = _staged_targets(staged)
    batch = import_apply(
        dataset=dataset,
        kind=staged.kind,
        classifier=classifier,
        file_name=staged.file_name,
        content=content,
        actor=actor,
        now=now,
    )
    transaction.on_commit(lambda: _delete_staged(staged))
    staged_imports_cleanup(now=now)
    return batch


def staged_import_discard(*, staging_id: str, actor: User) -> None:
    """Forget the user's staged upload."""
    staged = _read_meta(staging_id)
    if staged is None or actor is None or staged.owner_id != actor.pk:
        raise StagedImportNotFoundError(staging_id)
    _delete_staged(staged)


def staged_imports_cleanup(*, now: datetime | None = None) -> int:
    """Delete staged uploads older than 24 hours (and stray files); return how many were removed."""
    limit = (now or timezone.now()) - STAGING_TTL
    try:
        _, names = default_storage.listdir(STAGING_DIR)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for name in names:
        if name.endswith(CHECK_SUFFIX):
            # A check lives as long as its upload; the note of an import done in the worker, a day.
            if not default_storage.exists(f"{STAGING_DIR}/{name.removesuffix(CHECK_SUFFIX)}.json"):
                try:
                    stale = default_storage.get_modified_time(f"{STAGING_DIR}/{name}") < limit
                except (NotImplementedError, FileNotFoundError):
                    stale = True
                if stale:
                    default_storage.delete(f"{STAGING_DIR}/{name}")
                    removed += 1
        elif name.endswith(".json"):
            staged = _read_meta(name.removesuffix(".json"))
            if staged is None or datetime.fromisoformat(staged.created_at) < limit:
                default_storage.delete(f"{STAGING_DIR}/{name}")
                default_storage.delete(f"{STAGING_DIR}/{name.removesuffix('.json')}")
                removed += 1
        elif not default_storage.exists(f"{STAGING_DIR}/{name}.json"):
            try:
                stale = default_storage.get_modified_time(f"{STAGING_DIR}/{name}") < limit
            except (NotImplementedError, FileNotFoundError):
                stale = True
            if stale:
                default_storage.delete(f"{STAGING_DIR}/{name}")
                removed += 1
    return removed


# --- Checks of large files in the worker ----------------------------------------------------

CHECK_SUFFIX = ".check.json"
PENDING, RUNNING, DONE, APPLYING, APPLIED = "pending", "running", "done", "applying", "applied"
#: Work not finished this long after its last sign of life was lost (a killed worker, a lost message):
#: longer than the tasks' hard time limits (5 and 10 minutes).
CHECK_STALE_AFTER = timedelta(minutes=15)


def background_bytes() -> int:
    """Files larger than this, unpacked, are checked in the worker (``settings.ANALYTICS_IMPORT_BACKGROUND_BYTES``)."""
    return int(getattr(settings, "ANALYTICS_IMPORT_BACKGROUND_BYTES", DEFAULT_BACKGROUND_BYTES))


def check_seconds() -> int:
    """How long a check in the worker may read a file (``settings.ANALYTICS_IMPORT_CHECK_SECONDS``)."""
    return int(getattr(settings, "ANALYTICS_IMPORT_CHECK_SECONDS", DEFAULT_CHECK_SECONDS))


@dataclass
class ImportCheck:
    """Where the worker's check of a staged upload stands: pending, running (rows read so far) or done.

    ``result`` is the preview as :meth:`ImportPreview.stored` writes it, once done.
    """

    status: str
    updated_at: str
    rows_read: int = 0
    result: dict[str, Any] | None = None
    file_name: str = ""
    owner_id: int | None = None
    batch_id: int | None = None

    @property
    def is_done(self) -> bool:
        return self.status == DONE


class CheckTimeoutError(Exception):
    """The check read the file for longer than allowed."""


@dataclass
class StoredPreview:
    """A preview kept by the worker's check, with the attributes the preview page reads from ``ImportPreview``."""

    dataset: Dataset
    classifier: Classifier
    data: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.data["kind"]

    @property
    def file_name(self) -> str:
        return self.data["file"]

    @property
    def created(self) -> int:
        return self.data["created"]

    @property
    def updated(self) -> int:
        return self.data["updated"]

    @property
    def unchanged(self) -> int:
        return self.data["unchanged"]

    @property
    def row_count(self) -> int:
        return self.data["rows"]

    @property
    def sheet(self) -> str:
        return self.data["sheet"]

    @property
    def problem_count(self) -> int:
        return self.data["errors"]

    @property
    def listed_problems(self) -> list[ImportProblem]:
        return [ImportProblem(**{**problem, "code": ProblemCode(problem["code"])}) for problem in self.data["problems"]]

    @property
    def more_problems(self) -> int:
        return self.problem_count - len(self.data["problems"])

    @property
    def is_valid(self) -> bool:
        return not self.problem_count

    @property
    def years(self) -> list[tuple[int, dict[str, int]]]:
        return sorted((int(year), counts) for year, counts in self.data["years"].items())

    @property
    def listed_changes(self) -> list[PlannedChange]:
        return [PlannedChange(**change) for change in self.data["changes"]]

    @property
    def more_changes(self) -> int:
        return self.created + self.updated - len(self.data["changes"])

    @property
    def kind_label(self) -> str:
        return str(BatchKind(self.kind).label)


def staged_import_check(*, staging_id: str, now: datetime | None = None) -> ImportCheck:
    """Check a staged upload once (the worker's task) and keep the preview; writes nothing else.

    Idempotent: a finished check is returned as it is. Reading gives up after
    ``check_seconds()``: the result is then a preview with one problem saying so.
    Progress (rows read) is written every ``PROGRESS_EVERY`` rows for the page to show.
    """
    staged = _read_meta(staging_id)
    if staged is None:
        raise StagedImportNotFoundError(staging_id)
    current = _read_check(staged)
    if current is not None and current.is_done:
        return current
    dataset, classifier = _staged_targets(staged)
    with default_storage.open(staged.content_name, "rb") as handle:
        content = handle.read()
    deadline = time.monotonic() + check_seconds()

    def progress(rows_read: int) -> None:
        _write_check(staged, ImportCheck(status=RUNNING, updated_at=timezone.now().isoformat(), rows_read=rows_read))
        if time.monotonic() > deadline:
            raise CheckTimeoutError

    try:
        progress(0)
        preview = import_preview(
            dataset=dataset,
            kind=staged.kind,
            classifier=classifier,
            file_name=staged.file_name,
            content=content,
            now=now,
            progress=progress,
        )
        result = preview.stored()
    except CheckTimeoutError:
        result = _failed_result(staged, dataset, classifier, _check_timeout_problem())
    check = ImportCheck(status=DONE, updated_at=timezone.now().isoformat(), rows_read=result["rows"], result=result)
    _write_check(staged, check)
    return check


def staged_import_check_stopped(*, staging_id: str) -> None:
    """Record that the worker stopped a check at its time limit (the page then says so)."""
    staged = _read_meta(staging_id)
    if staged is None:
        return
    dataset, classifier = _staged_targets(staged)
    result = _failed_result(staged, dataset, classifier, _check_timeout_problem())
    _write_check(staged, ImportCheck(status=DONE, updated_at=timezone.now().isoformat(), result=result))


def staged_import_state(
    *, staging_id: str, actor: User, now: datetime | None = None
) -> ImportPreview | StoredPreview | ImportCheck:
    """What the preview page shows: the dry run, the kept result of the worker's check, or the worker's progress.

    An :class:`ImportCheck` is pending, running, applying (the import runs in the
    worker) or applied (then ``result`` holds the batch's report).
    """
    now = now or timezone.now()
    staged = _live_meta(staging_id, actor, now)
    if staged is None:
        applied = _read_applied(staging_id, actor)
        if applied is None:
            raise StagedImportNotFoundError(staging_id)
        return applied
    if not staged.in_background:
        return staged_import_preview(staging_id=staging_id, actor=actor, now=now)
    dataset, classifier = _staged_targets(staged)
    check = _read_check(staged) or ImportCheck(status=PENDING, updated_at=staged.created_at)
    if check.is_done and check.result is not None:
        return StoredPreview(dataset=dataset, classifier=classifier, data=check.result)
    if datetime.fromisoformat(check.updated_at) < now - CHECK_STALE_AFTER:
        problem = ImportProblem(
            code=ProblemCode.CHECK_TIMEOUT,
            message=_("The work on this file stopped before it finished; nothing was imported. Upload it again."),
        )
        return StoredPreview(
            dataset=dataset, classifier=classifier, data=_failed_result(staged, dataset, classifier, problem)
        )
    check.file_name = staged.file_name
    return check


def staged_import_apply_request(*, staging_id: str, actor: User, now: datetime | None = None) -> ImportCheck | None:
    """Queue the import of a large staged upload in the worker; None for a small one (apply it in the request).

    Asking twice queues it once. The task applies all or nothing, as in the request.
    """
    require_import_permission(actor)
    now = now or timezone.now()
    staged = _live_meta(staging_id, actor, now)
    if staged is None:
        raise StagedImportNotFoundError(staging_id)
    if not staged.in_background:
        return None
    check = _read_check(staged)
    if check is not None and check.status == APPLYING:
        return check
    queued = ImportCheck(
        status=APPLYING, updated_at=now.isoformat(), result=check.result if check else None, file_name=staged.file_name
    )
    _write_check(staged, queued)
    from analytics.tasks import import_apply_task

    transaction.on_commit(lambda: import_apply_task.delay(staged.id, actor.pk))
    return queued


def staged_import_apply_queued(*, staging_id: str, actor: User | None) -> ImportCheck | None:
    """The worker's import of a queued upload (the task's service); None when there is nothing to do.

    Idempotent: only an upload whose import is queued is applied; once it is
    committed the upload is deleted and a note ``applied`` (batch and counts) is
    kept for the page. A rejected file gets its preview back, with every error.
    """
    staged = _read_meta(staging_id)
    if staged is None or actor is None or staged.owner_id != actor.pk:
        return None
    check = _read_check(staged)
    if check is None or check.status != APPLYING:
        return check
    try:
        batch = staged_import_apply(staging_id=staging_id, actor=actor)
    except ImportRejectedError as error:
        rejected = ImportCheck(status=DONE, updated_at=timezone.now().isoformat(), result=error.preview.stored())
        _write_check(staged, rejected)
        return rejected
    applied = ImportCheck(
        status=APPLIED,
        updated_at=timezone.now().isoformat(),
        result=batch.report,
        file_name=batch.file_name,
        owner_id=staged.owner_id,
        batch_id=batch.pk,
    )
    # After the upload's files are deleted (on commit, too): the note outlives them.
    transaction.on_commit(lambda: _write_check(staged, applied))
    return applied


def staged_import_apply_stopped(*, staging_id: str) -> None:
    """Record that the worker stopped an import at its time limit (rolled back: nothing was imported)."""
    staged = _read_meta(staging_id)
    if staged is None:
        return
    dataset, classifier = _staged_targets(staged)
    problem = ImportProblem(
        code=ProblemCode.CHECK_TIMEOUT,
        message=_("The import took too long and was stopped; nothing was imported. Split the file into smaller ones."),
    )
    result = _failed_result(staged, dataset, classifier, problem)
    _write_check(staged, ImportCheck(status=DONE, updated_at=timezone.now().isoformat(), result=result))


def _live_meta(staging_id: str, actor: User | None, now: datetime) -> StagedImport | None:
    """The user's staged upload if it has not expired (without reading the file)."""
    staged = _read_meta(staging_id)
    if staged is None or actor is None or staged.owner_id != actor.pk:
        return None
    if datetime.fromisoformat(staged.created_at) < now - STAGING_TTL:
        _delete_staged(staged)
        return None
    return staged


def _read_applied(staging_id: str, actor: User | None) -> ImportCheck | None:
    """The note an import in the worker leaves once its upload is gone (its owner's only)."""
    try:
        name = f"{STAGING_DIR}/{uuid.UUID(hex=str(staging_id)).hex}{CHECK_SUFFIX}"
        with default_storage.open(name, "rb") as handle:
            check = ImportCheck(**json.loads(handle.read()))
    except (FileNotFoundError, ValueError, TypeError):
        return None
    if check.status != APPLIED or actor is None or check.owner_id != actor.pk:
        return None
    return check


def _check_timeout_problem() -> ImportProblem:
    return ImportProblem(
        code=ProblemCode.CHECK_TIMEOUT,
        message=_("Checking the file took longer than %(seconds)s seconds; split it into smaller files.")
        % {"seconds": check_seconds()},
    )


def _failed_result(
    staged: StagedImport, dataset: Dataset, classifier: Classifier, problem: ImportProblem
) -> dict[str, Any]:
    return {
        "file": staged.file_name,
        "dataset": dataset.code,
        "kind": staged.kind,
        "classifier": classifier.code,
        "format": "",
        "sheet": "",
        "rows": 0,
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "errors": 1,
        "years": {},
        "problems": [problem.as_dict()],
        "changes": [],
    }


def _read_check(staged: StagedImport) -> ImportCheck | None:
    try:
        with default_storage.open(staged.check_name, "rb") as handle:
            return ImportCheck(**json.loads(handle.read()))
    except FileNotFoundError:
        return None
    except (ValueError, TypeError):
        # Read while the worker rewrites it: still running.
        return ImportCheck(status=RUNNING, updated_at=timezone.now().isoformat())


def _write_check(staged: StagedImport, check: ImportCheck) -> None:
    default_storage.delete(staged.check_name)
    default_storage.save(staged.check_name, ContentFile(json.dumps(asdict(check)).encode()))


def _read_meta(staging_id: str) -> StagedImport | None:
    try:
        uuid.UUID(hex=str(staging_id))
    except ValueError:
        return None
    name = f"{STAGING_DIR}/{uuid.UUID(hex=str(staging_id)).hex}.json"
    try:
        with default_storage.open(name, "rb") as handle:
            return StagedImport(**json.loads(handle.read()))
    except (FileNotFoundError, ValueError, TypeError):
        return None


def _delete_staged(staged: StagedImport) -> None:
    default_storage.delete(staged.content_name)
    default_storage.delete(staged.meta_name)
    default_storage.delete(staged.check_name)


def _staged_targets(staged: StagedImport) -> tuple[Dataset, Classifier]:
    try:
        return Dataset.objects.get(pk=staged.dataset_id), Classifier.objects.get(pk=staged.classifier_id)
    except (Dataset.DoesNotExist, Classifier.DoesNotExist) as error:
        raise StagedImportNotFoundError(staged.id) from error


# --- Reads for the data bank pages -------------------------------------------------------
# (Reads belong in analytics/selectors.py; kept here until that module's owner takes them.)


@dataclass
class CountRow:
    """How many rows a data set holds for one kind, classifier (and coefficient), per year."""

    kind: str
    classifier: Classifier
    indicator: str
    per_year: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.per_year.values())

    @property
    def kind_label(self) -> str:
        return str(BatchKind(self.kind).label)

    @property
    def indicator_label(self) -> str:
        return str(Indicator(self.indicator).label) if self.indicator in Indicator.values else self.indicator

    def cells(self, years: list[int]) -> list[int]:
        return [self.per_year.get(year, 0) for year in years]


@dataclass
class DatasetOverview:
    """A data set with its batches and its row counts per year and classifier."""

    dataset: Dataset
    batches: list[ImportBatch]
    counts: list[CountRow]

    @property
    def years(self) -> list[int]:
        return sorted({year for row in self.counts for year in row.per_year})

    @property
    def table(self) -> list[tuple[CountRow, list[int]]]:
        years = self.years
        return [(row, row.cells(years)) for row in self.counts]


def data_bank_overview() -> list[DatasetOverview]:
    """Every data set with its batches and counts, in a fixed number of queries whatever the data."""
    datasets = list(
        Dataset.objects.prefetch_related(
            Prefetch("batches", queryset=ImportBatch.objects.select_related("uploaded_by").order_by("-created_at"))
        )
    )
    classifiers = {classifier.pk: classifier for classifier in Classifier.objects.all()}
    counts: dict[tuple[int, str, int, str], dict[int, int]] = defaultdict(dict)
    observation_counts = (
        Observation.objects.values("dataset_id", "item__classifier_id", "year").annotate(n=Count("id")).order_by()
    )
    for entry in observation_counts:
        key = (entry["dataset_id"], BatchKind.OBSERVATIONS, entry["item__classifier_id"], "")
        counts[key][entry["year"]] = entry["n"]
    coefficient_counts = (
        PublishedCoefficient.objects.values("dataset_id", "indicator", "item__classifier_id", "year")
        .annotate(n=Count("id"))
        .order_by()
    )
    for entry in coefficient_counts:
        key = (entry["dataset_id"], BatchKind.COEFFICIENTS, entry["item__classifier_id"], entry["indicator"])
        counts[key][entry["year"]] = entry["n"]
    by_dataset: dict[int, list[CountRow]] = defaultdict(list)
    for (dataset_id, kind, classifier_id, indicator), per_year in sorted(counts.items()):
        by_dataset[dataset_id].append(
            CountRow(kind=kind, classifier=classifiers[classifier_id], indicator=indicator, per_year=per_year)
        )
    return [
        DatasetOverview(dataset=dataset, batches=list(dataset.batches.all()), counts=by_dataset[dataset.pk])
        for dataset in datasets
    ]
