from django.urls import path

from . import structure_views, views

app_name = "levels"

urlpatterns = [
    path("", views.IndexView.as_view(), name="index"),
    path("network/", views.NetworkView.as_view(), name="network"),
    path("regions/<str:iso_code>/", views.RegionDashboardView.as_view(), name="region-dashboard"),
    path("my-regions/", views.MyRegionsView.as_view(), name="my-regions"),
    path("pairs/<str:iso_a>/<str:iso_b>/", views.PairView.as_view(), name="pair"),
    path("interactions/", views.InteractionListView.as_view(), name="interaction-list"),
    path("interactions/to-confirm/", views.InteractionsToConfirmView.as_view(), name="interaction-to-confirm"),
    path("interactions/new/", views.InteractionCreateView.as_view(), name="interaction-create"),
    path("interactions/<int:pk>/", views.InteractionDetailView.as_view(), name="interaction-detail"),
    path("interactions/<int:pk>/edit/", views.InteractionUpdateView.as_view(), name="interaction-update"),
    path("interactions/<int:pk>/withdraw/", views.InteractionWithdrawView.as_view(), name="interaction-withdraw"),
    path("interactions/<int:pk>/restore/", views.InteractionRestoreView.as_view(), name="interaction-restore"),
    path("interactions/<int:pk>/confirm/", views.InteractionConfirmView.as_view(), name="interaction-confirm"),
    path("interactions/<int:pk>/dispute/", views.InteractionDisputeView.as_view(), name="interaction-dispute"),
    path("structures/", views.StructureListView.as_view(), name="structure-list"),
    path("structures/new/", views.StructureCreateView.as_view(), name="structure-create"),
    path("structures/<int:pk>/", views.StructureDetailView.as_view(), name="structure-detail"),
    path("structures/moderation/", structure_views.StructureModerationView.as_view(), name="structure-moderation"),
    path("structures/<int:pk>/edit/", structure_views.StructureUpdateView.as_view(), name="structure-update"),
    path("structures/<int:pk>/confirm/", structure_views.StructureConfirmView.as_view(), name="structure-confirm"),
    path("structures/<int:pk>/reject/", structure_views.StructureRejectView.as_view(), name="structure-reject"),
    path(
        "structures/<int:pk>/request-details/",
        structure_views.StructureRequestDetailsView.as_view(),
        name="structure-request-details",
    ),
    path("structures/<int:pk>/submit/", structure_views.StructureSubmitView.as_view(), name="structure-submit"),
    path("alliances/", structure_views.AllianceBuilderView.as_view(), name="alliance-builder"),
    path("structures/<int:pk>/dissolve/", views.StructureDissolveView.as_view(), name="structure-dissolve"),
    path("structures/<int:pk>/documents/", views.StructureDocumentView.as_view(), name="structure-add-document"),
]
