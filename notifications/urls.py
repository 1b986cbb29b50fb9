from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("read-all/", views.NotificationMarkAllReadView.as_view(), name="read-all"),
    path("settings/", views.NotificationSettingsView.as_view(), name="settings"),
    path("<int:pk>/open/", views.NotificationOpenView.as_view(), name="open"),
    path("<int:pk>/read/", views.NotificationMarkReadView.as_view(), name="read"),
]
