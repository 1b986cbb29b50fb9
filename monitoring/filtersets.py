import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperation.choices import CooperationType, ParticipantStatus
from cooperation.filtersets import RegionCodesFilter
from cooperation.models import ProjectParticipant
from core.filters import IdFilter, SearchTextFilter
from regions.models import Region

from .choices import EffectType
from .models import ClosingReport, Effect, Indicator, IndicatorValue

MAX_TERMS = 8


class ClosingReportFilterSet(django_filters.FilterSet):
    """Search and filters of the library of lessons learned, shared by the page and the API.

    The text search matches every word (case-insensitively, Cyrillic included:
    it looks in the report's lower-cased ``search_text``, because SQLite's
    LIKE folds ASCII letters only) in the project's title, the summary, the
    results, the lessons and the recommendations.
    """

    q = SearchTextFilter(label=_("Search"), method="filter_text")
    cooperation_type = django_filters.MultipleChoiceFilter(
        label=_("Type of cooperation"), choices=CooperationType.choices, method="filter_cooperation_type"
    )
    region = RegionCodesFilter(
        label=_("Region"),
        to_field_name="iso_code",
        queryset=Region.objects.all(),
        method="filter_region",
    )
    effect = django_filters.MultipleChoiceFilter(label=_("Effect"), choices=EffectType.choices, method="filter_effect")

    class Meta:
        model = ClosingReport
        fields = ["q", "cooperation_type", "region", "effect"]

    def filter_text(self, queryset, name, value):
        for term in value.lower().split()[:MAX_TERMS]:
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def filter_cooperation_type(self, queryset, name, value):
        if not value:
            return queryset
        # The types are a JSON list; its text holds each type in quotes (portable across SQLite and PostgreSQL).
        condition = Q()
        for item in value:
            condition |= Q(project__cooperation_types__icontains=f'"{item}"')
        return queryset.filter(condition)

    def filter_region(self, queryset, name, value):
        if not value:
            return queryset
        projects = ProjectParticipant.objects.filter(
            status=ParticipantStatus.ACCEPTED, agent__region__in=list(value)
        ).values("project_id")
        return queryset.filter(project_id__in=projects)

    def filter_effect(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(project_id__in=Effect.objects.filter(type__in=value).values("project_id"))


class EffectFilterSet(django_filters.FilterSet):
    """Effects of one project (``?project=``) or of one type."""

    project = IdFilter(label=_("Project ID"), field_name="project")

    class Meta:
        model = Effect
        fields = ["project", "type"]


class IndicatorFilterSet(django_filters.FilterSet):
    """Indicators of one project (``?project=``) or one effect (``?effect=``)."""

    project = IdFilter(label=_("Project ID"), field_name="effect__project")
    effect = IdFilter(label=_("Effect"), field_name="effect")

    class Meta:
        model = Indicator
        fields = ["project", "effect"]


class IndicatorValueFilterSet(django_filters.FilterSet):
    """Values of one indicator (``?indicator=``) or one project (``?project=``), optionally in a date range."""

    indicator = IdFilter(label=_("Indicator"), field_name="indicator")
    project = IdFilter(label=_("Project ID"), field_name="indicator__effect__project")
    date_from = django_filters.DateFilter(label=_("From"), field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(label=_("To"), field_name="date", lookup_expr="lte")

    class Meta:
        model = IndicatorValue
        fields = ["indicator", "project", "date_from", "date_to"]
