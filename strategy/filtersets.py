"""Filters of the strategy pages: the discovery sessions across regions."""

import django_filters
from django.utils.translation import gettext_lazy as _

from regions.filtersets import RegionFilter
from regions.models import Region

from .choices import SessionState
from .models import DiscoverySession


class SessionListFilterSet(django_filters.FilterSet):
    """Sessions by region, state and the day they were opened (from, until: both included)."""

    region = RegionFilter(
        field_name="region",
        queryset=Region.objects.filter(discovery_sessions__isnull=False).distinct(),
        to_field_name="iso_code",
        label=_("Region"),
        empty_label=_("All regions"),
    )
    state = django_filters.ChoiceFilter(choices=SessionState.choices, label=_("State"), empty_label=_("Every state"))
    opened_after = django_filters.DateFilter(field_name="opened_at__date", lookup_expr="gte", label=_("Opened from"))
    opened_before = django_filters.DateFilter(field_name="opened_at__date", lookup_expr="lte", label=_("Opened until"))

    class Meta:
        model = DiscoverySession
        fields = ["region", "state", "opened_after", "opened_before"]
