import django_filters
from django.db import connection
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from analytics.models import ClassifierItem
from core.filters import SearchTextFilter
from regions.filtersets import RegionsFilterField
from regions.models import MacroRegion, Region

from .choices import CooperationType, Helix, ParticipantStatus, ProjectState
from .forms import CompetenceChoiceField
from .models import Agent, Project, ProjectParticipant


@extend_schema_field({"type": "array", "items": {"type": "string", "example": "RU-LIP"}})
class RegionCodesFilter(django_filters.ModelMultipleChoiceFilter):
    """Regions by ISO 3166-2 code, repeatable: ``?region=RU-LIP&region=RU-VOR``; on pages grouped under their
    federal districts, alphabetical in the page's language."""

    field_class = RegionsFilterField


@extend_schema_field(OpenApiTypes.STR)
class MacroRegionCodeFilter(django_filters.ModelChoiceFilter):
    """A macro-region by code, e.g. ``central-black-earth``."""


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class ClassifierItemsFilter(django_filters.ModelMultipleChoiceFilter):
    """Classifier items by id, repeatable: ``?competence=12&competence=40``; grouped by classifier on pages."""

    field_class = CompetenceChoiceField


class AgentFilterSet(django_filters.FilterSet):
    """Filters of the agent directory, shared by the page and the API."""

    q = SearchTextFilter(label=_("Search"), method="filter_text")
    helix = django_filters.MultipleChoiceFilter(label=_("Helix"), choices=Helix.choices)
    region = RegionCodesFilter(
        label=_("Region"), field_name="region__iso_code", to_field_name="iso_code", queryset=Region.objects.all()
    )
    macroregion = MacroRegionCodeFilter(
        label=_("Macro-region"),
        field_name="region__macroregion",
        to_field_name="code",
        queryset=MacroRegion.objects.all(),
    )
    competence = ClassifierItemsFilter(
        label=_("Competence"),
        field_name="competences",
        queryset=ClassifierItem.objects.filter(classifier__code__in=["nace2", "grnti"]).select_related("classifier"),
        conjoined=False,
        distinct=True,
    )
    verified = django_filters.BooleanFilter(label=_("Verified"), field_name="is_verified")

    class Meta:
        model = Agent
        fields = ["q", "helix", "region", "macroregion", "competence", "verified"]

    def filter_text(self, queryset, name, value):
        terms = value.split()
        for term in terms[:8]:
            # SQLite folds case of ASCII letters only, so Cyrillic spellings are tried explicitly.
            condition = Q()
            for variant in {term, term.lower(), term.capitalize(), term.upper()}:
                condition |= (
                    Q(name__icontains=variant)
                    | Q(name_en__icontains=variant)
                    | Q(description__icontains=variant)
                    | Q(description_en__icontains=variant)
                )
            queryset = queryset.filter(condition)
        return queryset


def _cased_variants(term: str) -> set[str]:
    """Spellings of ``term`` to try: SQLite folds the case of ASCII letters only."""
    return {term, term.lower(), term.capitalize(), term.upper()}


def _accepted_participations():
    return ProjectParticipant.objects.filter(status=ParticipantStatus.ACCEPTED)


def annotate_region_count(queryset):
    """Annotate ``region_count``: the number of distinct regions of the accepted participants (the lead included)."""
    counts = (
        _accepted_participations()
        .filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(count=Count("agent__region", distinct=True))
        .values("count")
    )
    return queryset.annotate(region_count=Coalesce(Subquery(counts, output_field=IntegerField()), 0))


class ProjectFilterSet(django_filters.FilterSet):
    """Filters of the project catalogue, shared by the page and the API.

    Multiple values of one filter are alternatives (OR); different filters combine (AND).
    """

    q = SearchTextFilter(label=_("Search"), method="filter_text")
    type = django_filters.MultipleChoiceFilter(
        label=_("Type of cooperation"), choices=CooperationType.choices, method="filter_type"
    )
    state = django_filters.MultipleChoiceFilter(label=_("State"), choices=ProjectState.choices)
    region = RegionCodesFilter(
        label=_("Region"), to_field_name="iso_code", queryset=Region.objects.all(), method="filter_region"
    )
    macroregion = MacroRegionCodeFilter(
        label=_("Macro-region"), to_field_name="code", queryset=MacroRegion.objects.all(), method="filter_macroregion"
    )
    helix = django_filters.MultipleChoiceFilter(
        label=_("Lead organisation's helix"), field_name="lead_agent__helix", choices=Helix.choices
    )
    competence = ClassifierItemsFilter(
        label=_("Competence"),
        queryset=ClassifierItem.objects.select_related("classifier"),
        method="filter_competence",
    )
    interregional = django_filters.BooleanFilter(label=_("Interregional"), method="filter_interregional")

    class Meta:
        model = Project
        fields = ["q", "type", "state", "region", "macroregion", "helix", "competence", "interregional"]

    def filter_text(self, queryset, name, value):
        for term in value.split()[:8]:
            condition = Q()
            for variant in _cased_variants(term):
                for field in ("title_ru", "title_en", "summary_ru", "summary_en"):
                    condition |= Q(**{f"{field}__icontains": variant})
            queryset = queryset.filter(condition)
        return queryset

    def filter_type(self, queryset, name, values):
        if not values:
            return queryset
        condition = Q()
        for value in values:
            if connection.features.supports_json_field_contains:
                condition |= Q(cooperation_types__contains=[value])  # jsonb @> on PostgreSQL
            else:
                # SQLite keeps the list as JSON text; the quotes make the match a whole element.
                condition |= Q(cooperation_types__icontains=f'"{value}"')
        return queryset.filter(condition)

    def filter_region(self, queryset, name, regions):
        if not regions:
            return queryset
        participations = _accepted_participations().filter(agent__region__in=regions)
        return queryset.filter(pk__in=participations.values("project_id"))

    def filter_macroregion(self, queryset, name, macroregion):
        if not macroregion:
            return queryset
        participations = _accepted_participations().filter(agent__region__macroregion=macroregion)
        return queryset.filter(pk__in=participations.values("project_id"))

    def filter_competence(self, queryset, name, items):
        if not items:
            return queryset
        through_directions = Project.directions.through.objects.filter(classifieritem__in=items)
        through_rubrics = Project.rubrics.through.objects.filter(classifieritem__in=items)
        return queryset.filter(
            Q(pk__in=through_directions.values("project_id")) | Q(pk__in=through_rubrics.values("project_id"))
        )

    def filter_interregional(self, queryset, name, value):
        if value is None:
            return queryset
        if "region_count" not in queryset.query.annotations:
            queryset = annotate_region_count(queryset)
        return queryset.filter(region_count__gte=2) if value else queryset.filter(region_count__lt=2)
