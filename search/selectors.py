"""Reads of the search app: the search itself with its filter counts, saved searches and their matches.

The search reads only :class:`SearchDocument` rows (what everyone may see) and answers in a fixed
number of queries whatever the size of the index: the page of results, its count, one count per
filter, the current cooperation levels and the labels of the filter values.

Filter counts are those of a faceted search: the count next to a value is the number of results the
search would have with that value chosen *instead of* the values chosen in the same filter (the
other filters and the text stay applied), so choosing a value never hides its alternatives.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import get_language

from analytics.models import ClassifierItem
from cooperation.choices import CooperationLevel, CooperationType, Helix
from cooperation.models import ProjectFit
from levels.selectors import current_levels, current_region_levels
from regions.models import Region

if TYPE_CHECKING:
    from accounts.types import Viewer

from . import backends, matching
from .choices import DocumentKind, Facet, SortOrder
from .models import CompetenceWatch, SavedSearch, SavedSearchMatch, SearchDocument, SearchFacetValue, SearchIndexState
from .params import FACETS, SearchParams

PAGE_SIZE = 20
#: How long a search's counts and pages stay cached; the index's version in the key makes them exact anyway.
CACHE_SECONDS = 10 * 60
#: Filter values shown before the rest is folded under "more", and the most shown per filter.
VISIBLE_OPTIONS = 8
MAX_OPTIONS = 40
#: Facets stored as rows of ``SearchFacetValue`` (the others are columns of the document).
ROW_FACETS = (Facet.REGION, Facet.MACROREGION, Facet.TYPE, Facet.COMPETENCE)
#: Columns a page of results does not need (the texts are for matching only).
HEAVY_FIELDS = ("title_text", "body", "title_stems", "body_stems", "search_vector")


@dataclass
class FacetOption:
    """One value of a filter: its label, how many results it would give, and whether it is chosen."""

    value: Any
    label: str
    count: int
    selected: bool
    toggle_query: str = ""

    @property
    def input_value(self) -> str:
        return str(self.value)


@dataclass
class FacetBlock:
    """A filter with its values, the chosen ones first among equals."""

    name: str
    label: str
    options: list[FacetOption] = field(default_factory=list)

    @property
    def visible(self) -> list[FacetOption]:
        return self.options[:VISIBLE_OPTIONS]

    @property
    def folded(self) -> list[FacetOption]:
        return self.options[VISIBLE_OPTIONS:]

    @property
    def selected(self) -> list[FacetOption]:
        return [option for option in self.options if option.selected]


class SearchResults:
    """A page of results, the total, and every filter with its counts.

    Only the key is read at once (:func:`search`); the counts, the page and the filter values are read
    on first use, from the cache or else from the index. A page whose HTML is cached under the key
    (``templates/search/search.html``) reads none of them.
    """

    def __init__(self, params: SearchParams, *, levels: dict[int, int], cache_key: str, page_size: int) -> None:
        self.params = params
        self.levels = levels
        #: Changes with the search (but its order and page) and with the index: the key of every cached part.
        self.cache_key = cache_key
        self.page_size = page_size

    @functools.cached_property
    def _counts(self) -> tuple[dict[str, dict[str, int]], int]:
        params, levels = self.params, self.levels
        counts, total = _cached(f"{self.cache_key}:counts", lambda: facet_counts(params, levels))
        if total is None:
            total = _cached(f"{self.cache_key}:total", lambda: documents_matching(params, levels=levels).count())
        return counts, total

    @property
    def count(self) -> int:
        return self._counts[1]

    @functools.cached_property
    def concepts(self) -> list[matching.Concept]:
        """The concepts of the query (``search/matching.py``): what each result is explained by."""
        return matching.concepts(self.params.q)

    @property
    def word_count(self) -> int:
        """How many words (or phrases) of the query the results are matched against."""
        return len({concept.words for concept in self.concepts})

    @functools.cached_property
    def related_competences(self) -> list[RelatedCompetence]:
        """When nothing matches: competences whose names share a stem with the query, that some documents have."""
        if self.count or not self.concepts:
            return []
        return _cached(f"{self.cache_key}:related:{_language()}", lambda: related_competences(self.concepts))

    @functools.cached_property
    def page(self) -> Page:
        params, levels = self.params, self.levels
        relevance = params.effective_sort == SortOrder.RELEVANCE
        prefix = f"{self.cache_key}:{params.effective_sort}:{_language()}"

        def load(start: int, stop: int) -> list[SearchDocument]:
            def ids() -> list[tuple[int, float | None]]:
                matching = documents_matching(params, levels=levels, rank=relevance)
                ordered = _ordered(_with_project_fit(matching) if relevance else matching, params)
                fields = ("id", "rank") if relevance else ("id",)
                return [(row[0], row[1] if relevance else None) for row in ordered.values_list(*fields)[start:stop]]

            window = _cached(f"{prefix}:{start}:{stop}", ids)
            concepts = self.concepts
            documents = (
                SearchDocument.objects.select_related("region").defer(*HEAVY_FIELDS).in_bulk([pk for pk, _ in window])
            )
            page = []
            for pk, rank in window:
                if pk in documents:
                    document = documents[pk]
                    document.rank = rank  # type: ignore[attr-defined]  # the relevance the page shows; no column
                    # why it matched: the fields with the query's words marked (#12)
                    found = matching.why(document.fields, concepts)
                    document.why = found  # type: ignore[attr-defined]
                    document.matched_words = matching.words_found(concepts, found)  # type: ignore[attr-defined]
                    page.append(document)
            return page

        # _Results serves the length and the slices the paginator asks for, loading each page on demand
        return Paginator(cast("Sequence[SearchDocument]", _Results(self.count, load)), self.page_size).get_page(
            params.page
        )

    @functools.cached_property
    def facets(self) -> list[FacetBlock]:
        blocks = _cached(f"{self.cache_key}:facets:{_language()}", lambda: _facet_blocks(self.params, self._counts[0]))
        # The links that remove a chosen value keep the order, which is not part of the key.
        for block in blocks:
            for option in block.selected:
                value = int(option.value) if block.name in (Facet.COMPETENCE, Facet.LEVEL) else option.value
                option.toggle_query = self.params.toggled(block.name, value).to_query()
        return blocks

    @property
    def has_filter_options(self) -> bool:
        """Whether any filter has a value to offer: with nothing found and nothing chosen there is none, and the page
        drops its filter column (it held a lone "Apply filters" button) for the full-width empty state."""
        return any(block.options for block in self.facets)

    @property
    def documents(self) -> list[SearchDocument]:
        return list(self.page.object_list)

    def facet(self, name: str) -> FacetBlock:
        return next(block for block in self.facets if block.name == name)

    @property
    def chosen(self) -> list[tuple[FacetBlock, FacetOption]]:
        """Every chosen filter value with its filter (the "remove" chips above the results)."""
        return [(block, option) for block in self.facets for option in block.selected]


# --- The documents a search finds. ---------------------------------------------------------------------


def _level_regions(levels: dict[int, int], wanted: tuple[int, ...]) -> list[int]:
    return [region_id for region_id, level in levels.items() if level in wanted]


def documents_matching(
    params: SearchParams,
    *,
    levels: dict[int, int] | None = None,
    exclude: str | None = None,
    rank: bool = False,
    every: bool = False,
    queryset: QuerySet[SearchDocument] | None = None,
) -> QuerySet[SearchDocument]:
    """Documents that match the text and every filter of ``params`` (but ``exclude``), unordered.

    ``levels`` is ``{region id: current level}`` (read once by the caller; needed only when a level
    is chosen). Values of one filter are alternatives; filters combine. The level of a project is
    its own; that of an agent, an expert or a region is its region's current level. With ``every``, the text
    must hold every concept of the query (the stricter rule of alerts), else any of them (the search page).
    """
    documents = SearchDocument.objects.all() if queryset is None else queryset
    if params.q:
        documents = backends.match(documents, params.q, rank=rank, every=every)
    elif rank:
        documents = documents.annotate(
            direct=Value(0, output_field=IntegerField()),
            matched=Value(0, output_field=IntegerField()),
            rank=Value(0.0, output_field=FloatField()),
        )
    for facet in FACETS:
        values = params.selected(facet)
        if facet == exclude or not values:
            continue
        if facet == Facet.KIND:
            documents = documents.filter(kind__in=values)
        elif facet == Facet.HELIX:
            documents = documents.filter(helix__in=values)
        elif facet == Facet.LEVEL:
            if levels is None:
                levels = current_region_levels()
            documents = documents.filter(
                Q(kind=DocumentKind.PROJECT, level__in=values)
                | (~Q(kind=DocumentKind.PROJECT) & Q(region_id__in=_level_regions(levels, values)))
            )
        else:
            rows = SearchFacetValue.objects.filter(facet=facet, value__in=[str(value) for value in values])
            documents = documents.filter(pk__in=rows.values("document_id"))
    return documents


def _language() -> str:
    """The language of the titles a page shows and sorts by."""
    return "en" if (get_language() or "ru").startswith("en") else "ru"


def _ordered(documents: QuerySet[SearchDocument], params: SearchParams) -> QuerySet[SearchDocument]:
    sort = params.effective_sort
    newest = (F("created_at").desc(nulls_last=True), "-id")
    if sort == SortOrder.NAME:
        return documents.order_by(f"sort_{_language()}", "id")
    if sort == SortOrder.RELEVANCE:
        # Agents, experts and projects before region pages (#12: a region's page is where to look once a partner
        # is found, not a partner); then those holding the query's own words before those found only through
        # related terms; then more of the query's concepts, then where they are found; among equally
        # relevant results, projects that fit their partners better come first (issue #13).
        return documents.annotate(
            region_last=Case(
                When(kind=DocumentKind.REGION, then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        ).order_by("region_last", "-direct", "-matched", "-rank", F("project_fit").desc(nulls_last=True), *newest)
    return documents.order_by(*newest)


def _with_project_fit(documents: QuerySet[SearchDocument]) -> QuerySet[SearchDocument]:
    """Each project document's stored fit score (``cooperation.models.ProjectFit``; NULL for other kinds)."""
    fits = ProjectFit.objects.filter(project_id=OuterRef("object_id")).values("score")[:1]
    return documents.annotate(
        project_fit=Case(When(kind=DocumentKind.PROJECT, then=Subquery(fits)), default=None, output_field=FloatField())
    )


