import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from analytics.models import ClassifierItem
from regions.models import MacroRegion, Region

from .choices import Helix
from .models import Agent


@extend_schema_field({"type": "array", "items": {"type": "string", "example": "RU-LIP"}})
class RegionCodesFilter(django_filters.ModelMultipleChoiceFilter):
    """Regions by ISO 3166-2 code, repeatable: ``?region=RU-LIP&region=RU-VOR``."""


@extend_schema_field(OpenApiTypes.STR)
class MacroRegionCodeFilter(django_filters.ModelChoiceFilter):
    """A macro-region by code, e.g. ``central-black-earth``."""


class AgentFilterSet(django_filters.FilterSet):
    """Filters of the agent directory, shared by the page and the API."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
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
    competence = django_filters.ModelMultipleChoiceFilter(
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
                    Q(name__icontains=variant) | Q(name_en__icontains=variant) | Q(description__icontains=variant)
                )
            queryset = queryset.filter(condition)
        return queryset
