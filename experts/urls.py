from django.urls import path

from . import views

app_name = "experts"

urlpatterns = [
    path("", views.ExpertListView.as_view(), name="expert-list"),
    path("me/", views.ExpertProfileEditView.as_view(), name="my-profile"),
    path("invitations/", views.MyInvitationsView.as_view(), name="my-invitations"),
    path("invitations/<int:pk>/respond/", views.InvitationRespondView.as_view(), name="invitation-respond"),
    path("invitations/<int:pk>/withdraw/", views.InvitationWithdrawView.as_view(), name="invitation-withdraw"),
    path("projects/<int:project_pk>/invite/", views.ExpertInviteView.as_view(), name="project-invite"),
    path("<int:pk>/", views.ExpertDetailView.as_view(), name="expert-detail"),
]