# --- When nothing matches. -----------------------------------------------------------------------------

#: Related competences offered when nothing matches.
RELATED_COMPETENCES = 8


@dataclass
class RelatedCompetence:
    """A classifier item whose name shares a stem with a query that found nothing, and what a search for it finds."""

    item_id: int
    label: str
    count: int

    @property
    def query(self) -> str:
        return SearchParams(competence=(self.item_id,)).to_query()


def related_competences(
    concepts: list[matching.Concept], *, limit: int = RELATED_COMPETENCES
) -> list[RelatedCompetence]:
    """Competences (classifier items some documents have) whose Russian or English name is akin to the query
    (``matching.akin``), most documents first (two queries; the names are read in Python, as the documents are)."""
    counts = dict(
        SearchFacetValue.objects.filter(facet=Facet.COMPETENCE)
        .values_list("value")
        .annotate(number=Count("id"))
        .values_list("value", "number")
        .order_by()
    )
    wanted = [int(value) for value in counts if value.isdigit()]
    found = []
    for item in ClassifierItem.objects.filter(pk__in=wanted).only("id", "code", "name_ru", "name_en"):
        if matching.akin(f"{item.name_ru} {item.name_en}", concepts):
            found.append(
                RelatedCompetence(item_id=item.pk, label=f"{item.code} {item.name}", count=counts[str(item.pk)])
            )
    found.sort(key=lambda competence: (-competence.count, competence.label))
    return found[:limit]


