from rest_framework import viewsets

from core.api_permissions import PUBLIC_READ
from regions.filtersets import RegionFilterSet
from regions.models import FederalDistrict
from regions.selectors import macroregion_list, region_list

from .serializers import FederalDistrictSerializer, MacroRegionSerializer, RegionSerializer


class RegionApi(viewsets.ReadOnlyModelViewSet):
    """The 85 federal subjects; look one up by ISO 3166-2 code (e.g. ``RU-LIP``)."""

    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "iso_code"
    lookup_value_regex = "[A-Za-z]{2}-[A-Za-z]{2,3}"
    ordering_fields = ["iso_code", "okato", "name_ru", "name_en", "sort_order"]
    rules_permissions = PUBLIC_READ

    def get_queryset(self):
        return region_list()


class MacroRegionApi(viewsets.ReadOnlyModelViewSet):
    """The 12 macro-regions of the Strategy for Spatial Development to 2025."""

    serializer_class = MacroRegionSerializer
    lookup_field = "code"
    rules_permissions = PUBLIC_READ
    pagination_class = None

    def get_queryset(self):
        return macroregion_list()


class FederalDistrictApi(viewsets.ReadOnlyModelViewSet):
    """The 8 federal districts."""

    serializer_class = FederalDistrictSerializer
    queryset = FederalDistrict.objects.all()
    lookup_field = "code"
    rules_permissions = PUBLIC_READ
    pagination_class = None
