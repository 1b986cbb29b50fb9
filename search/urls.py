from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.SearchView.as_view(), name="index"),
    path("saved/", views.SavedSearchListView.as_view(), name="saved-list"),
    path("saved/new/", views.SavedSearchCreateView.as_view(), name="saved-create"),
    path("saved/<int:pk>/rename/", views.SavedSearchRenameView.as_view(), name="saved-rename"),
    path("saved/<int:pk>/delete/", views.SavedSearchDeleteView.as_view(), name="saved-delete"),
    path("saved/<int:pk>/alerts/", views.SavedSearchAlertsView.as_view(), name="saved-alerts"),
    path("watches/", views.CompetenceWatchListView.as_view(), name="watch-list"),
    path("watches/<int:pk>/delete/", views.CompetenceWatchDeleteView.as_view(), name="watch-delete"),
    path(
        "recommendations/agent/<int:pk>/",
        views.AgentRecommendationsView.as_view(),
        name="agent-recommendations",
    ),
    path(
        "recommendations/project/<int:pk>/",
        views.ProjectRecommendationsView.as_view(),
        name="project-recommendations",
    ),
    path("cells/<str:iso_code>/<slug:classifier>/<str:code>/", views.CellView.as_view(), name="cell"),
    path("cells/<str:iso_code>/<slug:classifier>/<str:code>/start/", views.CellStartView.as_view(), name="cell-start"),
]
