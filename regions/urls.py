from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region-list"),
    path("regions/<str:iso_code>/", views.RegionDetailView.as_view(), name="region-detail"),
    path("macroregions/<slug:code>/", views.MacroRegionDetailView.as_view(), name="macroregion-detail"),
]
