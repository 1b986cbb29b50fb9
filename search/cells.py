"""A cell of the managerial matrix (a region × a specialisation direction) as a place to act: reads and presentation.

What the region has and lacks among the S&T rubrics behind the direction (the analysts' concordance),
which regions supply each missing rubric and with what ratio, their organisations (by helix) and experts
working in those rubrics or the direction, projects already open in the direction, the cooperation level
the region already has with each supplier, and what "Start a project here" prefills.

The choice of rubrics and suppliers is the pure ``analytics.computations.cell.direction_cell``; the
competence maps are read from the current snapshot with ``search.recommendations.competence_maps``
(cached per snapshot and data set).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from django.core.cache import cache
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.predicates import is_administrator, is_moderator
from accounts.types import Viewer
from analytics.choices import Indicator
from analytics.computations.cell import direction_cell
from analytics.models import ClassifierItem, Snapshot
from cooperation.choices import CooperationLevel, Helix, ProjectState
from cooperation.models import Agent, Objective, Project
from cooperation.selectors import (
    DIRECTION_CLASSIFIER,
    agents_visible_to,
    allowed_directions,
    allowed_rubrics,
    projects_visible_to,
    user_agent_roles,
)
from core import cache_versions
from core.numbers import half_up
from experts.models import ExpertProfile
from experts.selectors import experts_visible_to, user_has_unpublished_profile
from levels.models import PairLevel
from levels.selectors import levels_fingerprint
from regions.models import Region

from . import recommendations

#: The classifier of a direction by the kind the matrix names it with (OKVED2 sections, FEACN groups).
CLASSIFIER_OF_KIND = {"sector": "nace2", "export": "feacn_groups"}
#: Which coefficient says whether a region is specialised in a direction of a classifier.
DIRECTION_INDICATORS = {
    "nace2": (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION),
    "okved1": (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION),
    "feacn_groups": (Indicator.EXPORT_SPECIALISATION,),
}
OPEN_STATES = (ProjectState.PUBLISHED, ProjectState.ACTIVE)
PER_HELIX = 5
EXPERTS = 5
PROJECTS = 10
#: The name of the cache version the cell page's rendered content is kept under (``search.apps`` lists the
#: models whose writes replace it).
CACHE_VERSION = "search-cell"
#: The longest the rendered content is served (a safety net: writes through the ORM show at once).
CACHE_SECONDS = 10 * 60


def cell_url(region_iso: str, classifier: str, code: str, dataset: str | None = None) -> str:
    """The cell page of a region and a direction (``classifier`` a classifier code or kind: ``sector``)."""
    url = reverse(
        "search:cell",
        kwargs={"iso_code": region_iso, "classifier": CLASSIFIER_OF_KIND.get(classifier, classifier), "code": code},
    )
    return f"{url}?{urlencode({'dataset': dataset})}" if dataset else url


def _number(value: float | None) -> str:
    if value is None or pd.isna(value):
        return "—"
    return formats.number_format(half_up(value, 2), 2)


@dataclass
class Rubric:
    """A rubric of the direction with the region's own S&T ratio (None: no value)."""

    item: ClassifierItem
    value: float | None

    @property
    def value_text(self) -> str:
        return _number(self.value)


@dataclass
class Supply:
    """A region that holds a competence in a rubric the cell's region lacks."""

    region: Region
    value: float
    level: int

    @property
    def value_text(self) -> str:
        return _number(self.value)


@dataclass
class Missing:
    """A lacking rubric and the regions that supply it, strongest first."""

    rubric: Rubric
    suppliers: list[Supply]


@dataclass
class PartnerRegion:
    """A supplying region: the rubrics it supplies, its organisations by helix, its experts, the level already held."""

    region: Region
    level: int
    supplies: list[tuple[ClassifierItem, str]]
    helices: list[tuple[str, list[Agent]]] = field(default_factory=list)
    experts: list[ExpertProfile] = field(default_factory=list)

    @property
    def level_label(self) -> str:
        return str(CooperationLevel(self.level).label) if self.level else _("no cooperation yet")

    @property
    def supplies_text(self) -> str:
        return "; ".join(f"{item.name} {value}" for item, value in self.supplies)