# --- Counts per filter value. --------------------------------------------------------------------------

#: Pseudo-facet of the level counts of agents, experts and regions: counted per region, then mapped to levels.
LEVEL_BY_REGION = "level-region"
# The branches of the counting query: constant SQL over the common table expression ``matched``.
_BRANCHES: dict[str, list[str]] = {
    Facet.KIND: ["SELECT 'kind', kind, COUNT(*) FROM matched GROUP BY kind"],
    Facet.HELIX: ["SELECT 'helix', helix, COUNT(*) FROM matched WHERE helix <> '' GROUP BY helix"],
    Facet.LEVEL: [
        "SELECT 'level', CAST(level AS VARCHAR(20)), COUNT(*) FROM matched "
        "WHERE kind = 'project' AND level IS NOT NULL GROUP BY level",
        "SELECT 'level-region', CAST(region_id AS VARCHAR(20)), COUNT(*) FROM matched "
        "WHERE kind <> 'project' AND region_id IS NOT NULL GROUP BY region_id",
    ],
}
# Every multi-valued filter in one branch (one join of the filter rows): ``%s`` is a list of facet names.
_ROW_BRANCH = (
    "SELECT f.facet, f.value, COUNT(*) FROM search_searchfacetvalue f "
    "INNER JOIN matched m ON m.id = f.document_id WHERE f.facet IN ({}) GROUP BY f.facet, f.value"
)


