"""Reads of the analytics app: the ONLY place that turns the ORM into DataFrames.

Two groups of readers:

* **Inputs of a recomputation** (``*_frame`` functions): plain pandas frames in the
  schemas ``analytics.computations`` expects, so the engine never sees a model.
  Regions are labelled by their ISO 3166-2 code (``RU-LIP``); the country-total rows
  of a data set (``Observation.region`` NULL) by :data:`COUNTRY`.
* **Reads for pages and the API**: the current snapshot, its coefficient values
  (``values_list`` rows, one query, no N+1), and its JSON documents (scenario model of
  a region, managerial matrix of a macro-region, complexity measures).

Pages and the API always read the *current* snapshot unless they pass one
explicitly; a snapshot is switched to in one transaction, so a page never sees half
a run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

import pandas as pd
from django.core.cache import cache
from django.db.models import Count, F, Max, Q, QuerySet

from core.cache_versions import forget
from regions.models import MacroRegion, Region
from regions.selectors import macroregion_list, region_list

from .choices import TREND_INDICATORS, Indicator, MappingKind, SnapshotStatus
from .computations.snapshot_diff import DEFAULT_TOLERANCE, diff_counts, snapshot_diff
from .models import (
    ClassifierItem,
    ClassifierMapping,
    CoefficientValue,
    CompetenceEvent,
    ConcordanceLink,
    CrossCuttingRubric,
    Dataset,
    ImportBatch,
    Observation,
    PublishedCoefficient,
    Snapshot,
    SnapshotDocument,
)

#: Region label of a data set's country-total observations (``Observation.region`` NULL).
COUNTRY = "RU"

#: Kinds of :class:`SnapshotDocument` written by a recomputation.
DOCUMENT_SCENARIO = "scenario"
DOCUMENT_MATRIX = "matrix"
DOCUMENT_COMPLEXITY = "complexity"

OBSERVATION_COLUMNS = ["region", "item", "name", "classifier", "kind", "year", "value"]
COEFFICIENT_COLUMNS = ["indicator", "code", "name", "region", "year", "value"]
CONCORDANCE_COLUMNS = ["classifier", "code", "st_rubric"]

#: Fields of each row returned by :func:`coefficient_values` (a named tuple per row).
COEFFICIENT_VALUE_FIELDS = (
    "dataset_code",
    "indicator",
    "region_iso",
    "region_name_en",
    "region_name_ru",
    "macroregion_code",
    "classifier_code",
    "item_code",
    "item_name_en",
    "item_name_ru",
    "item_sort_order",
    "year",
    "value",
    "is_competence",
)
_VALUE_ANNOTATIONS = {
    "dataset_code": F("dataset__code"),
    "region_iso": F("region__iso_code"),
    "region_name_en": F("region__name_en"),
    "region_name_ru": F("region__name_ru"),
    "macroregion_code": F("region__macroregion__code"),
    "classifier_code": F("item__classifier__code"),
    "item_code": F("item__code"),
    "item_name_en": F("item__name_en"),
    "item_name_ru": F("item__name_ru"),
    "item_sort_order": F("item__sort_order"),
}


# --- Inputs of a recomputation (ORM -> DataFrame) -----------------------------------


def datasets() -> QuerySet[Dataset]:
    """Every data set, in display order (``sort_order``, ``code``)."""
    return Dataset.objects.order_by("sort_order", "code")


def observations_frame(*, dataset: Dataset | int, kind: str | None = None) -> pd.DataFrame:
    """Observations of one data set as a long frame, one query.

    Columns ``region`` (ISO code, or :data:`COUNTRY` for a country-total row),
    ``item`` (item code), ``name`` (English item name), ``classifier`` (classifier
    code), ``kind`` (:class:`ClassifierKind`), ``year`` (int), ``value`` (float).
    ``kind`` restricts to one classifier kind.  Sorted by kind, classifier, year.
    """
    query = Observation.objects.filter(dataset=dataset)
    if kind is not None:
        query = query.filter(item__classifier__kind=kind)
    rows = query.values_list(
        "region__iso_code",
        "item__code",
        "item__name_en",
        "item__classifier__code",
        "item__classifier__kind",
        "year",
        "value",
    )
    frame = pd.DataFrame.from_records(list(rows), columns=OBSERVATION_COLUMNS)
    frame["region"] = frame["region"].fillna(COUNTRY)
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame.sort_values(["kind", "classifier", "year"], kind="stable", ignore_index=True)


def published_coefficients_frame(*, dataset: Dataset | int) -> pd.DataFrame:
    """Published coefficients of one data set in the coefficient-table schema, one query.

    Columns ``indicator, code, name, region, year, value`` (``code`` = item code,
    ``name`` = English item name -- the S&T rubric names the concordance matches --
    ``region`` = ISO code), plus ``classifier`` (classifier code).
    """
    rows = PublishedCoefficient.objects.filter(dataset=dataset).values_list(
        "indicator", "item__code", "item__name_en", "region__iso_code", "year", "value", "item__classifier__code"
    )
    frame = pd.DataFrame.from_records(list(rows), columns=[*COEFFICIENT_COLUMNS, "classifier"])
    frame["year"] = frame["year"].astype("int64")
    frame["value"] = frame["value"].astype("float64")
    return frame


def concordance_frame() -> pd.DataFrame:
    """The analysts' concordance in the engine's schema (that of the shared ``concordance.csv``).

    Columns ``classifier`` (the direction's classifier *kind*: ``export`` or
    ``sector``), ``code`` (direction item code), ``st_rubric`` (the GRNTI rubric's
    English name, as in the shared tables), in the concordance's order; plus
    ``direction_classifier`` (the direction's classifier code, e.g. ``nace2``: OKVED1 and
    OKVED2 share letters with different meanings), which the engine ignores.
    """
    rows = ConcordanceLink.objects.order_by(
        "direction__classifier__code", "direction__code", "sort_order", "id"
    ).values_list("direction__classifier__kind", "direction__code", "rubric__name_en", "direction__classifier__code")
    return pd.DataFrame.from_records(list(rows), columns=[*CONCORDANCE_COLUMNS, "direction_classifier"])


def cross_cutting_frame() -> pd.DataFrame:
    """Cross-cutting rubrics: one column ``st_rubric`` (English rubric name), in the list's order."""
    rows = CrossCuttingRubric.objects.order_by("sort_order", "id").values_list("rubric__name_en", flat=True)
    return pd.DataFrame({"st_rubric": list(rows)}, dtype="object")


