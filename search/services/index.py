"""Keeping the search index (``SearchDocument`` and its filter values) in step with the indexed objects.

* :func:`index_on_commit` — what the signal receivers call: remember an object to re-index and
  re-index everything remembered once the transaction commits (one batch per transaction).
* :func:`index_refresh` — re-index some objects now: write the documents of those that are
  public, delete those of the others; a document that appears starts the saved-search alerts.
* :func:`index_rebuild` — the whole index at once (``manage.py rebuild_search_index``, the nightly
  task): a few bulk statements in one transaction, so a reader sees the old or the new index.

References are ``(kind, id)`` pairs; besides the document kinds, ``agent-projects`` (the projects an
agent takes part in: their texts name it, their regions are its region), ``expert-user`` (the
profile of a user, whose full name is the expert's title) and ``region`` with id ``0`` (every
region: a new snapshot of the competence maps changes their competences) are understood.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import cast

from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone

from cooperation.choices import ParticipantStatus
from cooperation.models import ProjectParticipant
from experts.models import ExpertProfile

from .. import text
from ..backends import SEARCH_CONFIG
from ..choices import DocumentKind
from ..documents import BUILDERS, DocumentData
from ..models import SearchDocument, SearchFacetValue, SearchIndexState

logger = logging.getLogger(__name__)

AGENT_PROJECTS = "agent-projects"
EXPERT_USER = "expert-user"
ALL = 0
DOCUMENT_FIELDS = (
    "title_ru",
    "title_en",
    "summary_ru",
    "summary_en",
    "url",
    "title_text",
    "body",
    "fields",
    "title_stems",
    "body_stems",
    "sort_ru",
    "sort_en",
    "helix",
    "region_id",
    "level",
    "created_at",
)

Ref = tuple[str, int]


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- Scheduling. ---------------------------------------------------------------------------------------


class _PendingIndex:
    """The on-commit callback that re-indexes what one transaction changed, once."""

    def __init__(self) -> None:
        self.refs: set[Ref] = set()
        self.done = False

    def __call__(self) -> None:
        if self.done:
            return
        self.done = True
        try:
            index_refresh(refs=self.refs)
        except Exception:  # an index that lags must never turn a committed change into an error page
            logger.exception("Re-indexing %s failed; `manage.py rebuild_search_index` repairs the index", self.refs)


def index_on_commit(kind: str, object_id: int) -> None:
    """Re-index ``(kind, object_id)`` after the current transaction commits (at once outside one).

    All the references of one transaction share one callback, so a service that saves an
    object several times, with its relations, re-indexes it once. Every call registers the
    shared callback again (it runs only once) so that a rolled-back savepoint cannot take the
    only registration with it. Runs no query.
    """
    db = transaction.get_connection()
    pending = None
    if db.in_atomic_block:
        for entry in reversed(db.run_on_commit):
            callback = entry[1]
            if isinstance(callback, _PendingIndex) and not callback.done:
                pending = callback
                break
    pending = pending or _PendingIndex()
    pending.refs.add((str(kind), int(object_id)))
    transaction.on_commit(pending)


# --- Writing documents. --------------------------------------------------------------------------------


def _sort_key(title: str) -> str:
    return " ".join(title.casefold().replace("ё", "е").split())[:300]


def _model(data: DocumentData) -> SearchDocument:
    document = SearchDocument(
        kind=data.kind,
        object_id=data.object_id,
        title_ru=data.title_ru,
        title_en=data.title_en,
        summary_ru=data.summary_ru,
        summary_en=data.summary_en,
        url=data.url,
        title_text=data.title_text,
        body=data.body,
        fields=[[key, value] for key, value in data.fields if value],
        sort_ru=_sort_key(data.title_ru),
        sort_en=_sort_key(data.title_en),
        helix=data.helix,
        region_id=data.region_id,
        level=data.level,
        created_at=data.created_at,
    )
    # The fallback's stems are stored on PostgreSQL too (which matches through its own vector), so that
    # the fallback can be compared with it on the same database.
    document.title_stems = text.stems_field([data.title_text])
    document.body_stems = text.stems_field([data.body])
    return document


_INSERT_FACETS = "INSERT INTO search_searchfacetvalue (document_id, facet, value) VALUES (%s, %s, %s)"


def _update_documents(documents: list[SearchDocument]) -> None:
    """Write the documents' fields over their rows: one ``UPDATE … WHERE id = %s`` sent with ``executemany``.

    Why not ``bulk_update``: it builds one ``CASE WHEN id = … THEN …`` expression per field and row, and
    resolving those expressions was most of the CPU of re-indexing the 85 region documents after each
    recomputation of the competence maps (part of the nightly run; ``bench/fit_scores.py --part nightly``).
    """
    meta = SearchDocument._meta
    quote = connection.ops.quote_name
    fields = [cast(models.Field, meta.get_field(name)) for name in [*DOCUMENT_FIELDS, "indexed_at"]]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote('id')} = %s"  # noqa: S608 - _meta
    rows = [
        [field.get_db_prep_save(getattr(model, field.attname), connection) for field in fields] + [model.pk]
        for model in documents
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _insert_facets(documents: dict[Ref, int], data: Iterable[DocumentData]) -> None:
    """Write the filter values of the documents (``executemany``: a rebuild writes tens of thousands)."""
    rows = [
        (documents[item.ref], facet, value)
        for item in data
        if item.ref in documents
        for facet, value in dict.fromkeys(item.facets)
    ]
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT_FACETS, rows)


def _update_vectors(ids: list[int] | None) -> None:
    """PostgreSQL: compute the weighted vectors of the documents (all of them when ``ids`` is None)."""
    if not uses_postgres():
        return
    vector = SearchVector("title_text", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "body", weight="B", config=SEARCH_CONFIG
    )
    queryset = SearchDocument.objects.all() if ids is None else SearchDocument.objects.filter(pk__in=ids)
    queryset.update(search_vector=vector)


def _bump_version() -> None:
    """Raise the index's version in the writing transaction (readers see it with the new documents)."""
    updated = SearchIndexState.objects.filter(pk=SearchIndexState.SINGLETON).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        SearchIndexState.objects.get_or_create(pk=SearchIndexState.SINGLETON, defaults={"version": 1})


