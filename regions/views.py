"""Pages of the regions: the list, a region, a macro-region."""

from django.http import Http404
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filtersets import RegionFilterSet
from .models import MacroRegion, Region
from .selectors import macroregion_list, region_detail, region_list


class RegionListView(FilterView):
    """All 85 federal subjects, filterable by federal district and macro-region."""

    filterset_class = RegionFilterSet
    template_name = "regions/region_list.html"
    context_object_name = "regions"

    def get_queryset(self):
        return region_list()

    def get_context_data(self, **kwargs):
        return super().get_context_data(macroregions=macroregion_list(), **kwargs)


class RegionDetailView(DetailView):
    """A region's page: its place in the country and its agents per helix."""

    template_name = "regions/region_detail.html"
    context_object_name = "region"

    def get_object(self, queryset=None):
        try:
            return region_detail(self.kwargs["iso_code"])
        except Region.DoesNotExist as error:
            raise Http404 from error

    def get_context_data(self, **kwargs):
        # The agents' section comes from the cooperation app's tag ``cooperation_region_agents``.
        context = super().get_context_data(**kwargs)
        context["neighbours"] = self.object.macroregion.regions.exclude(pk=self.object.pk)
        return context


class MacroRegionDetailView(DetailView):
    """A macro-region of the Strategy for Spatial Development and its regions."""

    template_name = "regions/macroregion_detail.html"
    context_object_name = "macroregion"
    slug_field = "code"
    slug_url_kwarg = "code"
    queryset = MacroRegion.objects.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(regions=region_list().filter(macroregion=self.object), **kwargs)