def _grouped_counts(documents: QuerySet[SearchDocument], facets: list[str]) -> dict[str, dict[str, int]]:
    """``{facet: {value: results}}`` of several filters over the same documents, in ONE query.

    The documents' query is a common table expression referenced by every branch of a ``UNION ALL``,
    so the text match and the filters are evaluated once (PostgreSQL materialises a CTE used more than
    once), whatever the number of filters counted.
    """
    inner, inner_params = documents.values_list("id", "kind", "helix", "level", "region_id").query.sql_with_params()
    params = list(inner_params)
    branches: list[str] = []
    rows_wanted = []
    for facet in facets:
        if facet in _BRANCHES:
            branches.extend(_BRANCHES[facet])
        else:
            rows_wanted.append(str(facet))
    if rows_wanted:
        branches.append(_ROW_BRANCH.format(", ".join(["%s"] * len(rows_wanted))))
        params.extend(rows_wanted)
    counts: dict[str, dict[str, int]] = {str(facet): {} for facet in facets}
    if not branches:
        return counts
    # ``inner`` is the SQL Django compiled for the documents' query (its values are in ``params``); the
    # branches are the constants above.
    sql = "WITH matched (id, kind, helix, level, region_id) AS (" + inner + ") " + " UNION ALL ".join(branches)  # noqa: S608
    with connections[documents.db].cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, number in cursor.fetchall():
            counts.setdefault(facet, {})[str(value)] = int(number)
    return counts


def _levels_from_regions(counts: dict[str, dict[str, int]], levels: dict[int, int]) -> None:
    """Turn the per-region counts of agents, experts and regions into per-level counts (in place)."""
    by_region = counts.pop(LEVEL_BY_REGION, {})
    level_counts = counts.setdefault(str(Facet.LEVEL), {})
    for region_id, number in by_region.items():
        level = levels.get(int(region_id))
        if level:
            level_counts[str(level)] = level_counts.get(str(level), 0) + number


def facet_counts(params: SearchParams, levels: dict[int, int]) -> tuple[dict[str, dict[str, int]], int | None]:
    """The counts of every filter value, and the number of results when it falls out of them.

    The filters with no value chosen are counted together over the results (one query); each
    filter with chosen values is counted over the results of the *other* filters (one query each).
    """
    chosen = [str(facet) for facet in FACETS if params.selected(facet)]
    free = [str(facet) for facet in FACETS if str(facet) not in chosen]
    counts = _grouped_counts(documents_matching(params, levels=levels), free)
    for facet in chosen:
        counts.update(_grouped_counts(documents_matching(params, levels=levels, exclude=facet), [facet]))
    _levels_from_regions(counts, levels)
    # Every document has exactly one kind: with no kind chosen, the kinds' counts add up to the total.
    total = sum(counts[str(Facet.KIND)].values()) if str(Facet.KIND) in free else None
    return counts, total


def _choice_options(params, facet, counts, choices) -> list[FacetOption]:
    chosen = {str(value) for value in params.selected(facet)}
    return [
        FacetOption(value=value, label=str(label), count=counts.get(str(value), 0), selected=str(value) in chosen)
        for value, label in choices
        if counts.get(str(value)) or str(value) in chosen
    ]


def _ranked_options(params, facet, counts, labels: dict[str, str]) -> list[FacetOption]:
    chosen = {str(value) for value in params.selected(facet)}
    values = [value for value in {*counts, *chosen} if value in labels]
    options = [
        FacetOption(value=value, label=labels[value], count=counts.get(value, 0), selected=value in chosen)
        for value in values
    ]
    options.sort(key=lambda option: (not option.selected, -option.count, option.label.casefold()))
    # The most frequent values (and every chosen one): a long tail of rare values is reached with the text.
    return [option for position, option in enumerate(options) if option.selected or position < MAX_OPTIONS]


def _labels(facet_counts: dict[str, dict[str, int]], params: SearchParams) -> dict[str, dict[str, str]]:
    """Labels of the region, macro-region and competence values that are counted or chosen (two queries)."""
    regions, macroregions = {}, {}
    for region in Region.objects.select_related("macroregion").order_by("sort_order", "iso_code"):
        regions[region.iso_code] = region.name
        macroregions[region.macroregion.code] = region.macroregion.name
    item_ids = {int(value) for value in facet_counts[Facet.COMPETENCE] if value.isdigit()}
    item_ids |= set(params.competence)
    competences = {str(item.pk): f"{item.code} {item.name}" for item in ClassifierItem.objects.filter(pk__in=item_ids)}
    return {Facet.REGION: regions, Facet.MACROREGION: macroregions, Facet.COMPETENCE: competences}