def region_names() -> pd.DataFrame:
    """Regions indexed by ISO code: ``id``, ``name_en``, ``name_ru``, ``macroregion`` (code), ``sort_order``."""
    rows = Region.objects.order_by("sort_order", "iso_code").values_list(
        "iso_code", "id", "name_en", "name_ru", "macroregion__code", "sort_order"
    )
    columns = ["region", "id", "name_en", "name_ru", "macroregion", "sort_order"]
    return pd.DataFrame.from_records(list(rows), columns=columns).set_index("region")


def macroregion_names() -> pd.DataFrame:
    """Macro-regions indexed by code: ``name_en``, ``name_ru``, ``sort_order``."""
    rows = MacroRegion.objects.order_by("sort_order", "code").values_list("code", "name_en", "name_ru", "sort_order")
    return pd.DataFrame.from_records(list(rows), columns=["macroregion", "name_en", "name_ru", "sort_order"]).set_index(
        "macroregion"
    )


def item_names(*, kind: str | None = None) -> pd.DataFrame:
    """Classifier items: ``id, classifier, kind, code, name_en, name_ru`` (optionally of one kind)."""
    query = ClassifierItem.objects.all()
    if kind is not None:
        query = query.filter(classifier__kind=kind)
    rows = query.values_list("id", "classifier__code", "classifier__kind", "code", "name_en", "name_ru")
    return pd.DataFrame.from_records(list(rows), columns=["id", "classifier", "kind", "code", "name_en", "name_ru"])


def continuations_frame() -> pd.DataFrame:
    """The *equivalent* classifier mappings as ``source_classifier, source_code, target_classifier, target_code``:
    they continue a series across a classifier switch (OKVED1 "D" 2015 -> NACE "C" 2016)."""
    rows = ClassifierMapping.objects.filter(kind=MappingKind.EQUIVALENT).values_list(
        "source__classifier__code", "source__code", "target__classifier__code", "target__code"
    )
    return pd.DataFrame.from_records(
        list(rows), columns=["source_classifier", "source_code", "target_classifier", "target_code"]
    )


#: Columns of :func:`recorded_events_frame` (the keys of ``analytics.computations.events``, and the row id).
RECORDED_EVENT_COLUMNS = ["id", "dataset", "indicator", "classifier", "code", "region", "year", "kind"]


def recorded_events_frame(*, dataset_ids: Iterable[int]) -> pd.DataFrame:
    """The competence events recorded so far for these data sets (``dataset`` is the data set's id,
    ``region`` its ISO code), one query."""
    rows = CompetenceEvent.objects.filter(dataset_id__in=list(dataset_ids)).values_list(
        "id", "dataset_id", "indicator", "item__classifier__code", "item__code", "region__iso_code", "year", "kind"
    )
    return pd.DataFrame.from_records(list(rows), columns=RECORDED_EVENT_COLUMNS).astype({"year": "int64"})


# --- Reads for pages and the API ----------------------------------------------------


