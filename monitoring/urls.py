from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("projects/<int:project_pk>/monitoring/", views.ProjectMonitoringView.as_view(), name="project-monitoring"),
    path("projects/<int:project_pk>/effects/add/", views.EffectAddView.as_view(), name="effect-add"),
    path("projects/<int:project_pk>/effects/<int:pk>/edit/", views.EffectEditView.as_view(), name="effect-edit"),
    path("projects/<int:project_pk>/effects/<int:pk>/remove/", views.EffectRemoveView.as_view(), name="effect-remove"),
    path("projects/<int:project_pk>/indicators/add/", views.IndicatorAddView.as_view(), name="indicator-add"),
    path(
        "projects/<int:project_pk>/indicators/<int:pk>/edit/",
        views.IndicatorEditView.as_view(),
        name="indicator-edit",
    ),
    path(
        "projects/<int:project_pk>/indicators/<int:pk>/remove/",
        views.IndicatorRemoveView.as_view(),
        name="indicator-remove",
    ),
    path(
        "projects/<int:project_pk>/indicators/<int:pk>/link/",
        views.IndicatorLinkView.as_view(),
        name="indicator-link",
    ),
    path(
        "projects/<int:project_pk>/indicators/<int:pk>/unlink/",
        views.IndicatorUnlinkView.as_view(),
        name="indicator-unlink",
    ),
    path("monitoring/regions/<str:iso_code>/", views.RegionRollupView.as_view(), name="region-rollup"),
    path("projects/<int:project_pk>/values/add/", views.IndicatorValueAddView.as_view(), name="value-add"),
    path("projects/<int:project_pk>/values/<int:pk>/edit/", views.IndicatorValueEditView.as_view(), name="value-edit"),
    path(
        "projects/<int:project_pk>/values/<int:pk>/remove/",
        views.IndicatorValueRemoveView.as_view(),
        name="value-remove",
    ),
    path("projects/<int:project_pk>/report/", views.ClosingReportView.as_view(), name="closing-report"),
    path("reports/", views.ClosingReportListView.as_view(), name="report-list"),
]
