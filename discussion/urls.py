from django.urls import path

from . import views

app_name = "discussion"

urlpatterns = [
    path("projects/<int:pk>/comments/", views.CommentCreateView.as_view(), name="comment-create"),
    path("comments/<int:pk>/edit/", views.CommentUpdateView.as_view(), name="comment-update"),
    path("comments/<int:pk>/delete/", views.CommentDeleteView.as_view(), name="comment-delete"),
    path("comments/<int:pk>/hide/", views.CommentHideView.as_view(), name="comment-hide"),
    path("comments/<int:pk>/unhide/", views.CommentUnhideView.as_view(), name="comment-unhide"),
    path("report/", views.ReportCreateView.as_view(), name="report-create"),
    path("moderation/reports/", views.ReportQueueView.as_view(), name="report-queue"),
    path("moderation/reports/<int:pk>/resolve/", views.ReportResolveView.as_view(), name="report-resolve"),
]