@dataclass
class CellPage:
    """Everything the cell page shows."""

    region: Region
    direction: ClassifierItem
    dataset: dict[str, Any] | None
    datasets: list[dict[str, Any]]
    threshold: float | None
    st_year: int | None
    direction_values: list[tuple[str, str]]
    has: list[Rubric]
    missing: list[Missing]
    partners: list[PartnerRegion]
    projects: list[Project]
    empty_reason: str = ""
    #: The OKVED2 sections "Start a project here" puts in the draft (the direction itself for a section).
    start_directions: list[ClassifierItem] = field(default_factory=list)

    @property
    def dataset_name(self) -> str:
        if not self.dataset:
            return ""
        english = (get_language() or "ru").startswith("en")
        return (self.dataset["name_en"] if english else self.dataset["name_ru"]) or self.dataset["code"]

    @property
    def start_note(self) -> str:
        """Why the draft's direction differs from the cell's (an export group is not a project direction)."""
        if self.direction.classifier.code == DIRECTION_CLASSIFIER:
            return ""
        if not self.start_directions:
            return _(
                "A project's directions are OKVED2 sections, and no section is mapped to this export group: "
                "choose the direction on the project form."
            )
        sections = ", ".join(f"{item.code} ({item.name})" for item in self.start_directions)
        return ngettext(
            "A project's directions are OKVED2 sections, not export groups: the project starts on section "
            "%(sections)s, whose output this group is.",
            "A project's directions are OKVED2 sections, not export groups: the project starts on sections "
            "%(sections)s, whose output this group is.",
            len(self.start_directions),
        ) % {"sections": sections}

    @property
    def start_rubric_ids(self) -> list[int]:
        return [entry.rubric.item.pk for entry in self.missing]