def competence_events(
    *,
    region: str | None = None,
    dataset: str | None = None,
    indicator: str | None = None,
    kind: str | None = None,
    snapshot: Snapshot | int | None = None,
) -> QuerySet[CompetenceEvent]:
    """Competence events (open data), newest year first, with their data set, region, item and classifier
    (one query); filtered by region ISO code, data set code, coefficient, kind or recording snapshot."""
    query = CompetenceEvent.objects.select_related("dataset", "region", "item__classifier").order_by(
        "-year",
        "dataset__sort_order",
        "dataset__code",
        "indicator",
        "item__classifier__code",
        "item__sort_order",
        "item__code",
        "region__sort_order",
    )
    if region is not None:
        query = query.filter(region__iso_code=region)
    if dataset:
        query = query.filter(dataset__code=dataset)
    if indicator:
        query = query.filter(indicator=indicator)
    if kind:
        query = query.filter(kind=kind)
    if snapshot is not None:
        query = query.filter(snapshot=snapshot)
    return query


def competent_regions(*, items: Iterable[tuple[int, int, str, int]]) -> dict[tuple[int, int, str, int], set[int]]:
    """For each ``(dataset id, item id, indicator, year)``, the ids of the regions with that competence in the
    current snapshot (one query)."""
    wanted = set(items)
    snapshot = current_snapshot()
    found: dict[tuple[int, int, str, int], set[int]] = defaultdict(set)
    if snapshot is None or not wanted:
        return found
    rows = CoefficientValue.objects.filter(
        snapshot=snapshot,
        is_competence=True,
        item_id__in={key[1] for key in wanted},
        year__in={key[3] for key in wanted},
        dataset_id__in={key[0] for key in wanted},
    ).values_list("dataset_id", "item_id", "indicator", "year", "region_id")
    for dataset_id, item_id, indicator, year, region_id in rows:
        key = (dataset_id, item_id, indicator, year)
        if key in wanted:
            found[key].add(region_id)
    return found


def classifier_mappings(
    *,
    source_classifier: str | Sequence[str] | None = None,
    target_classifier: str | Sequence[str] | None = None,
    kind: str | None = None,
) -> QuerySet[ClassifierMapping]:
    """Links between items of two classifiers (OKVED1 → OKVED2), with both items and classifiers.

    ``source_classifier`` / ``target_classifier``: a classifier code or several; ``kind``
    a :class:`analytics.choices.MappingKind` value. One query (``select_related``).
    """
    query = ClassifierMapping.objects.select_related("source__classifier", "target__classifier")
    for field, codes in (("source", source_classifier), ("target", target_classifier)):
        if isinstance(codes, str):
            query = query.filter(**{f"{field}__classifier__code": codes})
        elif codes is not None:
            query = query.filter(**{f"{field}__classifier__code__in": list(codes)})
    if kind is not None:
        query = query.filter(kind=kind)
    return query


def current_snapshot() -> Snapshot | None:
    """The snapshot pages read (complete and marked current), or None before the first run."""
    return Snapshot.objects.filter(is_current=True, status=SnapshotStatus.COMPLETE).first()


#: The cache key of :func:`cached_current_snapshot` (dropped by every save or delete of a snapshot).
CURRENT_SNAPSHOT_KEY = "analytics:current-snapshot"
CURRENT_SNAPSHOT_CACHE_SECONDS = 3600


def cached_current_snapshot(read: dict | None = None) -> Snapshot | None:
    """:func:`current_snapshot`, from the cache on most requests (pages asked on every request: the cell page).

    ``read``: what a caller's own ``cache.get_many`` found, ``CURRENT_SNAPSHOT_KEY`` among its keys (one round trip
    for several entries); the entry's shape stays this function's business.

    A recomputation switches snapshots by saving the new one (``is_current``) in the transaction that clears
    the old one's flag, and a failed or pruned one is saved or deleted too: each drops the entry
    (:func:`forget_current_snapshot`), now and once the transaction commits.
    """
    found = read.get(CURRENT_SNAPSHOT_KEY) if read is not None else cache.get(CURRENT_SNAPSHOT_KEY)
    if found is None:
        found = (current_snapshot(),)
        cache.set(CURRENT_SNAPSHOT_KEY, found, CURRENT_SNAPSHOT_CACHE_SECONDS)
    return found[0]


def forget_current_snapshot(sender=None, raw: bool = False, **kwargs) -> None:
    """A snapshot was saved or deleted: drop the cached current one, now and once the transaction commits."""
    if raw:
        return
    forget(CURRENT_SNAPSHOT_KEY)


def competence_values_frame(*, snapshot: Snapshot | int) -> pd.DataFrame:
    """The inputs of ``analytics.computations.fit``: ``family, region, item, value`` of one snapshot.

    A family is one coefficient of one data set (``"<dataset id>:<indicator>"``) at its latest year in the
    snapshot; regions and items are their ids. Two queries (the latest years, then the values).
    """
    values = CoefficientValue.objects.filter(snapshot=snapshot)
    latest = values.values("dataset_id", "indicator").annotate(year=Max("year")).order_by()
    condition = Q(pk__in=[])
    for row in latest:
        condition |= Q(dataset_id=row["dataset_id"], indicator=row["indicator"], year=row["year"])
    rows = list(values.filter(condition).values_list("dataset_id", "indicator", "region_id", "item_id", "value"))
    frame = pd.DataFrame(rows, columns=["dataset", "indicator", "region", "item", "value"])
    frame["value"] = frame["value"].astype("float64")
    family = frame["dataset"].astype(str) + ":" + frame["indicator"].astype(str)
    return pd.DataFrame({"family": family, "region": frame["region"], "item": frame["item"], "value": frame["value"]})


