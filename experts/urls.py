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
    path("consultations/", views.ConsultationListView.as_view(), name="consultation-list"),
    path("consultations/new/", views.ConsultationRequestView.as_view(), name="consultation-request"),
    path("consultations/<int:pk>/", views.ConsultationDetailView.as_view(), name="consultation-detail"),
    path("consultations/<int:pk>/accept/", views.ConsultationAcceptView.as_view(), name="consultation-accept"),
    path("consultations/<int:pk>/decline/", views.ConsultationDeclineView.as_view(), name="consultation-decline"),
    path("consultations/<int:pk>/complete/", views.ConsultationCompleteView.as_view(), name="consultation-complete"),
    path("consultations/<int:pk>/confirm/", views.ConsultationConfirmView.as_view(), name="consultation-confirm"),
    path("consultations/<int:pk>/dispute/", views.ConsultationDisputeView.as_view(), name="consultation-dispute"),
    path("consultations/<int:pk>/document/", views.ConsultationDocumentView.as_view(), name="consultation-document"),
    path("<int:pk>/", views.ExpertDetailView.as_view(), name="expert-detail"),
]