def _expand(refs: Iterable[Ref]) -> dict[str, set[int]]:
    """Document kind -> ids to re-index (``None`` in a set means every object of that kind)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    agents_projects, expert_users = set(), set()
    for kind, object_id in refs:
        if kind == AGENT_PROJECTS:
            agents_projects.add(object_id)
        elif kind == EXPERT_USER:
            expert_users.add(object_id)
        elif kind in DocumentKind.values:
            wanted[kind].add(object_id)
    if agents_projects:
        wanted[DocumentKind.PROJECT].update(
            ProjectParticipant.objects.filter(
                agent_id__in=agents_projects, status=ParticipantStatus.ACCEPTED
            ).values_list("project_id", flat=True)
        )
    if expert_users:
        wanted[DocumentKind.EXPERT].update(
            ExpertProfile.objects.filter(user_id__in=expert_users).values_list("pk", flat=True)
        )
    return wanted


@dataclass
class IndexResult:
    """What a refresh or a rebuild wrote."""

    created: list[Ref] = field(default_factory=list)
    updated: int = 0
    deleted: int = 0
    seconds: float = 0.0


@transaction.atomic
def index_refresh(*, refs: Iterable[Ref]) -> IndexResult:
    """Re-index the referenced objects from the database as it is now; idempotent.

    A public object's document is written (created or replaced with its filter values), a
    document whose object is gone or no longer public is deleted. Documents that were created
    (an agent just verified, a profile just published, a project just opened) are handed to the
    saved-search alerts after the commit.
    """
    started = time.perf_counter()
    result = IndexResult()
    wanted = _expand(refs)
    for kind, ids in wanted.items():
        builder = BUILDERS[kind]
        every = ALL in ids and kind == DocumentKind.REGION
        built = {item.ref: item for item in builder(None if every else sorted(ids))}
        existing_query = SearchDocument.objects.filter(kind=kind)
        if not every:
            existing_query = existing_query.filter(object_id__in=ids)
        existing = dict(existing_query.values_list("object_id", "pk"))
        gone = [pk for object_id, pk in existing.items() if (kind, object_id) not in built]
        if gone:
            SearchFacetValue.objects.filter(document_id__in=gone).delete()
            result.deleted += SearchDocument.objects.filter(pk__in=gone).delete()[1].get(SearchDocument._meta.label, 0)
        new = [item for ref, item in built.items() if ref[1] not in existing]
        old = [item for ref, item in built.items() if ref[1] in existing]
        if old:
            models = []
            for item in old:
                model = _model(item)
                model.pk = existing[item.object_id]
                model.indexed_at = timezone.now()
                models.append(model)
            _update_documents(models)
            SearchFacetValue.objects.filter(document_id__in=[model.pk for model in models]).delete()
            result.updated += len(models)
        if new:
            SearchDocument.objects.bulk_create([_model(item) for item in new], batch_size=500)
            result.created.extend(item.ref for item in new)
        ids_now = dict(
            SearchDocument.objects.filter(kind=kind, object_id__in=[ref[1] for ref in built]).values_list(
                "object_id", "pk"
            )
        )
        document_ids = {(kind, object_id): pk for object_id, pk in ids_now.items()}
        _insert_facets(document_ids, built.values())
        _update_vectors(list(document_ids.values()))
    if result.created or result.updated or result.deleted:
        _bump_version()
    if result.created:
        from ..tasks import saved_search_alerts_task

        created = [[kind, object_id] for kind, object_id in result.created if kind != DocumentKind.REGION]
        if created:
            transaction.on_commit(lambda: saved_search_alerts_task.delay(refs=created), robust=True)
    result.seconds = time.perf_counter() - started
    return result


def _delete_documents(kinds: list[str] | None) -> None:
    if kinds is None:
        # Plain DELETEs: the ORM's delete() would first load every document to cascade to the facets.
        with connection.cursor() as cursor:
            for model in (SearchFacetValue, SearchDocument):
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        return
    SearchFacetValue.objects.filter(document__kind__in=kinds).delete()
    SearchDocument.objects.filter(kind__in=kinds).only("pk").delete()


@transaction.atomic
def index_rebuild(*, kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Rebuild the whole index in one transaction (no alerts: nothing is new); returns documents per kind."""
    kinds = [str(kind) for kind in kinds] if kinds else None
    _delete_documents(kinds)
    counts: dict[str, int] = {}
    for kind in kinds or DocumentKind.values:
        batch: list[DocumentData] = []
        counts[kind] = 0
        for item in BUILDERS[kind]():
            batch.append(item)
            if len(batch) >= 2000:
                counts[kind] += _write_batch(batch)
                batch = []
        counts[kind] += _write_batch(batch)
    _update_vectors(None)
    _bump_version()
    return counts


def _write_batch(batch: list[DocumentData]) -> int:
    if not batch:
        return 0
    kind = batch[0].kind
    SearchDocument.objects.bulk_create([_model(item) for item in batch], batch_size=1000)
    ids = dict(
        SearchDocument.objects.filter(kind=kind, object_id__in=[item.object_id for item in batch]).values_list(
            "object_id", "pk"
        )
    )
    _insert_facets({(kind, object_id): pk for object_id, pk in ids.items()}, batch)
    return len(batch)