@dataclass(frozen=True)
class PendingImports:
    """Imports that changed the data bank after the latest recomputation started: the maps do not show them yet.

    ``count``: how many; ``latest``: the newest of them (an ``ImportBatch``); ``running``: a recomputation is
    under way (it started before them, so it will not show them either).
    """

    count: int
    latest: ImportBatch
    running: bool


def imports_not_in_the_maps() -> PendingImports | None:
    """Imports that created or updated rows after the current snapshot (or a run under way) started, or None.

    A recomputation reads the data bank when it starts, so an import newer than the start of the current
    snapshot (and of any run still going) is in no snapshot.  Two queries.
    """
    snapshots = list(
        Snapshot.objects.filter(Q(is_current=True) | Q(status=SnapshotStatus.RUNNING)).order_by("-started_at")
    )
    live = [snapshot for snapshot in snapshots if not snapshot.is_interrupted]
    since = live[0].started_at if live else None
    batches = ImportBatch.objects.select_related("dataset").order_by("-created_at", "-id")
    if since is not None:
        batches = batches.filter(created_at__gt=since)
    changed = [
        batch
        for batch in batches
        if int((batch.report or {}).get("created", 0)) + int((batch.report or {}).get("updated", 0)) > 0
    ]
    if not changed:
        return None
    running = any(snapshot.status == SnapshotStatus.RUNNING for snapshot in live)
    return PendingImports(count=len(changed), latest=changed[0], running=running)


def recent_snapshots(*, limit: int = 10) -> QuerySet[Snapshot]:
    """The latest snapshots (any status), newest first, for the analysts' status page."""
    return Snapshot.objects.select_related("triggered_by").order_by("-started_at", "-id")[:limit]


#: Columns of :func:`snapshot_coefficients_frame` (the input of ``analytics.computations.snapshot_diff``).
SNAPSHOT_COEFFICIENT_COLUMNS = ["dataset", "indicator", "region", "item", "year", "value", "is_competence"]


def snapshot_coefficients_frame(*, snapshot: Snapshot | int) -> pd.DataFrame:
    """Every coefficient of one snapshot, ids only (:data:`SNAPSHOT_COEFFICIENT_COLUMNS`; NULL value -> NaN)."""
    rows = CoefficientValue.objects.filter(snapshot=snapshot).values_list(
        "dataset_id", "indicator", "region_id", "item_id", "year", "value", "is_competence"
    )
    frame = pd.DataFrame.from_records(list(rows), columns=SNAPSHOT_COEFFICIENT_COLUMNS)
    return frame.astype({"value": "float64", "is_competence": bool})


def comparable_snapshots() -> list[Snapshot]:
    """Complete snapshots, newest first: those whose coefficients are kept (pruned ones are deleted)."""
    return list(Snapshot.objects.filter(status=SnapshotStatus.COMPLETE).order_by("-started_at", "-id"))


def previous_snapshot(snapshot: Snapshot, complete: Sequence[Snapshot]) -> Snapshot | None:
    """The complete snapshot before ``snapshot`` in ``complete`` (newest first), or None."""
    older = [other for other in complete if (other.started_at, other.pk) < (snapshot.started_at, snapshot.pk)]
    return older[0] if older else None


def _diff_cache_key(before: Snapshot, after: Snapshot, tolerance: float) -> str:
    # A complete snapshot never changes; its id, checksum and finish time name it even if a test database
    # reuses ids.
    parts = [
        f"{snapshot.pk}-{snapshot.inputs_checksum}-{snapshot.finished_at.timestamp() if snapshot.finished_at else ''}"
        for snapshot in (before, after)
    ]
    return f"analytics:snapshot-diff:{parts[0]}:{parts[1]}:{tolerance!r}"


def snapshot_diff_frame(*, before: Snapshot, after: Snapshot, tolerance: float) -> pd.DataFrame:
    """The rows of ``analytics.computations.snapshot_diff`` from ``before`` to ``after`` (two queries, or the cache).

    Complete snapshots never change, so the diff of a pair is cached without expiry.
    """
    key = _diff_cache_key(before, after, tolerance)
    diff = cache.get(key)
    if diff is None:
        diff = snapshot_diff(
            snapshot_coefficients_frame(snapshot=before),
            snapshot_coefficients_frame(snapshot=after),
            tolerance=tolerance,
        )
        cache.set(key, diff, timeout=None)
    return diff


@dataclass(frozen=True)
class SnapshotChanges:
    """A snapshot's change against the complete snapshot before it: counts of :func:`diff_counts`."""

    previous: Snapshot
    counts: dict[str, int]


