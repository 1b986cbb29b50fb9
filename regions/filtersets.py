import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField, ModelMultipleChoiceField

from core.filters import SearchTextFilter

from .forms import GroupedRegionChoiceIterator, RegionChoiceIterator
from .models import FederalDistrict, MacroRegion, Region


class RegionFilterField(ModelChoiceField):
    """A filter's one region: the list in alphabetical order of the page's language (``regions.forms``)."""

    iterator = RegionChoiceIterator


class RegionsFilterField(ModelMultipleChoiceField):
    """A filter's regions: grouped under their federal districts, alphabetical in each (``regions.forms``)."""

    iterator = GroupedRegionChoiceIterator


class RegionFilter(django_filters.ModelChoiceFilter):
    """One region, listed in alphabetical order of the page's language."""

    field_class = RegionFilterField


class RegionFilterSet(django_filters.FilterSet):
    """Filters of the region list, shared by the page and the API."""

    q = SearchTextFilter(label=_("Search"), method="filter_text")
    federal_district = django_filters.ModelChoiceFilter(
        label=_("Federal district"), to_field_name="code", queryset=FederalDistrict.objects.all()
    )
    macroregion = django_filters.ModelChoiceFilter(
        label=_("Macro-region"), to_field_name="code", queryset=MacroRegion.objects.all()
    )

    class Meta:
        model = Region
        fields = ["q", "federal_district", "macroregion", "kind"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        condition = Q(iso_code__iexact=value) | Q(okato=value)
        for variant in {value, value.lower(), value.capitalize()}:
            condition |= Q(name_ru__icontains=variant) | Q(name_en__icontains=variant)
        return queryset.filter(condition)
