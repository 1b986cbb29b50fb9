from django.urls import path  # noqa: F401 - used by the sections below

app_name = "analytics"

urlpatterns: list = []

# --- Public pages (open data): analytics/views/public.py
# (helpers append: urlpatterns += [...])
from .views import public  # noqa: E402 - each section imports its own views

urlpatterns += [
    path("", public.AnalyticsIndexView.as_view(), name="index"),
    path("map/", public.CountryMapView.as_view(), name="map"),
    path("regions/<str:iso_code>/", public.RegionAnalyticsView.as_view(), name="region"),
    path("macroregions/<slug:code>/", public.MacroRegionAnalyticsView.as_view(), name="macroregion"),
    path("coefficients/export/", public.coefficient_export, name="coefficient-export"),
]


# --- Data bank for analysts (imports, concordance, recomputation): analytics/views/data_bank.py
from .views import data_bank  # noqa: E402 - each section imports its own views

urlpatterns += [
    path("data-bank/", data_bank.DataBankOverviewView.as_view(), name="data-bank"),
    path("data-bank/datasets/new/", data_bank.DatasetCreateView.as_view(), name="data-bank-dataset-create"),
    path("data-bank/imports/new/", data_bank.ImportUploadView.as_view(), name="data-bank-import"),
    path(
        "data-bank/imports/template/<slug:kind>.csv",
        data_bank.ImportTemplateView.as_view(),
        name="data-bank-import-template",
    ),
    path(
        "data-bank/imports/<uuid:staging_id>/",
        data_bank.ImportPreviewView.as_view(),
        name="data-bank-import-preview",
    ),
    path(
        "data-bank/imports/<uuid:staging_id>/discard/",
        data_bank.ImportDiscardView.as_view(),
        name="data-bank-import-discard",
    ),
    path("data-bank/concordance/", data_bank.ConcordanceView.as_view(), name="data-bank-concordance"),
    path("data-bank/snapshots/", data_bank.SnapshotStatusView.as_view(), name="data-bank-snapshots"),
    path("data-bank/snapshots/compare/", data_bank.SnapshotCompareView.as_view(), name="data-bank-snapshot-compare"),
    path("data-bank/snapshots/recompute/", data_bank.RecomputeStartView.as_view(), name="data-bank-recompute"),
    path(
        "data-bank/concordance/links/add/",
        data_bank.ConcordanceLinkAddView.as_view(),
        name="data-bank-concordance-link-add",
    ),
    path(
        "data-bank/concordance/links/<int:pk>/remove/",
        data_bank.ConcordanceLinkRemoveView.as_view(),
        name="data-bank-concordance-link-remove",
    ),
    path(
        "data-bank/concordance/cross-cutting/add/",
        data_bank.CrossCuttingAddView.as_view(),
        name="data-bank-cross-cutting-add",
    ),
    path(
        "data-bank/concordance/cross-cutting/<int:pk>/remove/",
        data_bank.CrossCuttingRemoveView.as_view(),
        name="data-bank-cross-cutting-remove",
    ),
]