def snapshot_changes(
    snapshots: Sequence[Snapshot], *, tolerance: float = DEFAULT_TOLERANCE
) -> dict[int, SnapshotChanges]:
    """For each complete snapshot of ``snapshots`` that has a complete predecessor: what changed since it."""
    complete = comparable_snapshots()
    changes = {}
    for snapshot in snapshots:
        if snapshot.status != SnapshotStatus.COMPLETE:
            continue
        previous = previous_snapshot(snapshot, complete)
        if previous is not None:
            diff = snapshot_diff_frame(before=previous, after=snapshot, tolerance=tolerance)
            changes[snapshot.pk] = SnapshotChanges(previous=previous, counts=diff_counts(diff))
    return changes


@dataclass(frozen=True)
class SnapshotComparisonData:
    """What the comparison page of two snapshots shows, read once: the diff and the names it refers to.

    ``snapshots``: the complete snapshots one may choose from (newest first); ``diff``: the rows of
    ``snapshot_diff`` (ids); ``datasets``: id -> (code, name_en, name_ru); ``regions``: id ->
    (iso, name_en, name_ru, sort_order); ``items``: id -> (classifier, code, name_en, name_ru).
    """

    before: Snapshot
    after: Snapshot
    tolerance: float
    snapshots: list[Snapshot]
    diff: pd.DataFrame
    datasets: dict[int, tuple[str, str, str]]
    regions: dict[int, tuple[str, str, str, int]]
    items: dict[int, tuple[str, str, str, str]]


def snapshot_comparison_data(
    *, before: Snapshot, after: Snapshot, snapshots: list[Snapshot], tolerance: float
) -> SnapshotComparisonData:
    """The diff of two complete snapshots and the names of the data sets, regions and items it names."""
    diff = snapshot_diff_frame(before=before, after=after, tolerance=tolerance)
    datasets = {
        pk: (code, name_en, name_ru)
        for pk, code, name_en, name_ru in Dataset.objects.filter(pk__in=diff["dataset"].unique().tolist()).values_list(
            "pk", "code", "name_en", "name_ru"
        )
    }
    regions = {
        pk: (iso, name_en, name_ru, order)
        for pk, iso, name_en, name_ru, order in Region.objects.filter(
            pk__in=diff["region"].unique().tolist()
        ).values_list("pk", "iso_code", "name_en", "name_ru", "sort_order")
    }
    items = {
        pk: (classifier, code, name_en, name_ru)
        for pk, classifier, code, name_en, name_ru in ClassifierItem.objects.filter(
            pk__in=diff["item"].unique().tolist()
        ).values_list("pk", "classifier__code", "code", "name_en", "name_ru")
    }
    return SnapshotComparisonData(
        before=before,
        after=after,
        tolerance=tolerance,
        snapshots=snapshots,
        diff=diff,
        datasets=datasets,
        regions=regions,
        items=items,
    )


def coefficient_values(
    *,
    snapshot: Snapshot | int | None = None,
    dataset: str | None = None,
    region: str | None = None,
    macroregion: str | None = None,
    indicator: str | None = None,
    item: str | None = None,
    classifier: str | None = None,
    year: int | None = None,
    competences_only: bool = False,
) -> QuerySet:
    """Coefficient values of a snapshot (default: the current one) as named-tuple rows.

    Filters: ``dataset`` (data set code), ``region`` (ISO code), ``macroregion``
    (code), ``indicator`` (:class:`analytics.choices.Indicator` value), ``item`` (item
    code), ``classifier`` (classifier code; item codes repeat across classifiers),
    ``year``, ``competences_only``.  Each row has the fields
    :data:`COEFFICIENT_VALUE_FIELDS`; ``value`` is None where the coefficient is
    undefined.  One query whatever the size (``values_list(named=True)``); ordered by
    data set, indicator, region order, item order, year.  With no current snapshot the
    result is empty.
    """
    query = CoefficientValue.objects.all()
    if snapshot is None:
        query = query.filter(snapshot__is_current=True, snapshot__status=SnapshotStatus.COMPLETE)
    else:
        query = query.filter(snapshot=snapshot)
    filters = {
        "dataset__code": dataset,
        "region__iso_code": region,
        "region__macroregion__code": macroregion,
        "indicator": indicator,
        "item__code": item,
        "item__classifier__code": classifier,
        "year": year,
    }
    query = query.filter(**{field: value for field, value in filters.items() if value is not None})
    if competences_only:
        query = query.filter(is_competence=True)
    return (
        query.order_by(
            "dataset__sort_order",
            "dataset__code",
            "indicator",
            "region__sort_order",
            "region__iso_code",
            "item__classifier__code",
            "item__sort_order",
            "item__code",
            "year",
        )
        .annotate(**_VALUE_ANNOTATIONS)
        .values_list(*COEFFICIENT_VALUE_FIELDS, named=True)
    )