def _facet_blocks(params: SearchParams, counts: dict[str, dict[str, int]]) -> list[FacetBlock]:
    labels = _labels(counts, params)
    level_choices = [(value, f"{value} · {label}") for value, label in CooperationLevel.choices]
    blocks = []
    for facet in FACETS:
        if facet == Facet.KIND:
            options = _choice_options(params, facet, counts[facet], DocumentKind.choices)
        elif facet == Facet.HELIX:
            options = _choice_options(params, facet, counts[facet], Helix.choices)
        elif facet == Facet.TYPE:
            options = _choice_options(params, facet, counts[facet], CooperationType.choices)
        elif facet == Facet.LEVEL:
            options = _choice_options(params, facet, counts[facet], level_choices)
        else:
            options = _ranked_options(params, facet, counts[facet], labels[facet])
        blocks.append(FacetBlock(name=str(facet), label=str(Facet(facet).label), options=options))
    return blocks


# --- The search. ---------------------------------------------------------------------------------------


class _Results:
    """The ordered results of a search as the paginator sees them: a length, and slices loaded on demand."""

    def __init__(self, total: int, load) -> None:
        self.total = total
        self.load = load

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, window: slice) -> list[SearchDocument]:
        return self.load(window.start or 0, window.stop)


@functools.cache
def _state_sql(alias: str) -> tuple[str, tuple]:
    """The SQL of :func:`index_state`, compiled once per process (compiling it costs more than running it)."""
    version = (
        SearchIndexState.objects.filter(pk=SearchIndexState.SINGLETON)
        .order_by()
        .values_list(Value(None, output_field=BigIntegerField()), "version")
    )
    levels = current_levels()
    return version.union(levels, all=True).query.get_compiler(using=alias).as_sql()


def index_state() -> tuple[str, dict[int, int]]:
    """The key of the index as searched now, and ``{region id: current level}``, in one query.

    The key changes whenever the index changes (every write raises its version) or a region's
    current level does (the level filter and its counts read them).
    """
    sql, sql_params = _state_sql(DEFAULT_DB_ALIAS)
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql, sql_params)
        rows = cursor.fetchall()
    version = next((value for region_id, value in rows if region_id is None), None) or 0
    levels = {region_id: value for region_id, value in rows if region_id is not None}
    return f"{version}:{hash(frozenset(levels.items()))}", levels


def _cached(key: str, compute):
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def search(params: SearchParams, *, page_size: int = PAGE_SIZE) -> SearchResults:
    """One page of results for ``params``, ranked or sorted as asked, with the counts of every filter.

    The index holds only public documents, so a search's answer is the same for everyone: the
    counts and the ids of each page are cached under the index's version (any write of the index
    changes it), so a repeated search costs one small query for the key (and one for the
    documents of the page, unless the page's HTML is cached too); a new one costs one query for the
    counts of the filters without a chosen value, one per filter with one, one for the page (and
    one for the number of results when a kind is chosen). The key is read here, the rest on use.
    """
    version, levels = index_state()
    query = hashlib.md5(params.to_query(sort=False).encode(), usedforsecurity=False).hexdigest()
    prefix = f"search:{version}:{query}"
    return SearchResults(params, levels=levels, cache_key=prefix, page_size=page_size)


def matching_refs(params: SearchParams, refs: list[tuple[str, int]]) -> list[SearchDocument]:
    """Which of the documents ``refs`` (``(kind, object id)`` pairs) a saved search finds (one query): with
    ``matching.ALERTS_REQUIRE_EVERY_CONCEPT``, only those holding every concept of its text, not a partial match."""
    if not refs:
        return []
    wanted = Q()
    for kind, object_id in refs:
        wanted |= Q(kind=kind, object_id=object_id)
    candidates = SearchDocument.objects.filter(wanted)
    every = matching.ALERTS_REQUIRE_EVERY_CONCEPT
    return list(
        documents_matching(params, queryset=candidates, every=every).defer(*HEAVY_FIELDS).order_by("kind", "object_id")
    )


# --- Saved searches. -----------------------------------------------------------------------------------


def saved_searches_of(user: Viewer | None) -> QuerySet[SavedSearch]:
    """The user's saved searches, newest first, with how many matches each has been told about."""
    if user is None or not user.is_authenticated:
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user).annotate(match_count=Count("matches")).order_by("-created_at", "-id")