def _st_datasets(datasets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [dataset for dataset in datasets if Indicator.ST_SPECIALISATION in dataset["years"]]


def _pair_levels(region: Region, others: list[int]) -> dict[int, int]:
    """``{other region id: the level the pair holds today}`` (one query)."""
    if not others:
        return {}
    rows = (
        PairLevel.objects.filter(lost_on__isnull=True)
        .filter(Q(region_a=region, region_b__in=others) | Q(region_b=region, region_a__in=others))
        .order_by()
        .values("region_a_id", "region_b_id")
        .annotate(top=Max("level"))
    )
    return {(row["region_b_id"] if row["region_a_id"] == region.pk else row["region_a_id"]): row["top"] for row in rows}


def _by_helix(agents: list[Agent]) -> list[tuple[str, list[Agent]]]:
    groups: dict[str, list[Agent]] = {}
    for agent in agents:
        groups.setdefault(agent.helix, []).append(agent)
    return [(str(label), groups[value][:PER_HELIX]) for value, label in Helix.choices if value in groups]


def cell_page(
    *, user: Viewer | None, region: Region, direction: ClassifierItem, dataset: str | None, snapshot: Snapshot | None
) -> CellPage:
    """The cell of ``region`` × ``direction`` in ``snapshot`` (the current one, read once per request by the view
    for the cache key too; ``dataset``: the one asked for, else the first data set with S&T ratios for the region)."""
    projects = list(
        projects_visible_to(user)
        .filter(directions=direction, state__in=OPEN_STATES)
        .select_related("lead_agent", "lead_agent__region")
        .order_by("-created_at", "-id")[:PROJECTS]
    )
    page = CellPage(region, direction, None, [], None, None, [], [], [], [], projects)
    page.start_directions = start_directions(direction)
    if snapshot is None:
        page.empty_reason = _("The competence maps have not been computed yet.")
        return page
    page.datasets = _st_datasets(recommendations.snapshot_datasets(snapshot))
    covering = [entry for entry in page.datasets if region.iso_code in entry["regions"]]
    chosen = next((entry for entry in covering if entry["code"] == dataset), covering[0] if covering else None)
    if chosen is None:
        page.empty_reason = _(
            "No data set gives S&T specialisation ratios for %(region)s, so what it has and lacks cannot be told. "
            "An analyst can import publication counts for it in the data bank."
        ) % {"region": region.name}
        return page
    analysis = cell_analysis(snapshot=snapshot, dataset=chosen, region=region.iso_code, direction=direction.pk)
    page.dataset, page.threshold, page.st_year = chosen, analysis["threshold"], analysis["st_year"]
    page.direction_values = [
        (recommendations.indicator_qualifier(indicator), _number(value))
        for indicator, value in analysis["direction_values"]
    ]
    if not analysis["rubrics"]:
        page.empty_reason = _(
            "The concordance links no S&T rubric to this direction. Analysts edit it in the data bank."
        )
        return page
    items = ClassifierItem.objects.in_bulk(analysis["rubrics"])
    codes = analysis["suppliers"]
    regions = Region.objects.in_bulk(codes, field_name="iso_code")
    levels = _pair_levels(region, [regions[code].pk for code in codes if code in regions])
    page.has = [Rubric(items[rubric], value) for rubric, value in analysis["has"]]
    for rubric_id, value, supplies in analysis["lacks"]:
        page.missing.append(
            Missing(
                Rubric(items[rubric_id], value),
                [
                    Supply(regions[code], supplied, levels.get(regions[code].pk, 0))
                    for code, supplied in supplies
                    if code in regions
                ],
            )
        )
    page.partners = _partner_regions(user, page, [regions[code] for code in codes if code in regions], levels)
    return page


def cell_audience(user: Viewer | None) -> str:
    """Which audience ``user`` belongs to for the cell page: everyone who may see the same content shares it.

    The page shows verified organisations only (the same for everyone), published expert profiles plus one's
    own (staff: all), and open projects as ``projects_visible_to`` answers: the public ones, plus those of the
    user's organisations (as lead or accepted partner; the key names the organisations), all for the staff.
    A user with an unpublished expert profile of their own sees it listed: their content is theirs alone.
    """
    if is_moderator(user) or is_administrator(user):
        return "staff"
    if user is None or not user.is_authenticated:
        return "public"
    parts = []
    agents = sorted(user_agent_roles(user))
    if agents:
        parts.append("agents-" + "-".join(map(str, agents)))
    if user_has_unpublished_profile(user):
        parts.append(f"expert-{user.pk}")
    return ":".join(parts) or "public"


def cell_cache_key(
    *,
    user: Viewer | None,
    region: Region,
    direction: ClassifierItem,
    dataset: str | None,
    snapshot: Snapshot | None,
    version: int | None = None,
) -> str:
    """The key of the cell page's rendered content: the cell, the data set asked for, the current snapshot, the
    levels (``levels_fingerprint``), the version of the rows it shows (organisations, experts, projects, names:
    :data:`CACHE_VERSION`), the language and the audience (:func:`cell_audience`). Cache reads only on most
    requests (the fingerprint, the version, the user's memberships and expert profile are cached); a write or a
    recomputation gives a new key.
    ``snapshot``: the current one (``analytics.selectors.current_snapshot``), which a miss renders from;
    ``version``: :data:`CACHE_VERSION`'s, when the caller has read it already."""
    parts = [
        region.pk,
        direction.pk,
        dataset or "",
        snapshot.pk if snapshot else 0,
        levels_fingerprint(),
        cache_versions.version(CACHE_VERSION) if version is None else version,
        get_language() or "",
        cell_audience(user),
    ]
    return ":".join(str(part) for part in parts)


def cell_target(*, iso_code: str, classifier: str, code: str, version: int) -> tuple[Region, ClassifierItem] | None:
    """The region and the direction a cell's address names, or None for an unknown one.

    Cached under ``version`` (the version of :data:`CACHE_VERSION`, which every save or delete of a region, a
    classifier or a classifier item replaces): one cache read instead of two queries on most requests.
    """
    digest = hashlib.sha256(f"{iso_code}\n{classifier}\n{code}".encode()).hexdigest()
    key = f"search:cell-target:{version}:{digest}"
    found = cache.get(key)
    if found is None:
        region = Region.objects.filter(iso_code=iso_code).first()
        direction = (
            ClassifierItem.objects.select_related("classifier").filter(classifier__code=classifier, code=code).first()
        )
        if region is None or direction is None:
            return None
        found = (region, direction)
        cache.set(key, found, CACHE_SECONDS)
    return found


def cell_analysis(*, snapshot: Snapshot, dataset: dict[str, Any], region: str, direction: int) -> dict[str, Any]:
    """The pure part of a cell: what the competence maps say of ``region`` × ``direction`` in one data set.

    Plain values only (ids, codes, floats; no names, no formatting), so one entry serves every language and
    viewer: the direction's coefficients, the concordance's rubrics, the rubrics the region has and lacks (with
    the regions supplying each) and the threshold and year. Cached per snapshot × data set × region ×
    direction: a snapshot never changes, and a recomputation makes a new one, so the key is the invalidation
    (the entry ages out after ``recommendations.CACHE_SECONDS``). A miss reads the maps (cached per snapshot
    and data set) and runs ``direction_cell``; a hit reads one key instead of the maps' frames.
    """
    key = f"search:cell:{snapshot.pk}:{dataset['code']}:{region}:{direction}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    maps = recommendations.competence_maps(snapshot, dataset)
    frame = maps.coefficients
    own = frame[(frame["region"] == region) & (frame["item"] == direction)]
    rubrics = [int(rubric) for rubric in maps.concordance.loc[maps.concordance["direction"] == direction, "rubric"]]
    analysis: dict[str, Any] = {
        "threshold": maps.threshold,
        "st_year": maps.years.get(Indicator.ST_SPECIALISATION),
        "direction_values": [(str(row.indicator), float(row.value)) for row in own.itertuples(index=False)],
        "rubrics": rubrics,
        "has": [],
        "lacks": [],
        "suppliers": [],
    }
    if rubrics:
        st = frame.loc[frame["indicator"] == Indicator.ST_SPECIALISATION, ["region", "item", "value"]]
        cell = direction_cell(
            st.rename(columns={"item": "rubric"}), region=region, rubrics=rubrics, threshold=maps.threshold
        )
        analysis["has"] = [(int(row.rubric), float(row.value)) for row in cell.has.itertuples(index=False)]
        analysis["lacks"] = [
            (
                int(row.rubric),
                None if pd.isna(row.value) else float(row.value),
                [
                    (str(supply.region), float(supply.value))
                    for supply in cell.suppliers[cell.suppliers["rubric"] == row.rubric].itertuples(index=False)
                ],
            )
            for row in cell.lacks.itertuples(index=False)
        ]
        analysis["suppliers"] = [str(code) for code in cell.supplier_regions()]
    cache.set(key, analysis, recommendations.CACHE_SECONDS)
    return analysis


def _partner_regions(
    user: Viewer | None, page: CellPage, regions: list[Region], levels: dict[int, int]
) -> list[PartnerRegion]:
    """The supplying regions, with their organisations and experts working in the missing rubrics or the direction."""
    fields = [entry.rubric.item.pk for entry in page.missing] + [page.direction.pk]
    region_ids = [region.pk for region in regions]
    agents = list(
        agents_visible_to(user)
        .filter(is_verified=True, region__in=region_ids, competences__in=fields)
        .distinct()
        .select_related("region")
        .order_by("name", "id")
    )
    experts = list(
        experts_visible_to(user)
        .filter(region__in=region_ids, competences__in=fields)
        .distinct()
        .select_related("user", "region")
        .order_by("user__full_name", "id")
    )
    partners = []
    for region in regions:
        supplies = [
            (entry.rubric.item, supply.value_text)
            for entry in page.missing
            for supply in entry.suppliers
            if supply.region.pk == region.pk
        ]
        partners.append(
            PartnerRegion(
                region=region,
                level=levels.get(region.pk, 0),
                supplies=supplies,
                helices=_by_helix([agent for agent in agents if agent.region_id == region.pk]),
                experts=[expert for expert in experts if expert.region_id == region.pk][:EXPERTS],
            )
        )
    return partners


def start_directions(direction: ClassifierItem) -> list[ClassifierItem]:
    """The OKVED2 sections a project started from ``direction``'s cell names: the section itself, or for an
    export group (FEACN) the sections whose output it is (``ClassifierMapping``, shipped in
    ``feacn_groups_nace2.csv``). No query for a section; one for a group."""
    if direction.classifier.code == DIRECTION_CLASSIFIER:
        return [direction]
    return list(allowed_directions().filter(mappings_to__source=direction).distinct().order_by("sort_order", "code"))


def _first_objective_per_helix(helices: set[str]) -> list[int]:
    first: dict[str, int] = {}
    for pk, helix in (
        Objective.objects.filter(helix__in=helices).order_by("helix", "sort_order", "id").values_list("pk", "helix")
    ):
        first.setdefault(helix, pk)
    return list(first.values())


def start_url(
    *, user: Viewer | None, direction: ClassifierItem, rubrics: list[int], partners: list[int]
) -> tuple[str, dict[str, list[int]]]:
    """The new-project form's address prefilled from a cell: the direction, the rubrics the project would bring
    in (the cell's missing ones), the ticked partners (verified; invited when the project is published) and the
    Table II objectives of the helices involved (the user's organisations' and the partners')."""
    chosen = list(
        Agent.objects.filter(is_verified=True, pk__in=partners).values_list("pk", "helix").order_by("name", "id")
    )
    helices = {helix for _pk, helix in chosen}
    # The lead is known only when the user acts for one organisation: acting for several (an administrator of
    # many) does not make every helix "involved" (the walk-through of issue #12 got all of Table II pre-ticked).
    own = set(user_agent_roles(user))
    if len(own) == 1:
        helices |= set(Agent.objects.filter(pk__in=list(own)).values_list("helix", flat=True))
    allowed = set(allowed_rubrics().filter(pk__in=rubrics).values_list("pk", flat=True))
    initial = {
        "directions": [item.pk for item in start_directions(direction)],
        "rubrics": [pk for pk in rubrics if pk in allowed],
        "partners": [pk for pk, _helix in chosen],
        # A handful to start from: each involved helix's first objective of Table II; the proposer adds others.
        "objectives": _first_objective_per_helix(helices),
    }
    query = urlencode([(key, value) for key, values in initial.items() for value in values])
    return f"{reverse('cooperation:project-create')}?{query}", initial