def scenario_for(region_iso: str, dataset_code: str, year: int | None = None) -> dict[str, Any] | None:
    """The scenario model (Figure 1) of a region in the current snapshot, or None.

    ``year`` None gives the latest year computed for that region and data set.  The
    payload is ``ScenarioModel.to_dict()`` (``region`` = ISO code, ``levels`` ->
    ``global`` / ``national`` / ``macroregional`` -> directions with ``code, name,
    value, st_competences [{code, name, value}], cross_cutting [...]``) plus
    ``region_name_en``, ``region_name_ru``, ``dataset``, ``year`` and ``years`` (the
    year each table was read at, e.g. ``{"global": 2020, ..., "st": 2021}``).
    """
    return _current_document(kind=DOCUMENT_SCENARIO, dataset_code=dataset_code, key=region_iso, year=year)


def matrix_for(macroregion_code: str, dataset_code: str, year: int | None = None) -> dict[str, Any] | None:
    """The managerial matrix (Table 6) of a macro-region in the current snapshot, or None.

    ``year`` None gives the latest year.  The payload's layout is documented in
    :func:`analytics.services.snapshots.matrix_documents`.
    """
    return _current_document(kind=DOCUMENT_MATRIX, dataset_code=dataset_code, key=macroregion_code, year=year)


def complexity_for(dataset_code: str, indicator: str, year: int | None = None) -> dict[str, Any] | None:
    """Relatedness and complexity measures of a data set, coefficient family and year, or None.

    ``year`` None gives the latest year.  Layout documented in
    :func:`analytics.services.snapshots.complexity_document`.
    """
    return _current_document(kind=DOCUMENT_COMPLEXITY, dataset_code=dataset_code, key=indicator, year=year)


def complexity_documents(dataset_code: str, *, years: dict[str, int] | None = None) -> dict[str, dict[str, Any]]:
    """Relatedness and complexity documents of a data set, one per coefficient family.

    ``years`` maps a family (indicator) to the year wanted (the year a scenario model or a matrix
    used): one query reads those documents (a family without one that year is left out).  Without
    ``years``, each family at its latest year, in two queries: the first lists (family, year)
    without the payloads, the second reads only the chosen ones.
    """
    base = SnapshotDocument.objects.filter(
        snapshot__is_current=True,
        snapshot__status=SnapshotStatus.COMPLETE,
        kind=DOCUMENT_COMPLEXITY,
        dataset__code=dataset_code,
    )
    if years:
        exact = Q()
        for family, wanted_year in years.items():
            exact |= Q(key=family, year=wanted_year)
        return dict(base.filter(exact).values_list("key", "payload"))
    available: dict[str, set[int]] = defaultdict(set)
    for key, document_year in base.values_list("key", "year"):
        if document_year is not None:
            available[key].add(document_year)
    wanted = {key: max(found) for key, found in available.items()}
    if not wanted:
        return {}
    query = Q()
    for key, year in wanted.items():
        query |= Q(key=key, year=year)
    return dict(base.filter(query).values_list("key", "payload"))


def document_years(*, kind: str, dataset_code: str, key: str | None = None) -> list[int]:
    """Years for which the current snapshot holds documents of ``kind`` (ascending)."""
    query = SnapshotDocument.objects.filter(
        snapshot__is_current=True, snapshot__status=SnapshotStatus.COMPLETE, kind=kind, dataset__code=dataset_code
    )
    if key is not None:
        query = query.filter(key=key)
    return sorted({year for year in query.values_list("year", flat=True) if year is not None})


def _current_document(*, kind: str, dataset_code: str, key: str, year: int | None) -> dict[str, Any] | None:
    """Payload of one document of the current snapshot (latest year when ``year`` is None), one query."""
    query = SnapshotDocument.objects.filter(
        snapshot__is_current=True,
        snapshot__status=SnapshotStatus.COMPLETE,
        kind=kind,
        dataset__code=dataset_code,
        key=key,
    )
    if year is not None:
        query = query.filter(year=year)
    payload = query.order_by(F("year").desc(nulls_last=True)).values_list("payload", flat=True).first()
    return payload


# --- What the public analytics pages read (``analytics.presenters`` shapes it, reading nothing) ---------


@dataclass
class MapSelection:
    """What the country map shows: the coefficients with data, the chosen one, its item and year."""

    indicators: list[str]
    indicator: str | None
    #: (classifier code, item code) of the chosen item, None without data
    item: tuple[str, str] | None
    years: list[int]
    year: int | None