def has_saved_searches(user: Viewer | None) -> bool:
    """Whether ``user`` keeps any saved search (one query; none for an anonymous visitor)."""
    if user is None or not user.is_authenticated:
        return False
    return SavedSearch.objects.filter(user=user).exists()


def saved_search_of(user: Viewer | None, pk: int) -> SavedSearch:
    """One of the user's saved searches; ``SavedSearch.DoesNotExist`` for another user's (or a missing) one."""
    if user is None or not user.is_authenticated:
        raise SavedSearch.DoesNotExist
    return SavedSearch.objects.get(user=user, pk=pk)


def saved_search_for_query(user: Viewer | None, params: SearchParams) -> SavedSearch | None:
    """The user's saved search of exactly this search, if any (the page then says it is saved)."""
    if user is None or not user.is_authenticated:
        return None
    return SavedSearch.objects.filter(user=user, query=params.to_query()).first()


def recent_matches(user: Viewer | None, *, limit: int = 5) -> list[SavedSearchMatch]:
    """The latest objects the user's saved searches found that are still public (one query)."""
    if user is None or not user.is_authenticated:
        return []
    still_public = SearchDocument.objects.filter(kind=OuterRef("kind"), object_id=OuterRef("object_id"))
    return list(
        SavedSearchMatch.objects.filter(saved_search__user=user)
        .filter(Exists(still_public))
        .select_related("saved_search")
        .order_by("-created_at", "-id")[:limit]
    )


def alerting_saved_searches(*, created_before) -> QuerySet[SavedSearch]:
    """Saved searches with alerts on, saved before the documents being matched were created."""
    return (
        SavedSearch.objects.filter(alerts_enabled=True, created_at__lte=created_before, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )


def own_refs(user: Viewer | None, documents: list[SearchDocument]) -> set[tuple[str, int]]:
    """Which of ``documents`` are the user's own, as ``(kind, object id)`` pairs: the agents they act for
    or asked to act for, the projects those agents take part in (lead included), their expert profile.

    Saved-search alerts leave them out: a new organisation's first alert must not be about itself.
    At most three queries, none when ``documents`` hold no agent, project or expert.
    """
    from cooperation.choices import MembershipStatus, ParticipantStatus
    from cooperation.models import AgentMembership, ProjectParticipant
    from experts.models import ExpertProfile

    ids: dict[str, list[int]] = {}
    for document in documents:
        ids.setdefault(document.kind, []).append(document.object_id)
    if not ids or user is None or not user.is_authenticated:
        return set()
    memberships = AgentMembership.objects.filter(
        user=user, status__in=[MembershipStatus.APPROVED, MembershipStatus.PENDING]
    )
    own: set[tuple[str, int]] = set()
    if ids.get(DocumentKind.AGENT):
        agent_ids = memberships.filter(agent_id__in=ids[DocumentKind.AGENT]).values_list("agent_id", flat=True)
        own |= {(DocumentKind.AGENT, pk) for pk in agent_ids}
    if ids.get(DocumentKind.PROJECT):
        project_ids = ProjectParticipant.objects.filter(
            project_id__in=ids[DocumentKind.PROJECT],
            agent_id__in=memberships.values("agent_id"),
            status=ParticipantStatus.ACCEPTED,
        ).values_list("project_id", flat=True)
        own |= {(DocumentKind.PROJECT, pk) for pk in project_ids}
    if ids.get(DocumentKind.EXPERT):
        expert_ids = ExpertProfile.objects.filter(pk__in=ids[DocumentKind.EXPERT], user=user).values_list(
            "pk", flat=True
        )
        own |= {(DocumentKind.EXPERT, pk) for pk in expert_ids}
    return own


def competence_watches_of(user: Viewer | None) -> QuerySet[CompetenceWatch]:
    """The user's competence watches, newest first, with their region and item (one query)."""
    if user is None or not user.is_authenticated:
        return CompetenceWatch.objects.none()
    return (
        CompetenceWatch.objects.filter(user=user)
        .select_related("region", "item__classifier")
        .order_by("-created_at", "-id")
    )


def competence_watch_of(user: Viewer | None, pk: int) -> CompetenceWatch:
    """One of the user's competence watches; ``CompetenceWatch.DoesNotExist`` for another user's (or a missing) one."""
    if user is None or not user.is_authenticated:
        raise CompetenceWatch.DoesNotExist
    return competence_watches_of(user).get(pk=pk)


def region_by_iso(iso_code: str) -> Region | None:
    """The region with this ISO code, or None."""
    return Region.objects.filter(iso_code=iso_code).first()
