"""Recommendations of partner regions, agents and experts for an agent or a project (reads and presentation).

The competence maps are read from the *current* snapshot (through ``analytics.selectors``) into plain
frames, cached per snapshot and data set; the choice of regions is the pure
``search.computations.complementary_regions``; this module then names the regions and items in the
active language and formats each reason with the coefficient as it is in the snapshot, to two
decimals with the locale's separator: "Voronezh Oblast: Biotechnology 2.69, Food products and
agricultural raw materials (export) 5.36".

Data set: the one asked for (``?dataset=``), else the first data set (in display order) in which an
own region has coefficients, else the first one with any coefficient.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from analytics import selectors as analytics_selectors
from analytics.choices import Indicator
from analytics.models import CoefficientValue, Dataset, Snapshot
from cooperation.choices import CooperationLevel
from core.numbers import half_up
from levels.models import PairLevel
from levels.selectors import FINGERPRINT_KEY, levels_fingerprint
from regions.models import Region

from . import computations
from .choices import DocumentKind, Facet
from .models import SearchDocument
from .params import SearchParams

CACHE_SECONDS = 60 * 60
REGIONS = 5
REASONS = 4
PARTNERS = 3


def _english() -> bool:
    return (get_language() or "ru").startswith("en")


# --- Reading the competence maps. ----------------------------------------------------------------------


@dataclass(frozen=True)
class CompetenceMaps:
    """The coefficients of one data set in the current snapshot (latest year of each coefficient), as frames."""

    snapshot_id: int
    threshold: float
    dataset: dict[str, Any]
    years: dict[str, int]
    coefficients: pd.DataFrame
    concordance: pd.DataFrame
    cross_cutting: list[int]
    items: dict[int, tuple[str, str, str]]


def _snapshot() -> Snapshot | None:
    return analytics_selectors.current_snapshot()


def snapshot_datasets(snapshot: Snapshot) -> list[dict[str, Any]]:
    """Data sets of the snapshot in display order: ``code``, names, ``source``, ``regions`` (ISO codes), ``years``."""
    key = f"search:datasets:{snapshot.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    values = CoefficientValue.objects.filter(snapshot=snapshot)
    regions: dict[int, set[str]] = {}
    for dataset_id, iso in values.values_list("dataset_id", "region__iso_code").distinct().order_by():
        regions.setdefault(dataset_id, set()).add(iso)
    years: dict[int, dict[str, int]] = {}
    for row in values.values("dataset_id", "indicator").annotate(year=Max("year")).order_by():
        years.setdefault(row["dataset_id"], {})[row["indicator"]] = row["year"]
    datasets = [
        {
            "code": dataset.code,
            "name_ru": dataset.name_ru,
            "name_en": dataset.name_en,
            "source": dataset.source,
            "regions": regions[dataset.pk],
            "years": years.get(dataset.pk, {}),
        }
        for dataset in Dataset.objects.filter(pk__in=list(regions)).order_by("sort_order", "code")
    ]
    cache.set(key, datasets, CACHE_SECONDS)
    return datasets


def choose_dataset(datasets: list[dict[str, Any]], own_regions: list[str], wanted: str | None) -> dict | None:
    """The data set asked for if the snapshot has it, else the first covering an own region, else the first."""
    by_code = {dataset["code"]: dataset for dataset in datasets}
    if wanted and wanted in by_code:
        return by_code[wanted]
    for dataset in datasets:
        if dataset["regions"] & set(own_regions):
            return dataset
    return datasets[0] if datasets else None


def competence_maps(snapshot: Snapshot, dataset: dict[str, Any]) -> CompetenceMaps:
    """The frames the computation takes, read once per snapshot and data set (then cached)."""
    key = f"search:maps:{snapshot.pk}:{dataset['code']}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    items = analytics_selectors.item_names()
    item_id = {(row.classifier, row.code): int(row.id) for row in items.itertuples(index=False)}
    labels = {int(row.id): (row.code, row.name_ru, row.name_en) for row in items.itertuples(index=False)}
    rows = []
    for indicator, year in sorted(dataset["years"].items()):
        for row in analytics_selectors.coefficient_values(
            snapshot=snapshot, dataset=dataset["code"], indicator=indicator, year=year
        ):
            rows.append((row.region_iso, item_id[(row.classifier_code, row.item_code)], indicator, row.value, year))
    coefficients = pd.DataFrame.from_records(rows, columns=["region", "item", "indicator", "value", "year"])
    coefficients["value"] = coefficients["value"].astype("float64")
    rubric_id = {row.name_en: int(row.id) for row in items[items["kind"] == "science"].itertuples(index=False)}
    links = analytics_selectors.concordance_frame()
    concordance = pd.DataFrame(
        {
            "direction": [
                item_id.get((classifier, code))
                for classifier, code in zip(links["direction_classifier"], links["code"], strict=True)
            ],
            "rubric": [rubric_id.get(name) for name in links["st_rubric"]],
        },
        dtype="float64",
    ).dropna()
    concordance = concordance.astype("int64")
    cross_cutting = [
        rubric_id[name] for name in analytics_selectors.cross_cutting_frame()["st_rubric"] if name in rubric_id
    ]
    maps = CompetenceMaps(
        snapshot_id=snapshot.pk,
        threshold=float(snapshot.threshold),
        dataset=dataset,
        years=dict(dataset["years"]),
        coefficients=coefficients,
        concordance=concordance,
        cross_cutting=cross_cutting,
        items=labels,
    )
    cache.set(key, maps, CACHE_SECONDS)
    return maps


# --- Presenting. ---------------------------------------------------------------------------------------


def indicator_qualifier(indicator: str) -> str:
    """A short word saying which coefficient a value is (S&T rubrics need none)."""
    qualifiers = {
        Indicator.EXPORT_SPECIALISATION: pgettext("coefficient in a reason", "export"),
        Indicator.NATIONAL_LOCALISATION: pgettext("coefficient in a reason", "national"),
        Indicator.MACROREGIONAL_LOCALISATION: pgettext("coefficient in a reason", "macro-regional"),
    }
    return qualifiers.get(indicator, "")


@dataclass
class Reason:
    """One complementary competence: the item, the coefficient and its value in the partner region."""

    item_id: int
    code: str
    name_ru: str
    name_en: str
    indicator: str
    value: float
    own_value: float | None = None

    @property
    def name(self) -> str:
        """The item's name in the active language (read when shown, like the region's name and the number)."""
        return _name((self.code, self.name_ru, self.name_en))

    @property
    def qualifier(self) -> str:
        return indicator_qualifier(self.indicator)

    @property
    def formatted_value(self) -> str:
        return formats.number_format(half_up(self.value, 2), 2)

    @property
    def formatted_own_value(self) -> str:
        return "" if self.own_value is None else formats.number_format(half_up(self.own_value, 2), 2)

    def __str__(self) -> str:
        text = (
            f"{self.name} ({self.qualifier}) {self.formatted_value}"
            if self.qualifier
            else (f"{self.name} {self.formatted_value}")
        )
        if self.own_value is not None:
            # A similar region: its value beside the own region's, "Chemistry 2.98 (own region 2.00)".
            text += (
                " ("
                + pgettext("value of the own region in a reason", "own region %(value)s")
                % {"value": self.formatted_own_value}
                + ")"
            )
        return text


@dataclass
class RegionSuggestion:
    """A partner region, why (its complementary competences), and agents and experts there who work in them."""

    region: Region
    item_count: int
    reasons: list[Reason]
    partners: list[SearchDocument] = field(default_factory=list)
    level: int = 0

    @property
    def level_text(self) -> str:
        """The cooperation level already held with the region, and that it could rise ("" when none)."""
        if not self.level:
            return ""
        label = CooperationLevel(self.level).label
        if self.level < max(CooperationLevel.values):
            return _("already cooperating at the level “%(level)s”, which could rise") % {"level": label}
        return _("already cooperating at the level “%(level)s”") % {"level": label}

    @property
    def more(self) -> int:
        return max(0, self.item_count - len(self.reasons))

    @property
    def reasons_text(self) -> str:
        """The reasons: "Biotechnology 2.69, Food industry 5.86"."""
        # A list separator of its own: Russian numbers have a decimal comma, so the list takes "; ".
        separator = pgettext("separator of the reasons of a suggestion", ", ")
        text = separator.join(str(reason) for reason in self.reasons)
        if self.more:
            text += " " + ngettext("and %(count)d more", "and %(count)d more", self.more) % {"count": self.more}
        return text

    @property
    def line(self) -> str:
        """The one-line reason: "Voronezh Oblast: Biotechnology 2.69, Food industry 5.86"."""
        return f"{self.region.name}: {self.reasons_text}"

    @property
    def search_url(self) -> str:
        """The search page for agents and experts of this region."""
        params = SearchParams(kind=(DocumentKind.AGENT, DocumentKind.EXPERT), region=(self.region.iso_code,))
        return f"{reverse('search:index')}?{params.to_query()}"


@dataclass
class Recommendations:
    """What the page, the panel and the API show for one agent or project."""

    own_regions: list[Region]
    basis: str
    basis_items: list[tuple[str, str]]
    suggestions: list[RegionSuggestion]
    dataset: dict[str, Any] | None
    datasets: list[dict[str, Any]]
    years: dict[str, int]
    threshold: float | None
    #: Regions strong where the own region is strong too (partners for scale and alliances).
    similar: list[RegionSuggestion] = field(default_factory=list)
    #: Every data set the lists are drawn from (all those covering an own region, unless one was asked for).
    used: list[dict[str, Any]] = field(default_factory=list)
    #: Why each list is empty and what would fill it ("" when it is not empty).
    complementary_empty: str = ""
    similar_empty: str = ""
    #: What the user can do to get better lists (e.g. declare the organisation's competences).
    notes: list[str] = field(default_factory=list)

    @property
    def dataset_name(self) -> str:
        """The names of the data sets used, each in quotes when there are several."""
        used = self.used or ([self.dataset] if self.dataset else [])
        names = [_dataset_name(dataset) for dataset in used]
        # Between names in quotes: "A”, “B" in English, "A», «B" in Russian.
        return pgettext("separator between data set names in quotes", "”, “").join(names)


def _dataset_name(dataset: dict[str, Any]) -> str:
    return (dataset["name_en"] if _english() else dataset["name_ru"]) or dataset["code"]


def _name(labels: tuple[str, str, str]) -> str:
    code, name_ru, name_en = labels
    return (name_en or name_ru) if _english() else (name_ru or name_en)


def _partners(
    regions: list[Region], items: set[int], *, per_region: int, exclude: tuple[str, int] | None
) -> dict[int, list[SearchDocument]]:
    """Agents and experts of ``regions`` with the most competences among ``items`` (one query)."""
    if not regions or not items or per_region <= 0:
        return {}
    matching = Q(facets__facet=Facet.COMPETENCE, facets__value__in=[str(item) for item in items])
    documents = (
        SearchDocument.objects.filter(
            kind__in=[DocumentKind.AGENT, DocumentKind.EXPERT], region__in=[region.pk for region in regions]
        )
        .annotate(matched=Count("facets", filter=matching))
        .filter(matched__gt=0)
        .defer("title_text", "body", "title_stems", "body_stems", "search_vector")
        .order_by("region_id", "-matched", "sort_ru", "id")
    )
    if exclude:
        documents = documents.exclude(kind=exclude[0], object_id=exclude[1])
    chosen: dict[int, list[SearchDocument]] = {}
    for document in documents[: per_region * len(regions) * 20]:
        bucket = chosen.setdefault(document.region_id, [])
        if len(bucket) < per_region:
            bucket.append(document)
    return chosen


def _pair_levels(own_regions: list[Region]) -> dict[str, int]:
    """``{region ISO code: the highest level it holds today with any own region}`` (one query)."""
    own = [region.pk for region in own_regions]
    if not own:
        return {}
    rows = (
        PairLevel.objects.filter(lost_on__isnull=True)
        .filter(Q(region_a__in=own) | Q(region_b__in=own))
        .values_list("region_a__iso_code", "region_b__iso_code", "region_a_id", "region_b_id", "level")
    )
    levels: dict[str, int] = {}
    for iso_a, iso_b, id_a, id_b, level in rows:
        for iso, region_id in ((iso_a, id_a), (iso_b, id_b)):
            if region_id not in own:
                levels[iso] = max(levels.get(iso, 0), level)
    return levels


def _suggestions(
    result: computations.Complement,
    *,
    maps: CompetenceMaps,
    regions: dict[str, Region],
    found: dict[int, list[SearchDocument]],
    levels: dict[str, int],
    reasons: int,
) -> list[RegionSuggestion]:
    suggestions = []
    for row in result.regions.itertuples(index=False):
        if row.region not in regions:
            continue
        region = regions[row.region]
        rows = result.reasons[result.reasons["region"] == row.region].head(reasons)
        suggestions.append(
            RegionSuggestion(
                region=region,
                item_count=int(row.items),
                reasons=[
                    Reason(
                        int(reason.item),
                        *maps.items[int(reason.item)],
                        reason.indicator,
                        float(reason.value),
                        float(reason.own_value) if hasattr(reason, "own_value") else None,
                    )
                    for reason in rows.itertuples(index=False)
                ],
                partners=found.get(region.pk, []),
                level=levels.get(row.region, 0),
            )
        )
    return suggestions


def _item_list(items: set[int] | None, maps: CompetenceMaps, *, limit: int = 5) -> str:
    names = sorted(_name(maps.items[item]) for item in items or () if item in maps.items)
    text = ", ".join(names[:limit])
    return text + (" …" if len(names) > limit else "")


def _why_empty(
    result: Recommendations, diagnosis: computations.Diagnosis, maps: CompetenceMaps, uncovered: list[Region]
) -> None:
    """Say why each empty list is empty, and what would fill it."""
    own = ", ".join(region.name for region in result.own_regions)
    if not result.suggestions:
        if diagnosis.lacked is not None and not diagnosis.lacked:
            result.complementary_empty = _(
                "%(regions)s already holds a competence in every one of these fields, so no region complements it: "
                "look at the similar regions for partners of scale."
            ) % {"regions": own}
        elif diagnosis.lacked:
            result.complementary_empty = _(
                "No region in the data sets holds a competence in what %(regions)s lacks here (%(items)s). "
                "Declaring more fields, or data on more regions, would widen the search."
            ) % {"regions": own, "items": _item_list(diagnosis.lacked, maps)}
        else:
            result.complementary_empty = _("No region holds a competence that %(regions)s lacks.") % {"regions": own}
    if not result.similar:
        if uncovered and not diagnosis.covered:
            result.similar_empty = _(
                "No data set covers %(regions)s, so its strengths are unknown and no region can be similar to it. "
                "An analyst can import statistics for it in the data bank."
            ) % {"regions": ", ".join(region.name for region in uncovered)}
        elif not diagnosis.held:
            result.similar_empty = _(
                "%(regions)s holds no competence in these fields in the data sets, so no region is strong where it is."
            ) % {"regions": own}
        else:
            result.similar_empty = _("No other region holds a competence where %(regions)s is strong (%(items)s).") % {
                "regions": own,
                "items": _item_list(diagnosis.held, maps),
            }


def recommend(
    *,
    own_regions: list[Region],
    subject_items: list[int],
    dataset: str | None = None,
    limit: int = REGIONS,
    reasons: int = REASONS,
    partners: int = PARTNERS,
    exclude: tuple[str, int] | None = None,
    subject_kind: str = "agent",
    snapshot: Snapshot | None = None,
) -> Recommendations:
    """Partner regions for ``own_regions`` in the items of an agent or a project, with reasons: complementary
    (strong where the own regions are weak) and similar (strong where they are strong too), from every data set
    covering an own region (or the one asked for), and why a list is empty."""
    empty = Recommendations(own_regions, "all", [], [], None, [], {}, None)
    notes = []
    if not subject_items:
        notes.append(
            _(
                "Your organisation declares no competences: add them on its page to get partners in its own fields. "
                "Until then the specialisation of its region stands in."
            )
            if subject_kind == "agent"
            else _(
                "The project names no direction or S&T rubric: add them to get partners in its own fields. "
                "Until then the specialisation of its regions stands in."
            )
        )
    snapshot = snapshot or _snapshot()
    if snapshot is None:
        empty.complementary_empty = empty.similar_empty = _(
            "The competence maps have not been computed yet: an analyst starts the computation in the data bank."
        )
        empty.notes = notes
        return empty
    datasets = snapshot_datasets(snapshot)
    own = [region.iso_code for region in own_regions]
    covered = set().union(*(entry["regions"] for entry in datasets)) if datasets else set()
    uncovered = [region for region in own_regions if region.iso_code not in covered]
    if uncovered:
        notes.append(
            _("No data set of the competence maps covers %(regions)s.")
            % {"regions": ", ".join(region.name for region in uncovered)}
        )
    by_code = {entry["code"]: entry for entry in datasets}
    if dataset and dataset in by_code:
        used = [by_code[dataset]]
    else:
        used = [entry for entry in datasets if entry["regions"] & set(own)] or datasets[:1]
    if not used:
        empty.complementary_empty = empty.similar_empty = _("The competence maps hold no coefficient yet.")
        empty.notes = notes
        return empty
    all_maps = [competence_maps(snapshot, entry) for entry in used]
    maps = all_maps[0]
    coefficients = pd.concat([entry.coefficients for entry in all_maps], ignore_index=True)
    interest, basis = computations.interest_items(
        subject_items,
        concordance=maps.concordance,
        cross_cutting=maps.cross_cutting,
        own_competences=computations.competent_items(coefficients, own, threshold=maps.threshold),
    )
    levels = _pair_levels(own_regions)
    options = {"own_regions": own, "interest": interest, "threshold": maps.threshold, "limit": limit}
    complement = computations.complementary_regions(coefficients, levels=levels, **options)
    similar = computations.similar_regions(coefficients, levels=levels, **options)
    diagnosis = computations.diagnose(coefficients, own_regions=own, interest=interest, threshold=maps.threshold)
    codes = list(dict.fromkeys([*complement.regions["region"], *similar.regions["region"]]))
    regions = {region.iso_code: region for region in Region.objects.filter(iso_code__in=codes)}
    found = _partners(
        [regions[code] for code in codes if code in regions],
        set(complement.reasons["item"].astype("int64"))
        | set(similar.reasons["item"].astype("int64"))
        | set(subject_items),
        per_region=partners,
        exclude=exclude,
    )
    shared = {"maps": maps, "regions": regions, "found": found, "levels": levels, "reasons": reasons}
    basis_ids = subject_items if basis == "subject" else sorted(interest or ()) if basis == "region" else []
    basis_items = [
        (maps.items[item][0], _name(maps.items[item]))
        for item in basis_ids
        if item in maps.items and (basis == "subject" or item in set(maps.concordance["direction"]))
    ]
    result = Recommendations(
        own_regions=own_regions,
        basis=basis,
        basis_items=basis_items,
        suggestions=_suggestions(complement, **shared),
        dataset=used[0],
        datasets=datasets,
        years=maps.years,
        threshold=maps.threshold,
        similar=_suggestions(similar, **shared),
        used=used,
        notes=notes,
    )
    _why_empty(result, diagnosis, maps, uncovered)
    return result


def for_agent(agent, *, dataset: str | None = None, **options) -> Recommendations:
    """Recommendations for an agent: its region, its competences."""
    items = sorted(item.pk for item in agent.competences.all())
    return recommend(
        own_regions=[agent.region],
        subject_items=items,
        dataset=dataset,
        exclude=(DocumentKind.AGENT, agent.pk),
        subject_kind="agent",
        **options,
    )


def for_project(project, *, dataset: str | None = None, **options) -> Recommendations:
    """Recommendations for a project: the regions of its participants, its directions and rubrics."""
    regions = project.regions or [project.lead_agent.region]
    items = sorted({item.pk for item in project.directions.all()} | {item.pk for item in project.rubrics.all()})
    return recommend(own_regions=list(regions), subject_items=items, dataset=dataset, subject_kind="project", **options)


#: How long a project's recommendations panel is kept (a safety net for writes without the ORM's signals, as the
#: project page's facts: ``cooperation.page_cache.FACTS_CACHE_SECONDS``).
PROJECT_PANEL_SECONDS = 10 * 60


@dataclass(frozen=True)
class ProjectPanel:
    """What :func:`project_panel` found: the cached ``html`` (None on a miss), the ``key`` and ``stamp`` to store a
    rendering under, and the current ``snapshot`` to compute it from (None before the first one)."""

    html: str | None
    key: str
    stamp: tuple
    snapshot: Snapshot | None


def _snapshot_stamp(snapshot: Snapshot) -> tuple:
    # SQLite may give a rolled-back snapshot's id to the next one: the start and checksum tell them apart.
    return (snapshot.pk, snapshot.started_at, snapshot.inputs_checksum)


def project_panel(project, facts_version: str) -> ProjectPanel:
    """A project's recommendations panel from the cache, in one cache read with what it is checked against.

    The panel is a function of the project's regions and items (its participants' regions, its directions and
    rubrics), the current snapshot (the competence maps), the levels (which regions the project's regions
    already cooperate with: ``levels.selectors.levels_fingerprint``) and the language. The first are the
    project page's facts (every write of them replaces ``facts_version``: ``cooperation.page_cache``), so the key
    holds the project, the language and that version; the snapshot and the fingerprint are stored with the
    rendering and compared on reading, so the same read gets the current ones (the entries of
    ``cached_current_snapshot`` and ``levels_fingerprint``) and the page reads none of the project's relations.
    """
    key = f"search:project-panel:{project.pk}:{get_language() or ''}:{facts_version}"
    snapshot_key = analytics_selectors.CURRENT_SNAPSHOT_KEY
    found = cache.get_many([snapshot_key, FINGERPRINT_KEY, key])
    snapshot = analytics_selectors.cached_current_snapshot(found)
    fingerprint = levels_fingerprint(found)
    stamp = (None if snapshot is None else _snapshot_stamp(snapshot), fingerprint)
    entry = found.get(key)
    html = entry[1] if entry is not None and entry[0] == stamp else None
    return ProjectPanel(html=html, key=key, stamp=stamp, snapshot=snapshot)


def store_project_panel(panel: ProjectPanel, html: str) -> None:
    """Keep the rendering of a panel :func:`project_panel` missed."""
    cache.set(panel.key, (panel.stamp, html), PROJECT_PANEL_SECONDS)


def caption_years(years: dict[str, int]) -> str:
    """Which year each coefficient is read at, e.g. "2020: export …; 2021: S&T …"."""
    by_year: dict[int, list[str]] = {}
    labels = dict(Indicator.choices)
    for indicator, year in sorted(years.items(), key=lambda pair: (pair[1], pair[0])):
        by_year.setdefault(year, []).append(str(labels.get(indicator, indicator)))
    return "; ".join(f"{year}: {', '.join(names)}" for year, names in by_year.items())


def caption_used_years(result: Recommendations) -> str:
    """The years of each data set used: one data set as :func:`caption_years`, several each by name."""
    if len(result.used) <= 1:
        return caption_years(result.years)
    return "; ".join(f"“{_dataset_name(dataset)}” — {caption_years(dataset['years'])}" for dataset in result.used)
