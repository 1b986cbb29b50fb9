"""Competence maps as snapshots: one recomputation of everything, switched to atomically.

``snapshot_recompute`` is the only writer of :class:`Snapshot`,
:class:`CoefficientValue` and :class:`SnapshotDocument`.  It

1. takes a lock (see *Lock* below) so that two runs never overlap;
2. reads every input through ``analytics.selectors`` (observations, published
   coefficients, concordance, cross-cutting rubrics, regions and macro-regions) and
   hashes them together with the competence threshold and :data:`CODE_VERSION`;
3. returns the current snapshot untouched when its checksum is the same (idempotent:
   the nightly run writes nothing when nothing changed) unless ``force``;
4. otherwise creates a ``running`` snapshot, computes with the pure engine
   (``analytics.computations``) and bulk-inserts the results, then in ONE short
   transaction marks it complete and moves ``is_current`` to it from the previous
   one -- a page reads either the old or the new snapshot, never half of one;
5. prunes complete snapshots beyond ``ANALYTICS_SNAPSHOT_RETENTION``.

On any exception the snapshot is marked ``failed`` with the error, its partial rows
are deleted and the previous snapshot stays current; :class:`SnapshotRecomputeError`
is raised with the failed snapshot.

What is computed, per data set
-------------------------------
* From observations, per classifier (kind decides the coefficient):
  ``export`` -> export specialisation ratio; ``sector`` -> national localisation
  factor and macro-regional localisation factor; ``science`` -> S&T specialisation
  ratio.  The country reference of the export, national and S&T coefficients is the
  data set's country-total observations (``region`` NULL) in the years that have
  them, else the sum of the regions.  The macro-regional factor's reference is the
  region's macro-region (sums of the regions' volumes; country rows are not used).
  Other kinds (patents, ...) have no Table 1 coefficient and are skipped.
* Published coefficients are copied.  Where a coefficient is both computed and
  published (same coefficient, classifier, item, region and year) the computed one
  wins: published tables stand in for missing volumes.
* Competence flags: ``value >= ANALYTICS_COMPETENCE_THRESHOLD`` (default 1.0); NaN
  is stored as NULL and is never a competence.
* Documents (``SnapshotDocument``): a scenario model per region and year
  (:func:`scenario_document`), a managerial matrix per macro-region and year
  (:func:`matrix_document`) and relatedness/complexity measures per coefficient
  family and year (:func:`complexity_document`, kind ``complexity``, key = the
  indicator).

Years of the documents: the year of a scenario model / matrix is a year of the level
tables (export, national, macro-regional); each level uses that year (a level without
it is empty), and the S&T table uses the same year when it has it, else its nearest
year (the later one on a tie) -- the paper pairs 2020 economic data with 2021
publications.  The years used are stored in the payload under ``years``.

Lock
----
``cache.add(LOCK_KEY, token, timeout=ANALYTICS_RECOMPUTE_LOCK_TIMEOUT)``: atomic in
Redis (and within one process for the in-memory cache of the embedded default).  The
timeout (default 570 s) outlives the task's soft time limit (540 s: the run is
interrupted, marked failed and releases the lock) and expires before its hard limit
(600 s), itself below Redis's visibility timeout (660 s): a message redelivered after
a killed worker never finds the dead run's lock.  The lock is released only by the
holder of the token.  A second concurrent call does **not** compute: it raises
:class:`RecomputeInProgressError`, which the Celery task logs (and retries later).
When a run takes the lock, any snapshot still ``running`` belongs to a dead run (a
killed worker) and is marked failed.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
import warnings
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from itertools import repeat
from typing import TYPE_CHECKING, Any, SupportsInt, cast

import numpy as np
import pandas as pd
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils import timezone

from analytics import computations as engine
from analytics import selectors
from analytics.choices import ClassifierKind, Indicator, SnapshotStatus
from analytics.computations.location_quotients import COEFFICIENT_COLUMNS as TABLE_COLUMNS
from analytics.models import CoefficientValue, Snapshot, SnapshotDocument
from analytics.services.competence_events import competence_events_record
from analytics.signals import snapshot_switched
from audit.services import audit_log

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

#: Bump when the computation changes: it is part of the inputs checksum, so the next
#: nightly run recomputes even though no data changed.
CODE_VERSION = "snapshots-3"  # 2: competence events are recorded; 3: relatedness of the macro-regional factor

LOCK_KEY = "analytics:recompute-competence-maps:lock"
DEFAULT_LOCK_TIMEOUT = 9 * 60 + 30
DEFAULT_RETENTION = 3
DEFAULT_THRESHOLD = 1.0
BATCH_SIZE = 5000
DOCUMENT_BATCH_SIZE = 200  # JSON payloads up to ~50 kB each

LEVELS = ("global", "national", "macroregional")
LEVEL_INDICATOR = {
    "global": Indicator.EXPORT_SPECIALISATION.value,
    "national": Indicator.NATIONAL_LOCALISATION.value,
    "macroregional": Indicator.MACROREGIONAL_LOCALISATION.value,
}
#: Coefficient family of the complexity measures computed from volumes of a kind.
KIND_FAMILY = {
    ClassifierKind.EXPORT.value: Indicator.EXPORT_SPECIALISATION.value,
    ClassifierKind.SECTOR.value: Indicator.NATIONAL_LOCALISATION.value,
    ClassifierKind.SCIENCE.value: Indicator.ST_SPECIALISATION.value,
}
COEFFICIENT_COLUMNS = ["indicator", "classifier", "code", "name", "region", "year", "value"]


class RecomputeInProgressError(Exception):
    """Another recomputation holds the lock; this call computed nothing."""


class SnapshotRecomputeError(Exception):
    """A recomputation failed; ``snapshot`` is the failed snapshot (the previous one stays current)."""

    def __init__(self, snapshot: Snapshot, error: BaseException) -> None:
        self.snapshot = snapshot
        super().__init__(f"snapshot #{snapshot.pk} failed: {error!r}")


# --- Inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetInputs:
    """The frames of one data set, as the selectors give them."""

    id: int
    code: str
    observations: pd.DataFrame
    published: pd.DataFrame


@dataclass(frozen=True)
class SnapshotInputs:
    """Everything a recomputation reads, as DataFrames (no ORM beyond this point)."""

    datasets: tuple[DatasetInputs, ...]
    concordance: pd.DataFrame
    cross_cutting: pd.DataFrame
    regions: pd.DataFrame
    macroregions: pd.DataFrame
    items: pd.DataFrame
    threshold: float

    @property
    def macroregion_of(self) -> pd.Series:
        """Region ISO -> macro-region code."""
        return self.regions["macroregion"]


@dataclass
class ComputedSnapshot:
    """The results of a recomputation, before they are written.

    ``coefficients``: ``dataset, indicator, classifier, code, name, region, year, value,
    is_competence``; ``documents``: dicts ``dataset, kind, key, year, payload``.
    """

    coefficients: pd.DataFrame
    documents: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def snapshot_inputs(*, threshold: float | None = None) -> SnapshotInputs:
    """Read every input of a recomputation through the selectors."""
    if threshold is None:
        threshold = float(getattr(settings, "ANALYTICS_COMPETENCE_THRESHOLD", DEFAULT_THRESHOLD))
    datasets = tuple(
        DatasetInputs(
            id=dataset.pk,
            code=dataset.code,
            observations=selectors.observations_frame(dataset=dataset),
            published=selectors.published_coefficients_frame(dataset=dataset),
        )
        for dataset in selectors.datasets()
    )
    return SnapshotInputs(
        datasets=datasets,
        concordance=selectors.concordance_frame(),
        cross_cutting=selectors.cross_cutting_frame(),
        regions=selectors.region_names(),
        macroregions=selectors.macroregion_names(),
        items=selectors.item_names(),
        threshold=threshold,
    )


def inputs_checksum(inputs: SnapshotInputs) -> str:
    """SHA-256 of every input, the threshold and :data:`CODE_VERSION` (row order independent)."""
    digest = hashlib.sha256()
    digest.update(f"{CODE_VERSION}|threshold={inputs.threshold!r}".encode())

    def add(label: str, frame: pd.DataFrame, *, ordered: bool = False) -> None:
        # Sort unless the order is meaningful (the concordance's order is the display order).
        frame = frame.reset_index()
        if not ordered and len(frame):
            frame = frame.sort_values(list(frame.columns), kind="stable", ignore_index=True)
        digest.update(f"|{label}:{list(frame.columns)}:{len(frame)}|".encode())
        if len(frame):
            digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())

    for dataset in inputs.datasets:
        digest.update(f"|dataset {dataset.id} {dataset.code}|".encode())
        add("observations", dataset.observations)
        add("published", dataset.published)
    add("concordance", inputs.concordance, ordered=True)
    add("cross_cutting", inputs.cross_cutting, ordered=True)
    add("regions", inputs.regions)
    add("macroregions", inputs.macroregions)
    add("items", inputs.items)
    return digest.hexdigest()


# --- Computation (pure: frames in, frames out) ----------------------------------------


def snapshot_compute(inputs: SnapshotInputs) -> ComputedSnapshot:
    """Compute every coefficient, competence flag and document of every data set.

    Pure (no database): it works on :class:`SnapshotInputs` only, so the benchmark can
    time it apart from the reads and writes.
    """
    result = ComputedSnapshot(coefficients=pd.DataFrame(columns=["dataset", *COEFFICIENT_COLUMNS, "is_competence"]))
    frames = []
    for dataset in inputs.datasets:  # a loop over data sets
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", engine.ComplexityWarning)
            coefficients = _dataset_coefficients(dataset, inputs)
            coefficients["is_competence"] = engine.is_competence(coefficients["value"], threshold=inputs.threshold)
            frames.append(coefficients.assign(dataset=dataset.id))
            result.documents.extend(_documents(dataset, coefficients, inputs))
            result.documents.extend(_complexity_documents(dataset, coefficients, inputs))
        result.warnings.extend(f"{dataset.code}: {warning.message}" for warning in caught)
    if frames:
        result.coefficients = pd.concat(frames, ignore_index=True)
    return result


def _dataset_coefficients(dataset: DatasetInputs, inputs: SnapshotInputs) -> pd.DataFrame:
    """The four coefficients of one data set: computed from observations, then published ones."""
    parts: list[pd.DataFrame] = []
    observations = dataset.observations
    for (kind, classifier), frame in observations.groupby(["kind", "classifier"], sort=True):  # a few classifiers
        if kind not in KIND_FAMILY:
            continue
        frame = frame[["region", "item", "name", "year", "value"]]
        country_years = frame.loc[frame["region"] == selectors.COUNTRY, "year"].unique()
        with_country = frame["year"].isin(country_years)
        with_total = frame[with_country]
        regional = frame[~with_country]
        regions_only = frame[frame["region"] != selectors.COUNTRY]
        if kind == ClassifierKind.EXPORT:
            computed = [
                engine.export_specialisation_ratio(with_total, country_total=selectors.COUNTRY),
                engine.export_specialisation_ratio(regional),
            ]
        elif kind == ClassifierKind.SCIENCE:
            computed = [
                engine.st_specialisation_ratio(with_total, country_total=selectors.COUNTRY),
                engine.st_specialisation_ratio(regional),
            ]
        else:
            computed = [
                engine.national_localisation_factor(with_total, country_total=selectors.COUNTRY),
                engine.national_localisation_factor(regional),
                engine.macroregional_localisation_factor(regions_only, macroregions=inputs.macroregion_of),
            ]
        parts.extend(part.assign(classifier=classifier) for part in computed if len(part))
    if len(dataset.published):
        parts.append(dataset.published)
    if not parts:
        return pd.DataFrame(columns=COEFFICIENT_COLUMNS).astype({"year": "int64", "value": "float64"})
    coefficients = pd.concat([part[COEFFICIENT_COLUMNS] for part in parts], ignore_index=True)
    coefficients = coefficients.drop_duplicates(["indicator", "classifier", "code", "region", "year"], keep="first")
    coefficients["year"] = coefficients["year"].astype("int64")
    coefficients["value"] = coefficients["value"].astype("float64")
    return coefficients.reset_index(drop=True)


# --- Documents: scenario models and managerial matrices --------------------------------


def _nearest_year(years: np.ndarray, year: int) -> int | None:
    """``year`` if present, else the nearest of ``years`` (the later on a tie)."""
    if len(years) == 0:
        return None
    if year in years:
        return int(year)
    distance = np.abs(years - year) - (years > year) * 0.5  # later year wins a tie
    return int(years[np.argmin(distance)])


#: Separator of the (region, year) column labels of the all-years managerial matrix.
_AT = "@"
#: Separator of the (classifier, code) direction codes given to the engine.
_OF = "::"


def _documents(dataset: DatasetInputs, coefficients: pd.DataFrame, inputs: SnapshotInputs) -> list[dict[str, Any]]:
    """Scenario models (per region) and managerial matrices (per macro-region) of every year.

    The engine's managerial matrix reads one year per table; rather than calling it once
    per year, every (region, year) becomes one column ``"RU-LIP@2020"`` of a single
    matrix (the S&T rows are relabelled with the year they are paired with), so the
    years of a data set that use the same classifiers are one call.  A direction
    absent in a year is then NaN, i.e. ``-``, exactly as if that year had been computed
    alone.  Direction codes are qualified by their classifier (``"nace2::C"``) for the
    engine, and the concordance likewise, so that OKVED1's "C" (mining, 2009-2015)
    neither borrows OKVED2's name (manufacturing) nor its concordance links; the
    documents carry the plain code.
    """
    level_indicators = list(LEVEL_INDICATOR.values())
    levels = coefficients[coefficients["indicator"].isin(level_indicators)]
    if levels.empty:
        return []
    levels = levels.sort_values("classifier", kind="stable").drop_duplicates(["indicator", "code", "region", "year"])
    st_all = coefficients[coefficients["indicator"] == Indicator.ST_SPECIALISATION]
    st_all = st_all.sort_values("classifier", kind="stable").drop_duplicates(["code", "region", "year"])
    years = np.sort(levels["year"].unique())
    st_years = np.sort(st_all["year"].unique())
    pairing = pd.DataFrame({"year": years, "st_year": [_nearest_year(st_years, year) for year in years.tolist()]})
    st = st_all.merge(pairing.dropna(), left_on="year", right_on="st_year", suffixes=("_st", ""))

    def relabel(frame: pd.DataFrame, *, qualify: bool = True) -> pd.DataFrame:
        label = frame["region"] + _AT + frame["year"].astype(str)
        code = frame["classifier"] + _OF + frame["code"] if qualify else frame["code"]
        return frame.assign(region=label, year=0, code=code)[TABLE_COLUMNS]

    matrices: list[engine.ManagerialMatrix] = []
    concordance = inputs.concordance
    if "direction_classifier" in concordance.columns:
        concordance = concordance.assign(code=concordance["direction_classifier"] + _OF + concordance["code"])
    # Years with the same classifiers (OKVED1 until 2015, OKVED2 after) share one matrix:
    # mixing them would make every column carry both classifiers' directions.
    signature = levels.groupby("year")["classifier"].agg(lambda values: ",".join(sorted(set(values))))
    documents: list[dict[str, Any]] = []
    for _, group_years in signature.groupby(signature, sort=False):  # one or two groups of years
        in_group = levels["year"].isin(group_years.index)
        group = levels[in_group]
        tables = {level: relabel(group[group["indicator"] == LEVEL_INDICATOR[level]]) for level in LEVELS}
        columns = (
            group[["region", "year"]]
            .drop_duplicates()
            .assign(order=lambda frame: frame["region"].map(inputs.regions["sort_order"]))
            .sort_values(["year", "order", "region"])
        )
        matrix = engine.managerial_matrix(
            st=relabel(st[st["year"].isin(group_years.index)], qualify=False),
            concordance=concordance,
            cross_cutting=inputs.cross_cutting,
            export=tables["global"] if len(tables["global"]) else None,
            national=tables["national"] if len(tables["national"]) else None,
            macroregional=tables["macroregional"] if len(tables["macroregional"]) else None,
            regions=(columns["region"] + _AT + columns["year"].astype(str)).tolist(),
            threshold=inputs.threshold,
        )
        matrices.append(
            replace(
                matrix,
                presence=matrix.presence.assign(code=_plain_codes(matrix.presence["code"])),
                st_competences=matrix.st_competences.assign(code=_plain_codes(matrix.st_competences["code"])),
            )
        )
    used: dict[int, dict[str, int]] = {int(year): {} for year in years.tolist()}
    for level, indicator in LEVEL_INDICATOR.items():
        for year in levels.loc[levels["indicator"] == indicator, "year"].unique().tolist():
            used[int(year)][level] = int(year)
    for year, st_year in zip(pairing["year"].tolist(), pairing["st_year"].tolist(), strict=True):
        if st_year is not None and not pd.isna(st_year):
            used[int(year)]["st"] = int(st_year)
    context = {
        year: {"dataset": dataset.code, "year": year, "years": years_used, "threshold": inputs.threshold}
        for year, years_used in used.items()
    }
    for matrix in matrices:
        documents.extend(
            {"dataset": dataset.id, "kind": selectors.DOCUMENT_SCENARIO, "key": iso, "year": year, "payload": payload}
            for (iso, year), payload in scenario_documents(matrix, inputs.regions, context).items()
        )
        documents.extend(
            {"dataset": dataset.id, "kind": selectors.DOCUMENT_MATRIX, "key": code, "year": year, "payload": payload}
            for (code, year), payload in matrix_documents(matrix, inputs.regions, inputs.macroregions, context).items()
        )
    documents.sort(key=lambda document: (document["kind"], document["key"], document["year"]))
    return documents


def _split(labels: pd.Series) -> tuple[list[str], list[int]]:
    """``"RU-LIP@2020"`` labels -> ISO codes and years (each distinct label split once)."""
    codes, uniques = pd.factorize(labels)
    parts = [str(label).rsplit(_AT, 1) for label in uniques]  # ~1,000 distinct (region, year) labels
    iso = np.array([part[0] for part in parts], dtype=object)
    year = np.array([int(part[1]) for part in parts], dtype=np.int64)
    return iso[codes].tolist(), year[codes].tolist()


def _plain_codes(codes: pd.Series) -> pd.Series:
    """``"nace2::C"`` -> ``"C"`` (each distinct code split once)."""
    positions, uniques = pd.factorize(codes)
    plain = np.array([str(code).split(_OF, 1)[-1] for code in uniques], dtype=object)
    return pd.Series(plain[positions], index=codes.index, dtype=object)


def _nullable(values: pd.Series) -> list[Any]:
    """Column values as Python objects with None for missing (JSON has no NaN)."""
    return values.astype(object).where(values.notna(), None).tolist()


def _competence_lists(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, list[dict[str, Any]]]:
    """Group S&T competence rows (``st_code, st_name, st_value``) into ``{key: [{code, name, value}]}``."""
    grouped: dict[tuple, list[dict[str, Any]]] = {}
    columns = [frame[key].tolist() for key in keys]
    for *key, code, name, value in zip(
        *columns, frame["st_code"].tolist(), frame["st_name"].tolist(), frame["st_value"].tolist(), strict=True
    ):  # serialisation only
        grouped.setdefault(tuple(key), []).append({"code": code, "name": name, "value": float(value)})
    return grouped


def scenario_documents(
    matrix: engine.ManagerialMatrix, regions: pd.DataFrame, context: Mapping[int, Mapping[str, Any]]
) -> dict[tuple[str, int], dict[str, Any]]:
    """The scenario model (Figure 1) of every ``"ISO@year"`` column of ``matrix``, keyed by (ISO, year).

    Each payload is exactly ``scenario_model(region, ...).to_dict()`` -- ``{"region",
    "levels": {"global" | "national" | "macroregional": [{code, name, value,
    st_competences: [{code, name, value}], cross_cutting: [...]}]}}``, directions by
    code -- (the scenario model is the managerial matrix restricted to one region and
    its ``+`` cells; a test checks the equality), with ``region`` the ISO code, plus
    ``region_name_en``, ``region_name_ru`` and the year's ``context`` (``dataset, year,
    years, threshold``).  Built in one pass over the matrix rather than one pandas call
    per region (1,000+ regions x years for Rosstat's series).
    """
    names_en, names_ru = regions["name_en"].to_dict(), regions["name_ru"].to_dict()
    column_iso, column_year = _split(pd.Series(list(matrix.regions), dtype="object"))
    payloads: dict[tuple[str, int], dict[str, Any]] = {}
    by_label: dict[str, dict[str, Any]] = {}
    for label, iso, year in zip(matrix.regions, column_iso, column_year, strict=True):
        payload = {
            "region": iso,
            "levels": {level: [] for level in LEVELS},
            "region_name_en": names_en.get(iso, iso),
            "region_name_ru": names_ru.get(iso, iso),
            **context[year],
        }
        payloads[(iso, year)] = by_label[label] = payload
    linked = matrix.st_competences[matrix.st_competences["specialised"]]
    st = _competence_lists(linked, ["level", "code", "region"])
    cross = _competence_lists(matrix.cross_cutting, ["region"])
    directions = matrix.presence[matrix.presence["specialised"]]  # sorted by level, code, region
    for label, level, code, name, value in zip(
        directions["region"].tolist(),
        directions["level"].tolist(),
        directions["code"].tolist(),
        _nullable(directions["name"]),
        directions["value"].tolist(),
        strict=True,
    ):  # serialisation only
        by_label[label]["levels"][level].append(
            {
                "code": code,
                "name": name,
                "value": float(value),
                "st_competences": st.get((level, code, label), []),
                "cross_cutting": cross.get((label,), []),
            }
        )
    return payloads


def matrix_documents(
    matrix: engine.ManagerialMatrix,
    regions: pd.DataFrame,
    macroregions: pd.DataFrame,
    context: Mapping[int, Mapping[str, Any]],
) -> dict[tuple[str, int], dict[str, Any]]:
    """The managerial matrix (Table 6) of every macro-region and year in ``matrix``, keyed by (code, year).

    Payload (a page renders it as the paper's Table 6: one column per region; per
    direction a ``+``/``-`` row and an S&T competences row; a last row of cross-cutting
    competences)::

        {"macroregion": "central-black-earth", "macroregion_name_en": ..., "macroregion_name_ru": ...,
         "dataset": ..., "year": 2020, "years": {"global": 2020, ..., "st": 2021}, "threshold": 1.0,
         "regions": [{"code": "RU-BEL", "name_en": ..., "name_ru": ...}, ...],      # the columns
         "levels": {"global": [direction, ...], "national": [...], "macroregional": [...]},
         "cross_cutting": [{"region": "RU-BEL", "competences": [{"code", "name", "value"}]}, ...]}

    with ``direction = {"code", "name", "cells": [cell per region, in column order]}``
    and ``cell = {"region", "value" (None when undefined), "specialised", "mark" ("+"/"-"),
    "st_competences": [{"code", "name", "value"}]}``.  Regions are the macro-region's
    regions present in the data that year, in the regions' display order.  As in the
    paper, a level lists only directions where at least one of them is specialised, by
    code.  A cell's ``st_competences`` are the region's S&T competences linked to the
    direction through the concordance, under a ``-`` too (directions it could develop);
    Table 6 shows them under ``+`` only.
    """
    names_en, names_ru = regions["name_en"].to_dict(), regions["name_ru"].to_dict()
    macro_en, macro_ru = macroregions["name_en"].to_dict(), macroregions["name_ru"].to_dict()
    macro_of = regions["macroregion"].to_dict()
    st = _competence_lists(matrix.st_competences, ["level", "code", "region"])
    cross = _competence_lists(matrix.cross_cutting, ["region"])

    payloads: dict[tuple[str, int], dict[str, Any]] = {}
    column_iso, column_year = _split(pd.Series(list(matrix.regions), dtype="object"))
    for label, iso, year in zip(matrix.regions, column_iso, column_year, strict=True):  # columns
        code = macro_of.get(iso)
        if code is None:
            continue
        payload = payloads.get((code, year))
        if payload is None:
            payload = payloads[(code, year)] = {
                "macroregion": code,
                "macroregion_name_en": macro_en.get(code, code),
                "macroregion_name_ru": macro_ru.get(code, code),
                **context[year],
                "regions": [],
                "levels": {level: [] for level in LEVELS},
                "cross_cutting": [],
            }
        payload["regions"].append({"code": iso, "name_en": names_en.get(iso, iso), "name_ru": names_ru.get(iso, iso)})
        payload["cross_cutting"].append({"region": iso, "competences": cross.get((label,), [])})

    presence = matrix.presence
    row_iso, row_year = _split(presence["region"])
    presence = presence.assign(
        iso=row_iso, year=row_year, macroregion=pd.Series(row_iso, index=presence.index).map(macro_of)
    )
    presence = presence[presence["macroregion"].notna()]
    keep = presence.groupby(["year", "macroregion", "level", "code"], sort=False)["specialised"].transform("any")
    presence = presence[keep.to_numpy(dtype=bool)]
    directions: dict[tuple[str, int, str, str], dict[str, Any]] = {}
    values = presence["value"].to_numpy(dtype=np.float64)
    for label, iso_code, year_value, macro, level, code, name, value, specialised, mark in zip(
        *(presence[column].tolist() for column in ("region", "iso", "year", "macroregion", "level", "code")),
        _nullable(presence["name"]),
        _json_vector(values),
        presence["specialised"].tolist(),
        presence["mark"].tolist(),
        strict=True,
    ):  # serialisation only; rows are in level, code, column order
        key = (macro, year_value, level, code)
        direction = directions.get(key)
        if direction is None:
            direction = directions[key] = {"code": code, "name": name, "cells": []}
            payloads[(macro, year_value)]["levels"][level].append(direction)
        direction["cells"].append(
            {
                "region": iso_code,
                "value": value,
                "specialised": bool(specialised),
                "mark": mark,
                "st_competences": st.get((level, code, label), []),
            }
        )
    return payloads


# --- Documents: relatedness and complexity ---------------------------------------------


def _json_matrix(values: np.ndarray) -> list[list[float | None]]:
    """A float matrix as nested lists with None for NaN (JSON has no NaN)."""
    return _nan_to_none(values).tolist()


def _json_vector(values: np.ndarray) -> list[float | None]:
    return _nan_to_none(values).tolist()


def _nan_to_none(values: np.ndarray) -> np.ndarray:
    """The floats of ``values`` as an object array with None for NaN, ready for ``tolist()``."""
    array = np.asarray(values, dtype=np.float64)
    result = array.astype(object)
    result[np.isnan(array)] = None
    return result


def complexity_document(
    *,
    rca: pd.DataFrame,
    presence: pd.DataFrame,
    proximity: pd.DataFrame,
    density: pd.DataFrame,
    diversity: pd.Series,
    ubiquity: pd.Series,
    eci: pd.Series,
    pci: pd.Series,
    context: Mapping[str, Any],
) -> dict[str, Any]:
    """Relatedness and complexity of one data set, coefficient family and year, as JSON.

    Payload (matrices are row-major nested lists over ``regions`` x ``items``; None
    where undefined)::

        {"dataset", "indicator", "year", "source": "volumes" | "published", "threshold",
         "proximity_diagonal": 1.0, "regions": [ISO, ...], "items": [code, ...],
         "rca": [[...]], "presence": [[0|1]], "density": [[...]], "proximity": [[...]] (items x items),
         "diversity": [...], "eci": [...] (per region), "ubiquity": [...], "pci": [...] (per item),
         "connected": bool, "dropped_regions": [...], "dropped_items": [...], "warnings": [...]}

    ``source = "volumes"``: computed from observations with the ecomplexity conventions
    (RCA against the sum of the regions); ``"published"``: from published coefficients,
    where ``rca`` is the published coefficient (no volumes to compute it from);
    ``"coefficients"``: from the snapshot's computed coefficients of a family that has no
    volume family of its own (the macro-regional localisation factor).
    """
    return {
        **context,
        "regions": [str(label) for label in rca.index],
        "items": [str(label) for label in rca.columns],
        "rca": _json_matrix(rca.to_numpy(dtype=np.float64, na_value=np.nan)),
        "presence": presence.to_numpy(dtype=np.int64).tolist(),
        "density": _json_matrix(density.to_numpy(dtype=np.float64, na_value=np.nan)),
        "proximity": _json_matrix(proximity.to_numpy(dtype=np.float64, na_value=np.nan)),
        "diversity": diversity.astype("int64").tolist(),
        "ubiquity": ubiquity.astype("int64").tolist(),
        "eci": _json_vector(eci.to_numpy(dtype=np.float64, na_value=np.nan)),
        "pci": _json_vector(pci.to_numpy(dtype=np.float64, na_value=np.nan)),
    }


def _complexity_documents(
    dataset: DatasetInputs, coefficients: pd.DataFrame, inputs: SnapshotInputs
) -> list[dict[str, Any]]:
    """Complexity measures per coefficient family and year: from volumes, else from published values."""
    documents: dict[tuple[str, int], dict[str, Any]] = {}
    base = {"dataset": dataset.code, "threshold": inputs.threshold, "proximity_diagonal": 1.0}
    observations = dataset.observations[
        (dataset.observations["region"] != selectors.COUNTRY) & dataset.observations["kind"].isin(KIND_FAMILY)
    ]
    for (kind, _classifier), frame in observations.groupby(["kind", "classifier"], sort=True):
        family = KIND_FAMILY[kind]
        results = _capture(lambda frame=frame: engine.complexity(frame, threshold=inputs.threshold))
        for year, (result, messages) in results.items():  # a loop over years
            key = (family, int(year))
            if key in documents:  # a second classifier of the kind in the same year: the first wins
                continue
            documents[key] = complexity_document(
                rca=result.rca,
                presence=result.presence,
                proximity=result.proximity,
                density=result.density,
                diversity=result.regions["diversity"],
                ubiquity=result.items["ubiquity"],
                eci=result.regions["eci"],
                pci=result.items["pci"],
                context={
                    **base,
                    "indicator": family,
                    "year": int(year),
                    "source": "volumes",
                    "connected": bool(result.connected),
                    "dropped_regions": [str(label) for label in result.dropped_regions],
                    "dropped_items": [str(label) for label in result.dropped_items],
                    "warnings": messages,
                },
            )
    # Families and years without volumes (published tables; the macro-regional factor, which has no
    # volume family of its own): presence, proximity and density from the coefficients themselves.
    published_keys = {
        (indicator, int(year)) for indicator, year in dataset.published[["indicator", "year"]].itertuples(index=False)
    }
    for (indicator, year), frame in coefficients.groupby(["indicator", "year"], sort=True):  # families x years
        key = (indicator, int(year))
        if key in documents:
            continue
        frame = frame[frame["value"].notna()]
        if frame.empty:
            continue
        wide = frame.pivot_table(index="region", columns="code", values="value", aggfunc="first", dropna=False)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", engine.ComplexityWarning)
            presence = engine.presence_matrix(wide, threshold=inputs.threshold)
            proximity = engine.proximity_matrix(presence)
            density = engine.relatedness_density(presence, proximity)
            eci, pci = engine.economic_complexity(presence)
        documents[key] = complexity_document(
            rca=wide,
            presence=presence,
            proximity=proximity,
            density=density,
            diversity=presence.sum(axis=1),
            ubiquity=presence.sum(axis=0),
            eci=eci,
            pci=pci,
            context={
                **base,
                "indicator": indicator,
                "year": int(year),
                "source": "published" if key in published_keys else "coefficients",
                "connected": not any("disconnected" in str(w.message) for w in caught),
                "dropped_regions": [],
                "dropped_items": [],
                "warnings": [str(w.message) for w in caught],
            },
        )
    return [
        {"dataset": dataset.id, "kind": selectors.DOCUMENT_COMPLEXITY, "key": family, "year": year, "payload": payload}
        for (family, year), payload in sorted(documents.items())
    ]


def _capture(
    compute: Callable[..., Mapping[Hashable, engine.ComplexityResult]],
) -> dict[int, tuple[engine.ComplexityResult, list[str]]]:
    """Run ``engine.complexity`` and attach each year's ComplexityWarning messages to it (keyed by year)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", engine.ComplexityWarning)
        results = compute()
    messages = [str(warning.message) for warning in caught]
    return {
        # the panel's years label the results (numpy integers, typed Hashable by the engine)
        int(cast(SupportsInt, year)): (result, [message for message in messages if message.startswith(f"year {year}:")])
        for year, result in results.items()
    }


# --- The service ----------------------------------------------------------------------


def snapshot_recompute(*, actor: User | None = None, now: datetime | None = None, force: bool = False) -> Snapshot:
    """Recompute the competence maps into a new snapshot and switch readers to it.

    Idempotent: when the inputs' checksum equals the current complete snapshot's, that
    snapshot is returned and nothing is written (``force=True`` recomputes anyway).
    Raises :class:`RecomputeInProgressError` when another run holds the lock (nothing
    computed), :class:`SnapshotRecomputeError` when the run failed (the snapshot is
    marked failed, the previous one stays current).  ``actor`` (a user) is recorded as
    ``triggered_by`` and in the audit log (``analytics.recomputed``); ``now`` is the
    start time (default: the current time).
    """
    if now is not None and timezone.is_naive(now):
        raise ValueError("snapshot_recompute: `now` must be timezone-aware")
    token = uuid.uuid4().hex
    timeout = int(getattr(settings, "ANALYTICS_RECOMPUTE_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT))
    if not cache.add(LOCK_KEY, token, timeout=timeout):
        raise RecomputeInProgressError("another recomputation of the competence maps is running")
    try:
        return _recompute_locked(actor=actor, now=now or timezone.now(), force=force)
    finally:
        _release_lock(token)


def _release_lock(token: str) -> None:
    """Delete the lock only if it is still ours (it may have expired and been taken by another run).

    The get-then-delete is not atomic, but our lock can only have expired if this run
    outlived the lock timeout, which the task's soft time limit prevents.
    """
    if cache.get(LOCK_KEY) == token:
        cache.delete(LOCK_KEY)


def _user(actor: User | None) -> User | None:
    return actor if getattr(actor, "is_authenticated", False) else None


def _column(field: Any) -> str:
    """A concrete field's column name (``_meta.get_field`` is typed to return relations too)."""
    return cast(models.Field, field).column


def _recompute_locked(*, actor: User | None, now: datetime, force: bool) -> Snapshot:
    clock = time.perf_counter()
    _fail_orphans()
    inputs = snapshot_inputs()
    checksum = inputs_checksum(inputs)
    current = Snapshot.objects.filter(is_current=True, status=SnapshotStatus.COMPLETE).first()
    if current is not None and current.inputs_checksum == checksum and not force:
        if actor is not None:
            audit_log(actor=actor, action="analytics.recomputed", target=current, reused=True, checksum=checksum)
        logger.info("Competence maps unchanged (checksum %s): snapshot #%s stays current", checksum[:12], current.pk)
        return current

    snapshot = Snapshot.objects.create(
        status=SnapshotStatus.RUNNING,
        inputs_checksum=checksum,
        threshold=inputs.threshold,
        started_at=now,
        triggered_by=_user(actor),
    )
    try:
        read_seconds = time.perf_counter() - clock
        computed = snapshot_compute(inputs)
        compute_seconds = time.perf_counter() - clock - read_seconds
        counts = _write(snapshot, computed, inputs)
        write_seconds = time.perf_counter() - clock - read_seconds - compute_seconds
        pause = float(getattr(settings, "ANALYTICS_RECOMPUTE_PAUSE_SECONDS", 0) or 0)
        if pause > 0:  # test hook: lets an integration test kill the worker mid-run
            time.sleep(pause)
        elapsed = time.perf_counter() - clock
        counts["seconds"] = {
            "read": round(read_seconds, 3),
            "compute": round(compute_seconds, 3),
            "write": round(write_seconds, 3),
            "total": round(elapsed, 3),
        }
        counts["warnings"] = computed.warnings[:50]
        _switch(snapshot, finished_at=now + timedelta(seconds=elapsed), row_counts=counts, actor=actor)
    except Exception as error:
        _fail(snapshot, error)
        raise SnapshotRecomputeError(snapshot, error) from error
    _record_competence_events(snapshot, computed, inputs)
    _prune()
    # Apps above analytics (cooperation's fit scores) recompute what they derive from the maps.
    snapshot_switched.send(sender=Snapshot, snapshot=snapshot)
    return snapshot


def _record_competence_events(snapshot: Snapshot, computed: ComputedSnapshot, inputs: SnapshotInputs) -> None:
    """Hook: the competence events of the new current snapshot (``services/competence_events.py``).

    After the switch, so a failure here leaves the snapshot current; the next run records what is
    missing (events are computed from the whole snapshot and compared with those recorded).
    """
    try:
        competence_events_record(
            snapshot=snapshot,
            coefficients=computed.coefficients,
            regions=inputs.regions,
            items=inputs.items,
            threshold=inputs.threshold,
        )
    except Exception:
        logger.exception("Competence events of snapshot #%s were not recorded", snapshot.pk)


def _insert_coefficients(rows: list[tuple]) -> None:
    """Insert CoefficientValue rows ``(snapshot, dataset, indicator, region, item, year, value,
    is_competence)`` in batches of :data:`BATCH_SIZE` with ``executemany``.

    Why not ``bulk_create``: for the ~42,000 rows of the shipped data it spends most of
    its time building model instances and per-field SQL (measured on SQLite: 2.2-3.8 s
    against 0.55-0.83 s here), which alone would break the 2-second budget of a full
    recomputation.  Table and column names come from the model's ``_meta``; the values
    are plain Python scalars, validated by construction (ids from the reference frames,
    indicators from the engine).
    """
    meta = CoefficientValue._meta
    fields = ["snapshot", "dataset", "indicator", "region", "item", "year", "value", "is_competence"]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(meta.get_field(name))) for name in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from _meta
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


def _write(snapshot: Snapshot, computed: ComputedSnapshot, inputs: SnapshotInputs) -> dict[str, Any]:
    """Bulk-insert the snapshot's rows (not yet visible: the snapshot is not current)."""
    coefficients = computed.coefficients
    region_ids = inputs.regions["id"]
    item_ids = inputs.items.set_index(["classifier", "code"])["id"]
    keys = pd.MultiIndex.from_arrays([coefficients["classifier"], coefficients["code"]])
    region_id = coefficients["region"].map(region_ids).to_numpy()
    item_id = item_ids.reindex(keys).to_numpy()
    known = ~(pd.isna(region_id) | pd.isna(item_id))
    if not known.all():
        logger.warning("%s coefficients name an unknown region or item and are skipped", int((~known).sum()))
    values = coefficients["value"].to_numpy(dtype=np.float64)
    stored_values = np.where(np.isnan(values), None, values)[known]  # NaN is stored as NULL
    rows = list(
        zip(
            repeat(snapshot.pk),
            coefficients["dataset"].to_numpy()[known].tolist(),
            coefficients["indicator"].to_numpy()[known].tolist(),
            region_id[known].astype(np.int64).tolist(),
            item_id[known].astype(np.int64).tolist(),
            coefficients["year"].to_numpy()[known].astype(np.int64).tolist(),
            stored_values.tolist(),
            coefficients["is_competence"].to_numpy(dtype=bool)[known].tolist(),
        )
    )
    with transaction.atomic():
        _insert_coefficients(rows)
        SnapshotDocument.objects.bulk_create(
            (
                SnapshotDocument(
                    snapshot_id=snapshot.pk,
                    dataset_id=document["dataset"],
                    kind=document["kind"],
                    key=document["key"],
                    year=document["year"],
                    payload=document["payload"],
                )
                for document in computed.documents
            ),
            batch_size=DOCUMENT_BATCH_SIZE,
        )
    kept = coefficients[known]
    per_dataset = {
        dataset.code: {
            "observations": len(dataset.observations),
            "published": len(dataset.published),
            "coefficients": int((kept["dataset"] == dataset.id).sum()),
            "competences": int(kept.loc[kept["dataset"] == dataset.id, "is_competence"].sum()),
        }
        for dataset in inputs.datasets
    }
    documents = pd.Series([document["kind"] for document in computed.documents], dtype="object")
    return {
        "coefficients": int(known.sum()),
        "documents": {str(kind): int(count) for kind, count in documents.value_counts().sort_index().items()},
        "datasets": per_dataset,
    }


def _switch(snapshot: Snapshot, *, finished_at: datetime, row_counts: dict[str, Any], actor: User | None) -> None:
    """Mark ``snapshot`` complete and current, the previous one not current: one short transaction."""
    with transaction.atomic():
        previous = list(Snapshot.objects.select_for_update().filter(is_current=True).exclude(pk=snapshot.pk))
        Snapshot.objects.filter(pk__in=[old.pk for old in previous]).update(is_current=False)
        snapshot.status = SnapshotStatus.COMPLETE
        snapshot.finished_at = finished_at
        snapshot.row_counts = row_counts
        snapshot.is_current = True
        snapshot.save(update_fields=["status", "finished_at", "row_counts", "is_current"])
        if actor is not None:
            audit_log(
                actor=actor,
                action="analytics.recomputed",
                target=snapshot,
                checksum=snapshot.inputs_checksum,
                previous=previous[0].pk if previous else None,
                coefficients=row_counts.get("coefficients"),
            )
    logger.info("Snapshot #%s is current: %s", snapshot.pk, row_counts)


def _fail(snapshot: Snapshot, error: BaseException) -> None:
    """Record the failure, drop the partial rows; the previous snapshot stays current."""
    logger.exception("Recomputation of snapshot #%s failed", snapshot.pk)
    with transaction.atomic():
        CoefficientValue.objects.filter(snapshot=snapshot).delete()
        SnapshotDocument.objects.filter(snapshot=snapshot).delete()
        snapshot.status = SnapshotStatus.FAILED
        snapshot.error = f"{type(error).__name__}: {error}"[:5000]
        snapshot.finished_at = timezone.now()
        snapshot.is_current = False
        snapshot.save(update_fields=["status", "error", "finished_at", "is_current"])


def _fail_orphans() -> None:
    """Snapshots left ``running`` by a dead run (we hold the lock, so no run is alive)."""
    orphans = list(Snapshot.objects.filter(status=SnapshotStatus.RUNNING).values_list("pk", flat=True))
    if not orphans:
        return
    with transaction.atomic():
        CoefficientValue.objects.filter(snapshot_id__in=orphans).delete()
        SnapshotDocument.objects.filter(snapshot_id__in=orphans).delete()
        Snapshot.objects.filter(pk__in=orphans, status=SnapshotStatus.RUNNING).update(
            status=SnapshotStatus.FAILED,
            error="Interrupted: the run stopped before completing (worker lost); a later run replaced it.",
            finished_at=timezone.now(),
        )
    logger.warning("Marked interrupted snapshots as failed: %s", orphans)


def _prune() -> None:
    """Delete complete snapshots beyond the retention setting (never the current one)."""
    keep = max(1, int(getattr(settings, "ANALYTICS_SNAPSHOT_RETENTION", DEFAULT_RETENTION)))
    complete = Snapshot.objects.filter(status=SnapshotStatus.COMPLETE).order_by("-is_current", "-started_at", "-id")
    old = list(complete.values_list("pk", flat=True)[keep:])
    if not old:
        return
    with transaction.atomic():
        # Fast DELETEs of the children first (no per-row signals), then the snapshots.
        CoefficientValue.objects.filter(snapshot_id__in=old).delete()
        SnapshotDocument.objects.filter(snapshot_id__in=old).delete()
        Snapshot.objects.filter(pk__in=old, is_current=False).delete()
    logger.info("Pruned snapshots %s", old)


def snapshot_recompute_request(*, actor: User) -> None:
    """An analyst asks for a recomputation now: it is queued after commit and runs on a worker.

    With no broker configured (the embedded default) Celery runs it in-process at once.
    The page of snapshots shows its progress; the run itself is idempotent and locked.
    """
    from analytics.tasks import recompute_competence_maps_task

    if not actor.has_perm("analytics.recompute"):
        raise PermissionDenied
    audit_log(actor=actor, action="analytics.recompute_requested")
    transaction.on_commit(lambda: recompute_competence_maps_task.delay(user_id=actor.pk))
