import django_filters
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperation.choices import Helix
from cooperation.filtersets import ClassifierItemsFilter, MacroRegionCodeFilter, RegionCodesFilter
from cooperation.forms import competence_queryset
from core.filters import SearchTextFilter
from regions.models import MacroRegion, Region

from .choices import Availability, Language
from .models import ExpertProfile


class ExpertFilterSet(django_filters.FilterSet):
    """Filters of the expert directory, shared by the page and the API."""

    q = SearchTextFilter(label=_("Search"), method="filter_text")
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
        queryset=competence_queryset(),
        conjoined=False,
        distinct=True,
    )
    helix = django_filters.MultipleChoiceFilter(
        label=_("Helix of the organisation"), field_name="agent__helix", choices=Helix.choices
    )
    language = django_filters.ChoiceFilter(label=_("Language"), choices=Language.choices, method="filter_language")
    availability = django_filters.MultipleChoiceFilter(label=_("Availability"), choices=Availability.choices)

    class Meta:
        model = ExpertProfile
        fields = ["q", "region", "macroregion", "competence", "helix", "language", "availability"]

    def filter_language(self, queryset, name, value):
        if not value:
            return queryset
        if connection.features.supports_json_field_contains:
            return queryset.filter(languages__contains=[value])  # jsonb @> on PostgreSQL
        # SQLite keeps the list as JSON text; the quotes make the match a whole element.
        return queryset.filter(languages__icontains=f'"{value}"')

    def filter_text(self, queryset, name, value):
        for term in value.split()[:8]:
            # SQLite folds case of ASCII letters only, so Cyrillic spellings are tried explicitly.
            condition = Q()
            for variant in {term, term.lower(), term.capitalize(), term.upper()}:
                condition |= (
                    Q(user__full_name__icontains=variant)
                    | Q(headline_ru__icontains=variant)
                    | Q(headline_en__icontains=variant)
                )
            queryset = queryset.filter(condition)
        return queryset