@dataclass
class PageData:
    """What an analytics page read: the current snapshot and the data sets, then what the page needs of them."""

    snapshot: Snapshot | None
    datasets: list[Dataset]
    dataset: Dataset | None = None
    #: coefficient rows of the region or the macro-region (every data set)
    rows: list[Any] = dataclass_field(default_factory=list)
    #: the years of the page's document (the scenario, the matrix) and the document itself
    document_years: list[int] = dataclass_field(default_factory=list)
    document: dict[str, Any] | None = None
    trend_dataset: Dataset | None = None
    mappings: list[ClassifierMapping] = dataclass_field(default_factory=list)
    #: the macro-region's regions, or every region (the map)
    regions: list[Region] = dataclass_field(default_factory=list)
    facets: list[tuple[str, str, str, str, str, int]] = dataclass_field(default_factory=list)
    selection: MapSelection | None = None
    #: the map's values: region ISO code -> coefficient row
    values: dict[str, Any] = dataclass_field(default_factory=dict)
    macroregions: list[MacroRegion] = dataclass_field(default_factory=list)
    #: relatedness and complexity documents of the data set: family (indicator) -> payload
    complexity: dict[str, dict[str, Any]] = dataclass_field(default_factory=dict)

    def rows_by_dataset(self) -> dict[str, list[Any]]:
        """:attr:`rows` grouped by data set code (in the rows' order)."""
        return rows_by_dataset(self.rows)


def _page_data() -> PageData:
    return PageData(snapshot=current_snapshot(), datasets=list(datasets()))


def rows_by_dataset(rows: Iterable[Any]) -> dict[str, list[Any]]:
    """Coefficient rows grouped by data set code (in the rows' order)."""
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.dataset_code].append(row)
    return grouped


def choose_dataset(requested: str | None, datasets: Sequence[Any], with_data: Iterable[str]) -> Any:
    """The requested data set, else the first (in display order) that has data here, else the first."""
    by_code = {dataset.code: dataset for dataset in datasets}
    if requested:
        return by_code.get(requested)
    available = set(with_data)
    for dataset in datasets:
        if dataset.code in available:
            return dataset
    return datasets[0] if datasets else None


def trend_dataset(by_dataset: dict[str, list[Any]], datasets: Sequence[Any]) -> Any:
    """The data set with the longest series of localisation factors for the region (2 years at least)."""
    best, best_years = None, 1
    for dataset in datasets:  # display order breaks ties
        years = {row.year for row in by_dataset.get(dataset.code, ()) if row.indicator in TREND_INDICATORS}
        if len(years) > best_years:
            best, best_years = dataset, len(years)
    return best


def trend_mappings_needed(rows: Iterable[Any]) -> bool:
    """Whether the localisation factors of ``rows`` span several classifiers (OKVED1 then OKVED2)."""
    return len({row.classifier_code for row in rows if row.indicator in TREND_INDICATORS}) > 1


def region_page_data(region_iso: str, *, dataset_code: str | None, year: int | None) -> PageData:
    """What a region's analytics page reads: snapshot, data sets, the region's coefficient rows (all data
    sets, one query), the scenario's years, the scenario model and, when the trend spans two classifiers,
    their mapping (and no more queries as data grow)."""
    data = _page_data()
    if data.snapshot is None:
        return data
    data.rows = list(coefficient_values(snapshot=data.snapshot, region=region_iso))
    by_dataset = rows_by_dataset(data.rows)
    data.dataset = choose_dataset(dataset_code, data.datasets, by_dataset)
    if data.dataset is None:
        return data
    data.document_years = document_years(kind=DOCUMENT_SCENARIO, dataset_code=data.dataset.code, key=region_iso)
    data.document = scenario_for(region_iso, data.dataset.code, year)
    data.complexity = complexity_documents(data.dataset.code, years=document_family_years(data.document, year))
    data.trend_dataset = trend_dataset(by_dataset, data.datasets)
    # One query, and only when the series spans two classifiers (OKVED1, then OKVED2).
    if data.trend_dataset and trend_mappings_needed(by_dataset[data.trend_dataset.code]):
        data.mappings = list(classifier_mappings())
    return data


def macroregion_page_data(macroregion_code: str, *, dataset_code: str | None, year: int | None) -> PageData:
    """What a macro-region's analytics page reads: snapshot, data sets, the macro-region's coefficient rows
    (one query), the matrix's years, the matrix, the macro-region's regions."""
    data = _page_data()
    if data.snapshot is None:
        return data
    data.rows = list(coefficient_values(snapshot=data.snapshot, macroregion=macroregion_code))
    data.dataset = choose_dataset(dataset_code, data.datasets, rows_by_dataset(data.rows))
    if data.dataset is None:
        return data
    data.document_years = document_years(kind=DOCUMENT_MATRIX, dataset_code=data.dataset.code, key=macroregion_code)
    data.document = matrix_for(macroregion_code, data.dataset.code, year)
    data.regions = list(region_list().filter(macroregion__code=macroregion_code))
    data.complexity = complexity_documents(data.dataset.code, years=document_family_years(data.document, year))
    return data


#: The coefficient family (indicator) of each key of a scenario's or matrix's ``years``.
YEAR_KEY_FAMILY = {
    "global": Indicator.EXPORT_SPECIALISATION.value,
    "national": Indicator.NATIONAL_LOCALISATION.value,
    "macroregional": Indicator.MACROREGIONAL_LOCALISATION.value,
    "st": Indicator.ST_SPECIALISATION.value,
}


