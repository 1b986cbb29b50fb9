"""Filters of the interaction and structure lists and of the level endpoints (pages and API alike)."""

import django_filters
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cooperation.choices import CooperationLevel, CooperationType
from core.filters import IdFilter
from regions.filtersets import RegionFilter
from regions.models import MacroRegion, Region

from .choices import InteractionKind, StructureKind, StructureStatus
from .models import IntegratedStructure, Interaction, PairLevel, RegionLevel


def _has_type(queryset, value: str):
    if not value:
        return queryset
    if connection.features.supports_json_field_contains:
        return queryset.filter(cooperation_types__contains=[value])  # jsonb @> on PostgreSQL
    # SQLite keeps the list as JSON text; the quotes make the match a whole element.
    return queryset.filter(cooperation_types__icontains=f'"{value}"')


@extend_schema_field(OpenApiTypes.STR)
class _RegionFilter(RegionFilter):
    """A region given by its ISO 3166-2 code (``RU-LIP``); listed in alphabetical order of the page's language."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Region.objects.all())
        kwargs.setdefault("to_field_name", "iso_code")
        kwargs.setdefault("label", _("Region"))
        kwargs.setdefault("empty_label", _("All regions"))
        super().__init__(*args, **kwargs)


class InteractionFilterSet(django_filters.FilterSet):
    """Interactions by region (of a participant), agent, kind, type of cooperation and date."""

    region = _RegionFilter(method="filter_region", help_text=_("ISO 3166-2 code of a participant's region."))
    agent = IdFilter(method="filter_agent", label=_("Organisation"))
    kind = django_filters.ChoiceFilter(
        choices=InteractionKind.choices, label=_("Kind of exchange"), empty_label=_("All kinds")
    )
    cooperation_type = django_filters.ChoiceFilter(
        choices=CooperationType.choices,
        method="filter_type",
        label=_("Type of cooperation"),
        empty_label=_("All types"),
    )
    date_after = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte", label=_("From"))
    date_before = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte", label=_("To"))
    withdrawn = django_filters.BooleanFilter(field_name="is_withdrawn", label=_("Withdrawn"))

    class Meta:
        model = Interaction
        fields = ["region", "agent", "kind", "cooperation_type", "date_after", "date_before", "withdrawn"]

    def filter_region(self, queryset, name, region):
        if not region:
            return queryset
        through = Interaction.participants.through.objects.filter(agent__region=region)
        return queryset.filter(pk__in=through.values("interaction_id"))

    def filter_agent(self, queryset, name, agent_id):
        if agent_id is None:
            return queryset
        through = Interaction.participants.through.objects.filter(agent_id=agent_id)
        return queryset.filter(pk__in=through.values("interaction_id"))

    def filter_type(self, queryset, name, value):
        return _has_type(queryset, value)


class StructureFilterSet(django_filters.FilterSet):
    """Integrated structures by member region, kind and status."""

    region = _RegionFilter(method="filter_region", help_text=_("ISO 3166-2 code of a member region."))
    kind = django_filters.ChoiceFilter(
        choices=StructureKind.choices, label=_("Kind of structure"), empty_label=_("All kinds")
    )
    status = django_filters.ChoiceFilter(
        choices=StructureStatus.choices, label=_("Status"), empty_label=_("All statuses")
    )

    class Meta:
        model = IntegratedStructure
        fields = ["region", "kind", "status"]

    def filter_region(self, queryset, name, region):
        if not region:
            return queryset
        members = IntegratedStructure.member_regions.through.objects.filter(region=region)
        return queryset.filter(pk__in=members.values("integratedstructure_id"))


class PairLevelFilterSet(django_filters.FilterSet):
    """Periods of pairs: by region (either side), partner, level, and whether the level is held now."""

    region = _RegionFilter(method="filter_region", help_text=_("ISO 3166-2 code of one of the two regions."))
    partner = _RegionFilter(method="filter_region", label=_("Partner region"), help_text=_("The other region."))
    level = django_filters.ChoiceFilter(choices=CooperationLevel.choices, label=_("Level"))
    current = django_filters.BooleanFilter(
        field_name="lost_on", lookup_expr="isnull", label=_("Held now"), help_text=_("Only periods not lost yet.")
    )
    reached_after = django_filters.DateFilter(field_name="reached_on", lookup_expr="gte", label=_("Reached from"))
    reached_before = django_filters.DateFilter(field_name="reached_on", lookup_expr="lte", label=_("Reached until"))

    class Meta:
        model = PairLevel
        fields = ["region", "partner", "level", "current", "reached_after", "reached_before"]

    def filter_region(self, queryset, name, region):
        if not region:
            return queryset
        return queryset.filter(Q(region_a=region) | Q(region_b=region))


class RegionLevelFilterSet(django_filters.FilterSet):
    """Periods of regions: by region, macro-region, level, and whether the level is held now."""

    region = _RegionFilter(field_name="region")
    macroregion = django_filters.ModelChoiceFilter(
        field_name="region__macroregion",
        queryset=MacroRegion.objects.all(),
        to_field_name="code",
        label=_("Macro-region"),
    )
    level = django_filters.ChoiceFilter(choices=CooperationLevel.choices, label=_("Level"))
    current = django_filters.BooleanFilter(
        field_name="lost_on", lookup_expr="isnull", label=_("Held now"), help_text=_("Only periods not lost yet.")
    )
    reached_after = django_filters.DateFilter(field_name="reached_on", lookup_expr="gte", label=_("Reached from"))
    reached_before = django_filters.DateFilter(field_name="reached_on", lookup_expr="lte", label=_("Reached until"))

    class Meta:
        model = RegionLevel
        fields = ["region", "macroregion", "level", "current", "reached_after", "reached_before"]
