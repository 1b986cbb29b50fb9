from django.urls import path

from .views import agents as views

app_name = "cooperation"

urlpatterns = [
    path("agents/", views.AgentListView.as_view(), name="agent-list"),
    path("agents/new/", views.AgentCreateView.as_view(), name="agent-create"),
    path("agents/mine/", views.MyAgentsView.as_view(), name="my-agents"),
    path("agents/moderation/", views.ModerationQueueView.as_view(), name="moderation-queue"),
    path("agents/<int:pk>/", views.AgentDetailView.as_view(), name="agent-detail"),
    path("agents/<int:pk>/edit/", views.AgentUpdateView.as_view(), name="agent-update"),
    path("agents/<int:pk>/verify/", views.AgentVerifyView.as_view(), name="agent-verify"),
    path("agents/<int:pk>/join/", views.AgentJoinView.as_view(), name="agent-join"),
    path("memberships/<int:pk>/decide/", views.MembershipDecideView.as_view(), name="membership-decide"),
    path("memberships/<int:pk>/leave/", views.MembershipLeaveView.as_view(), name="membership-leave"),
    path("memberships/<int:pk>/role/", views.MembershipRoleView.as_view(), name="membership-role"),
]
