from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.CountryView.as_view(), name="country"),
    path("export.<str:extension>", views.priorities_export, name="export"),
    path("priorities/template.csv", views.import_template, name="import-template"),
    path("regions/<str:iso_code>/", views.RegionPrioritiesView.as_view(), name="region"),
    path("regions/<str:iso_code>/export.<str:extension>", views.priorities_export, name="region-export"),
    path("regions/<str:iso_code>/priorities/new/", views.PrioritySetCreateView.as_view(), name="priority-create"),
    path("regions/<str:iso_code>/priorities/import/", views.PriorityImportView.as_view(), name="priority-import"),
    path("priority-sets/<int:pk>/delete/", views.PrioritySetDeleteView.as_view(), name="priority-delete"),
    path("priority-sets/<int:pk>/edit/", views.PrioritySetUpdateView.as_view(), name="priority-edit"),
    path("priorities/<int:pk>/delete/", views.PriorityDeleteView.as_view(), name="priority-remove"),
    path("regions/<str:iso_code>/sessions/new/", views.SessionOpenView.as_view(), name="session-open"),
    path("sessions/", views.SessionListView.as_view(), name="session-list"),
    path("sessions/<int:pk>/", views.SessionDetailView.as_view(), name="session"),
    path("sessions/<int:pk>/items/<int:item_pk>/rate/", views.SessionRateView.as_view(), name="session-rate"),
    path("sessions/<int:pk>/close/", views.SessionCloseView.as_view(), name="session-close"),
    path("sessions/<int:pk>/adopt/", views.SessionAdoptView.as_view(), name="session-adopt"),
]
