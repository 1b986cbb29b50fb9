from django.urls import path

from .views import agents as views
from .views import goals, projects

app_name = "cooperation"

urlpatterns = [
    path("agents/", views.AgentListView.as_view(), name="agent-list"),
    path("agents/new/", views.AgentCreateView.as_view(), name="agent-create"),
    path("agents/mine/", views.MyAgentsView.as_view(), name="my-agents"),
    path("agents/moderation/", views.ModerationQueueView.as_view(), name="moderation-queue"),
    path("agents/<int:pk>/", views.AgentDetailView.as_view(), name="agent-detail"),
    path("agents/<int:pk>/edit/", views.AgentUpdateView.as_view(), name="agent-update"),
    path("agents/<int:pk>/verify/", views.AgentVerifyView.as_view(), name="agent-verify"),
    path("agents/<int:pk>/reject/", views.AgentRejectView.as_view(), name="agent-reject"),
    path("agents/<int:pk>/request-details/", views.AgentRequestDetailsView.as_view(), name="agent-request-details"),
    path("agents/<int:pk>/resubmit/", views.AgentResubmitView.as_view(), name="agent-resubmit"),
    path("agents/<int:pk>/join/", views.AgentJoinView.as_view(), name="agent-join"),
    path("memberships/<int:pk>/decide/", views.MembershipDecideView.as_view(), name="membership-decide"),
    path("memberships/<int:pk>/leave/", views.MembershipLeaveView.as_view(), name="membership-leave"),
    path("memberships/<int:pk>/role/", views.MembershipRoleView.as_view(), name="membership-role"),
    # Projects.
    path("projects/", projects.ProjectListView.as_view(), name="project-list"),
    path("projects/new/", projects.ProjectCreateView.as_view(), name="project-create"),
    path("projects/mine/", projects.MyProjectsView.as_view(), name="my-projects"),
    path("projects/moderation/", projects.ProjectModerationView.as_view(), name="project-moderation"),
    path("projects/<int:pk>/", projects.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<int:pk>/edit/", projects.ProjectUpdateView.as_view(), name="project-update"),
    path("projects/<int:pk>/submit/", projects.ProjectSubmitView.as_view(), name="project-submit"),
    path("projects/<int:pk>/approve/", projects.ProjectApproveView.as_view(), name="project-approve"),
    path(
        "projects/<int:pk>/request-changes/",
        projects.ProjectRequestChangesView.as_view(),
        name="project-request-changes",
    ),
    path("projects/<int:pk>/reject/", projects.ProjectRejectView.as_view(), name="project-reject"),
    path("projects/<int:pk>/start/", projects.ProjectStartView.as_view(), name="project-start"),
    path("projects/<int:pk>/dates/", projects.ProjectDatesView.as_view(), name="project-dates"),
    path("projects/<int:pk>/complete/", projects.ProjectCompleteView.as_view(), name="project-complete"),
    path("projects/<int:pk>/archive/", projects.ProjectArchiveView.as_view(), name="project-archive"),
    path("projects/<int:pk>/feature/", projects.ProjectFeatureView.as_view(), name="project-feature"),
    path("projects/<int:pk>/hide/", projects.ProjectHideView.as_view(), name="project-hide"),
    path("projects/<int:pk>/show/", projects.ProjectShowView.as_view(), name="project-show"),
    path("projects/<int:pk>/apply/", projects.ProjectApplyView.as_view(), name="project-apply"),
    path("projects/<int:pk>/invite/", projects.ProjectInviteView.as_view(), name="project-invite"),
    path("projects/<int:pk>/attachments/", projects.AttachmentUploadView.as_view(), name="attachment-upload"),
    path("projects/<int:pk>/milestones/", projects.MilestoneAddView.as_view(), name="milestone-add"),
    path("projects/<int:pk>/goals/", goals.ProjectGoalAddView.as_view(), name="goal-add"),
    path("projects/goals/<int:pk>/delete/", goals.ProjectGoalDeleteView.as_view(), name="goal-delete"),
    path(
        "projects/participants/<int:pk>/decide/",
        projects.ParticipantDecideView.as_view(),
        name="participant-decide",
    ),
    path(
        "projects/participants/<int:pk>/respond/",
        projects.ParticipantRespondView.as_view(),
        name="participant-respond",
    ),
    path(
        "projects/participants/<int:pk>/withdraw/",
        projects.ParticipantWithdrawView.as_view(),
        name="participant-withdraw",
    ),
    path("projects/participants/<int:pk>/leave/", projects.ParticipantLeaveView.as_view(), name="participant-leave"),
    path("projects/attachments/<int:pk>/", projects.AttachmentDownloadView.as_view(), name="attachment-download"),
    path("projects/attachments/<int:pk>/delete/", projects.AttachmentDeleteView.as_view(), name="attachment-delete"),
    path("projects/milestones/<int:pk>/edit/", projects.MilestoneUpdateView.as_view(), name="milestone-update"),
    path("projects/milestones/<int:pk>/complete/", projects.MilestoneCompleteView.as_view(), name="milestone-complete"),
    path("projects/milestones/<int:pk>/delete/", projects.MilestoneDeleteView.as_view(), name="milestone-delete"),
]