def document_family_years(document: dict[str, Any] | None, year: int | None) -> dict[str, int]:
    """Family -> year of a scenario model's or matrix's tables (``years``), else ``year`` for every family."""
    if document and document.get("years"):
        return {YEAR_KEY_FAMILY[key]: value for key, value in document["years"].items() if key in YEAR_KEY_FAMILY}
    if year is None:
        return {}
    return dict.fromkeys(YEAR_KEY_FAMILY.values(), year)


def coefficient_facets(*, snapshot: Any, dataset_code: str) -> list[tuple[str, str, str, str, str, int]]:
    """Distinct (indicator, classifier, item code, English name, Russian name, year) of a data set, one query.

    Narrows :func:`coefficient_values`; ordered by coefficient, item order, year.
    """
    values = coefficient_values(snapshot=snapshot, dataset=dataset_code)
    # Only columns that depend on the item in ORDER BY: others would join the DISTINCT.
    return list(
        values.order_by("indicator", "classifier_code", "item__sort_order", "item_code", "year")
        .values_list("indicator", "classifier_code", "item_code", "item_name_en", "item_name_ru", "year")
        .distinct()
    )


def parse_item(item: str | None) -> tuple[str | None, str | None]:
    """``"nace2:C"`` -> (``"nace2"``, ``"C"``); a bare code ``"C"`` -> (None, ``"C"``)."""
    if not item:
        return None, None
    if ":" in item:
        classifier, code = item.split(":", 1)
        return classifier or None, code or None
    return None, item


def map_selection(
    facets: Sequence[tuple[str, str, str, str, str, int]], *, indicator: str | None, item: str | None, year: int | None
) -> MapSelection:
    """The map's coefficient, item and year: the requested ones where the data set has them, else the first
    coefficient, its first item and latest year. A bare item code shared by two classifiers: the one with
    the latest year wins."""
    indicators = [value for value in Indicator.values if any(facet[0] == value for facet in facets)]
    if indicator not in indicators:
        indicator = indicators[0] if indicators else None
    item_years: dict[tuple[str, str], set[int]] = {}
    for fact_indicator, classifier, code, _name_en, _name_ru, fact_year in facets:
        if fact_indicator == indicator:
            item_years.setdefault((classifier, code), set()).add(fact_year)
    wanted_classifier, wanted_code = parse_item(item)
    chosen = None
    for key, years in item_years.items():
        if key[1] == wanted_code and (wanted_classifier is None or key[0] == wanted_classifier):
            if chosen is None or max(years) > max(item_years[chosen]):
                chosen = key
    if chosen is None and item_years:
        chosen = next(iter(item_years))
    chosen_years = sorted(item_years[chosen]) if chosen else []
    if year not in chosen_years:
        year = chosen_years[-1] if chosen_years else None
    return MapSelection(indicators=indicators, indicator=indicator, item=chosen, years=chosen_years, year=year)


def widest_datasets(snapshot: Snapshot) -> list[str]:
    """Codes of the data sets with coefficients in ``snapshot``, the one covering the most regions first.

    The map opens on the first: a data set of five regions would leave the rest of the country grey.
    Ties keep the data sets' display order (``choose_dataset`` walks that order). One query, over the
    index on (snapshot, data set, region).
    """
    coverage = (
        CoefficientValue.objects.filter(snapshot=snapshot)
        .values("dataset__code")
        .annotate(regions=Count("region", distinct=True))
    )
    counts = {row["dataset__code"]: row["regions"] for row in coverage}
    widest = max(counts.values(), default=0)
    return [code for code, regions in counts.items() if regions == widest]


def map_page_data(*, dataset_code: str | None, indicator: str | None, item: str | None, year: int | None) -> PageData:
    """What the country map reads: snapshot, data sets, facets of the data set, the values, the regions."""
    data = _page_data()
    if data.snapshot is None or not data.datasets:
        return data
    data.dataset = choose_dataset(dataset_code, data.datasets, widest_datasets(data.snapshot))
    if data.dataset is None:
        return data
    data.facets = coefficient_facets(snapshot=data.snapshot, dataset_code=data.dataset.code)
    data.selection = map_selection(data.facets, indicator=indicator, item=item, year=year)
    if data.selection.item is not None and data.selection.year is not None:
        classifier, code = data.selection.item
        rows = coefficient_values(
            snapshot=data.snapshot,
            dataset=data.dataset.code,
            indicator=data.selection.indicator,
            item=code,
            classifier=classifier,
            year=data.selection.year,
        )
        data.values = {row.region_iso: row for row in rows}
    data.regions = list(region_list())
    return data


def index_page_data() -> PageData:
    """What the analytics landing page reads: snapshot, data sets, macro-regions."""
    data = _page_data()
    data.macroregions = list(macroregion_list())
    return data
