from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation.filtersets import AgentFilterSet, ProjectFilterSet
from cooperation.models import Project
from cooperation.presenters import fit_parts
from cooperation.selectors import (
    agent_list,
    best_fit_first,
    fit_names,
    memberships_visible_to,
    moderation_queue_list,
    project_detail,
    project_history,
    project_list,
    project_participants,
    project_participants_visible_to,
    projects_visible_to,
)
from cooperation.services.agents import (
    agent_create,
    agent_reject,
    agent_request_details,
    agent_resubmit,
    agent_update,
    agent_verify,
)
from cooperation.services.fit import project_fit_preview
from cooperation.services.memberships import (
    membership_change_role,
    membership_decide,
    membership_leave,
    membership_request,
)
from cooperation.services.projects import (
    participant_apply,
    participant_decide,
    participant_invite,
    participant_leave,
    participant_respond,
    project_approve,
    project_archive,
    project_change_dates,
    project_check_allowed,
    project_complete,
    project_create,
    project_feature,
    project_hide,
    project_reject,
    project_request_changes,
    project_start,
    project_submit,
    project_update,
)
from core.api_permissions import PUBLIC, SERVICE_CHECKS

from .serializers import (
    AgentReasonSerializer,
    AgentSerializer,
    AgentWriteSerializer,
    FitPreviewQuerySerializer,
    FitSerializer,
    MembershipDecisionSerializer,
    MembershipRequestSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
    ParticipantDecisionSerializer,
    ProjectApplySerializer,
    ProjectCommentSerializer,
    ProjectDatesSerializer,
    ProjectDetailSerializer,
    ProjectInviteSerializer,
    ProjectParticipantSerializer,
    ProjectReasonSerializer,
    ProjectSerializer,
    ProjectStartSerializer,
    ProjectTransitionSerializer,
    ProjectWriteSerializer,
    StateConflictSerializer,
)


# PATCH answers like PUT (the read serializer); undecorated, the schema said it returned the write one.
@extend_schema_view(partial_update=extend_schema(request=AgentWriteSerializer, responses={200: AgentSerializer}))
class AgentApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Agents of the quadruple helix. Unverified agents are visible only to their members and staff (404 otherwise)."""

    filterset_class = AgentFilterSet
    ordering_fields = ["name", "created_at"]
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": "cooperation.view_agent",
        "create": "cooperation.add_agent",
        "update": "cooperation.change_agent",
        "partial_update": "cooperation.change_agent",
        "verify": "cooperation.verify_agent",
        "reject": "cooperation.reject_agent",
        "request_details": "cooperation.request_details_agent",
        "resubmit": "cooperation.resubmit_agent",
        "join": "cooperation.view_agent",
    }

    def get_queryset(self):
        return agent_list(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return AgentWriteSerializer
        return AgentSerializer

    def _read(self, agent, status_code=status.HTTP_200_OK):
        agent = self.get_queryset().get(pk=agent.pk)
        return Response(AgentSerializer(agent, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(request=AgentWriteSerializer, responses={201: AgentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = AgentWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agent = agent_create(actor=request.user, competences=data.pop("competences", []), **data)
        return self._read(agent, status.HTTP_201_CREATED)

    @extend_schema(request=AgentWriteSerializer, responses={200: AgentSerializer})
    def update(self, request, *args, **kwargs):
        agent = self.get_object()
        serializer = AgentWriteSerializer(
            agent, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        agent_update(agent=agent, actor=request.user, competences=data.pop("competences", None), **data)
        return self._read(agent)

    @extend_schema(request=None, responses={200: AgentSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """Verify the agent (moderators)."""
        return self._read(agent_verify(agent=self.get_object(), actor=request.user))

    @extend_schema(request=AgentReasonSerializer, responses={200: AgentSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        """Reject the agent with a reason its members read (moderators); final."""
        agent = self.get_object()
        serializer = AgentReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(agent_reject(agent=agent, actor=request.user, reason=serializer.validated_data["reason"]))

    @extend_schema(request=AgentReasonSerializer, responses={200: AgentSerializer})
    @action(detail=True, methods=["post"], url_path="request-details")
    def request_details(self, request, pk=None):
        """Ask the agent's administrators for details, saying which (moderators)."""
        agent = self.get_object()
        serializer = AgentReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self._read(agent_request_details(agent=agent, actor=request.user, reason=reason))

    @extend_schema(request=None, responses={200: AgentSerializer})
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        """Submit the agent for verification again once the details asked for are added (its administrators)."""
        return self._read(agent_resubmit(agent=self.get_object(), actor=request.user))

    @extend_schema(request=MembershipRequestSerializer, responses={201: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request, pk=None):
        """Ask to act for the agent; its administrators decide."""
        serializer = MembershipRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = membership_request(
            agent=self.get_object(), user=request.user, message=serializer.validated_data.get("message", "")
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class MembershipApi(viewsets.ReadOnlyModelViewSet):
    """Memberships the caller may see: their own and those of agents they administer."""

    serializer_class = MembershipSerializer
    filterset_fields = ["agent", "status", "role"]
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": "cooperation.view_agentmembership",
        "decide": SERVICE_CHECKS,
        "leave": SERVICE_CHECKS,
        "role": SERVICE_CHECKS,
    }

    def get_queryset(self):
        return memberships_visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(request=MembershipDecisionSerializer, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve (with a role) or decline a pending request (agent administrators). 409 if already decided."""
        serializer = MembershipDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = membership_decide(
            membership=self.get_object(),
            actor=request.user,
            approve=serializer.validated_data["decision"] == "approve",
            role=serializer.validated_data["role"],
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(request=None, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        """Stop acting for the agent, or withdraw a pending request."""
        return Response(MembershipSerializer(membership_leave(membership=self.get_object(), actor=request.user)).data)

    @extend_schema(request=MembershipRoleSerializer, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def role(self, request, pk=None):
        """Change a member's role (agent administrators)."""
        serializer = MembershipRoleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        membership = membership_change_role(
            membership=self.get_object(), actor=request.user, role=serializer.validated_data["role"]
        )
        return Response(MembershipSerializer(membership).data)


# --- Projects.

# Transitions ask the project's visibility here (404 otherwise); the service then
# answers 409 for a wrong state and 403 for a missing permission, in that order,
# with the permissions of ``cooperation/rules.py`` (the same as the pages).
VISIBLE = "cooperation.view_project"


class SignedInForWritesMixin:
    """Anonymous callers get 401/403 on every write, whether or not the object exists."""

    write_actions: frozenset[str] = frozenset()

    def check_permissions(self, request):
        super().check_permissions(request)
        if self.action in self.write_actions and not request.user.is_authenticated:
            self.permission_denied(request)


def _transition(summary: str, request=None):
    return extend_schema(
        summary=summary,
        request=request,
        responses={
            200: ProjectSerializer,
            400: OpenApiResponse(description="Invalid input: ``{field: [messages]}``."),
            403: OpenApiResponse(description="Not allowed."),
            404: OpenApiResponse(description="No such project, or the caller may not see it."),
            409: OpenApiResponse(
                response=StateConflictSerializer, description="Wrong state; ``state`` is the current one."
            ),
        },
    )


# PATCH answers like PUT (the detail serializer); undecorated, the schema said it returned the write one.
@extend_schema_view(
    partial_update=extend_schema(request=ProjectWriteSerializer, responses={200: ProjectDetailSerializer})
)
class ProjectApi(
    SignedInForWritesMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Cooperation projects. Drafts, projects in moderation, rejected and hidden ones answer 404
    to those who may not see them; the list holds only visible projects (featured first, newest next)."""

    filterset_class = ProjectFilterSet
    ordering_fields = ["created_at", "updated_at", "title_ru", "title_en", "starts_on", "ends_on", "state"]
    write_actions = frozenset(
        {
            "create",
            "update",
            "partial_update",
            "submit",
            "approve",
            "request_changes",
            "reject",
            "start",
            "dates",
            "complete",
            "archive",
            "feature",
            "unfeature",
            "hide",
            "show",
            "apply",
            "invite",
        }
    )
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": VISIBLE,
        "create": SERVICE_CHECKS,  # the service checks ``cooperation.add_project`` on the lead agent
        "update": VISIBLE,
        "partial_update": VISIBLE,
        "transitions": VISIBLE,
        "participants": VISIBLE,
        "moderation_queue": "cooperation.moderate_projects",
        "fit_preview": PUBLIC,  # a read of public data: verified agents and the open competence maps
    } | dict.fromkeys(
        [
            "submit",
            "approve",
            "request_changes",
            "reject",
            "start",
            "dates",
            "complete",
            "archive",
            "feature",
            "unfeature",
            "hide",
            "show",
            "apply",
            "invite",
        ],
        VISIBLE,
    )

    def get_queryset(self):
        if self.action == "list":
            return project_list(self.request.user)
        if self.action == "moderation_queue":
            return moderation_queue_list()
        return projects_visible_to(self.request.user)

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ProjectWriteSerializer
        if self.action == "retrieve":
            return ProjectDetailSerializer
        return ProjectSerializer

    def get_object(self):
        if self.action != "retrieve":
            return super().get_object()
        try:
            project = project_detail(self.request.user, int(self.kwargs["pk"]))
        except (Project.DoesNotExist, ValueError, TypeError) as error:
            raise Http404 from error
        self.check_object_permissions(self.request, project)
        return project

    def _read(self, project, status_code=status.HTTP_200_OK):
        try:
            project = project_detail(self.request.user, project.pk)
        except Project.DoesNotExist:
            pass  # the caller's own action took the project out of their sight: answer with what it became
        return Response(
            ProjectDetailSerializer(project, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(
        request=ProjectWriteSerializer,
        responses={201: ProjectDetailSerializer, 400: OpenApiResponse(description="``{field: [messages]}``.")},
    )
    def create(self, request, *args, **kwargs):
        """Draft a project led by one of the caller's agents (it becomes the accepted lead participant)."""
        serializer = ProjectWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        project = project_create(actor=request.user, **serializer.to_service_kwargs())
        return self._read(project, status.HTTP_201_CREATED)

    @extend_schema(
        request=ProjectWriteSerializer,
        responses={
            200: ProjectDetailSerializer,
            400: OpenApiResponse(description="``{field: [messages]}``."),
            409: OpenApiResponse(response=StateConflictSerializer, description="The project is not editable."),
        },
    )
    def update(self, request, *args, **kwargs):
        """Edit a draft or a project sent back for changes (the lead's members); only given fields change."""
        project = self.get_object()
        project_check_allowed(project=project, actor=request.user, action="update")  # before the body
        serializer = ProjectWriteSerializer(
            project, data=request.data, partial=kwargs.get("partial", False), context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        project_update(project=project, actor=request.user, **serializer.to_service_kwargs())
        return self._read(project)

    @_transition("Submit a draft (or a revised project) for moderation")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._read(project_submit(project=self.get_object(), actor=request.user))

    @_transition("Approve a submitted project: it is published (moderators)")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._read(project_approve(project=self.get_object(), actor=request.user))

    @_transition("Send a submitted project back with a comment (moderators)", ProjectCommentSerializer)
    @action(detail=True, methods=["post"], url_path="request-changes")
    def request_changes(self, request, pk=None):
        project = self.get_object()
        project_check_allowed(project=project, actor=request.user, action="request_changes")
        serializer = ProjectCommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(
            project_request_changes(project=project, actor=request.user, comment=serializer.validated_data["comment"])
        )

    @_transition("Reject a submitted project with a reason (moderators)", ProjectReasonSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        project = self.get_object()
        project_check_allowed(project=project, actor=request.user, action="reject")
        serializer = ProjectReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(
            project_reject(project=project, actor=request.user, reason=serializer.validated_data["reason"])
        )

    @_transition(
        "Start a published project on its actual start date (its proposer, the lead's administrators)",
        ProjectStartSerializer,
    )
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        project = self.get_object()
        serializer = ProjectStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        started_on = serializer.validated_data.get("started_on")
        return self._read(project_start(project=project, actor=request.user, started_on=started_on))

    @_transition(
        "Correct the planned dates, or the actual start, of a published or active project (audited)",
        ProjectDatesSerializer,
    )
    @action(detail=True, methods=["post"])
    def dates(self, request, pk=None):
        project = self.get_object()
        serializer = ProjectDatesSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(project_change_dates(project=project, actor=request.user, **serializer.validated_data))

    @_transition("Complete an active project (the lead's administrators)")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._read(project_complete(project=self.get_object(), actor=request.user))

    @_transition("Archive a completed project (the lead's administrators)")
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        return self._read(project_archive(project=self.get_object(), actor=request.user))

    @_transition("Feature a public project on the home page (moderators)")
    @action(detail=True, methods=["post"])
    def feature(self, request, pk=None):
        return self._read(project_feature(project=self.get_object(), actor=request.user, featured=True))

    @_transition("Stop featuring a project (moderators)")
    @action(detail=True, methods=["post"])
    def unfeature(self, request, pk=None):
        return self._read(project_feature(project=self.get_object(), actor=request.user, featured=False))

    @_transition("Hide an abusive public project, with a reason (moderators)", ProjectReasonSerializer)
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        project = self.get_object()
        project_check_allowed(project=project, actor=request.user, action="hide")
        serializer = ProjectReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(
            project_hide(project=project, actor=request.user, hidden=True, reason=serializer.validated_data["reason"])
        )

    @_transition("Show a hidden project again (moderators)")
    @action(detail=True, methods=["post"])
    def show(self, request, pk=None):
        return self._read(project_hide(project=self.get_object(), actor=request.user, hidden=False))

    @extend_schema(
        summary="Apply, for one of the caller's agents, to join an open project",
        request=ProjectApplySerializer,
        responses={
            201: ProjectParticipantSerializer,
            400: OpenApiResponse(description="``{field: [messages]}``, e.g. the agent already takes part."),
            409: OpenApiResponse(response=StateConflictSerializer, description="The project is not open."),
        },
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        project = self.get_object()
        serializer = ProjectApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant = participant_apply(project=project, actor=request.user, **serializer.validated_data)
        return self._participant(participant, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Invite a verified agent to join an open project (the lead's administrators)",
        request=ProjectInviteSerializer,
        responses={
            201: ProjectParticipantSerializer,
            400: OpenApiResponse(description="``{field: [messages]}``."),
            409: OpenApiResponse(response=StateConflictSerializer, description="The project is not open."),
        },
    )
    @action(detail=True, methods=["post"])
    def invite(self, request, pk=None):
        project = self.get_object()
        project_check_allowed(project=project, actor=request.user, action="invite")
        serializer = ProjectInviteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        participant = participant_invite(project=project, actor=request.user, **serializer.validated_data)
        return self._participant(participant, status.HTTP_201_CREATED)

    def _participant(self, participant, status_code=status.HTTP_200_OK):
        participant = (
            project_participants_visible_to(self.request.user).filter(pk=participant.pk).first() or participant
        )
        return Response(
            ProjectParticipantSerializer(participant, context=self.get_serializer_context()).data, status=status_code
        )

    @extend_schema(
        summary="The project's workflow history",
        description="``reason`` (the moderators' comments) is null unless the caller is a member of the lead agent "
        "or staff (``cooperation.view_project_history``).",
        responses={200: ProjectTransitionSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def transitions(self, request, pk=None):
        project = self.get_object()
        context = self.get_serializer_context() | {
            "reasons_visible": request.user.has_perm("cooperation.view_project_history", project)
        }
        return Response(ProjectTransitionSerializer(project_history(project), many=True, context=context).data)

    @extend_schema(
        summary="The project's participants the caller may see",
        description="Everyone sees the accepted participants; the lead's members also see applications "
        "and invitations; an agent's members see their agent's own participation.",
        responses={200: ProjectParticipantSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def participants(self, request, pk=None):
        project = self.get_object()
        participants = project_participants(request.user, project)
        return Response(
            ProjectParticipantSerializer(participants, many=True, context=self.get_serializer_context()).data
        )

    @extend_schema(
        summary="The fit score a project would have with these partners, directions and rubrics (nothing stored)",
        parameters=[FitPreviewQuerySerializer],
        responses={200: FitSerializer, 400: OpenApiResponse(description="``{field: [messages]}``.")},
    )
    @action(detail=False, methods=["get"], url_path="fit-preview", pagination_class=None, filter_backends=[])
    def fit_preview(self, request):
        query = FitPreviewQuerySerializer(
            data={
                "lead_agent": request.query_params.get("lead_agent") or None,
                "partners": request.query_params.getlist("partners"),
                "directions": request.query_params.getlist("directions"),
                "rubrics": request.query_params.getlist("rubrics"),
                "project": request.query_params.get("project") or None,
            },
            user=request.user,
        )
        query.is_valid(raise_exception=True)
        data = query.validated_data
        fit = project_fit_preview(
            lead_agent=data.get("lead_agent"),
            partners=data.get("partners", []),
            directions=data.get("directions", []),
            rubrics=data.get("rubrics", []),
            project=data.get("project"),
            viewer=request.user,
        )
        return Response(fit_parts(fit, fit_names([fit["explanation"]])))

    @extend_schema(
        summary="Submitted projects awaiting moderation, the longest-waiting first (moderators)",
        responses={200: ProjectSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], url_path="moderation-queue")
    def moderation_queue(self, request):
        queryset = self.filter_queryset(self.get_queryset())
        if request.query_params.get("sort") == "fit":
            queryset = best_fit_first(queryset)
        page = self.paginate_queryset(queryset)
        serializer = ProjectSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)


class ProjectParticipantApi(SignedInForWritesMixin, viewsets.ReadOnlyModelViewSet):
    """Participations in projects the caller may see: accepted partners of visible projects, plus the
    applications and invitations of the projects the caller's agents lead, and the caller's agents' own."""

    serializer_class = ProjectParticipantSerializer
    filterset_fields = ["project", "agent", "status", "role"]
    ordering_fields = ["created_at"]
    write_actions = frozenset({"decide", "respond", "leave"})
    # The queryset is the visibility check (404); the services check the permissions
    # (``cooperation.decide_projectparticipant`` etc.) after the status (409).
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": PUBLIC,
        "decide": SERVICE_CHECKS,
        "respond": SERVICE_CHECKS,
        "leave": SERVICE_CHECKS,
    }

    def get_queryset(self):
        return project_participants_visible_to(self.request.user)

    def _read(self, participant):
        participant = self.get_queryset().filter(pk=participant.pk).first() or participant
        return Response(ProjectParticipantSerializer(participant, context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Accept or decline an application (the lead's administrators)",
        request=ParticipantDecisionSerializer,
        responses={
            200: ProjectParticipantSerializer,
            409: OpenApiResponse(response=StateConflictSerializer, description="Already decided."),
        },
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        participant = self.get_object()
        serializer = ParticipantDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(
            participant_decide(participant=participant, actor=request.user, accept=serializer.validated_data["accept"])
        )

    @extend_schema(
        summary="Accept or decline an invitation (the invited agent's administrators)",
        request=ParticipantDecisionSerializer,
        responses={
            200: ProjectParticipantSerializer,
            409: OpenApiResponse(response=StateConflictSerializer, description="Already answered."),
        },
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        participant = self.get_object()
        serializer = ParticipantDecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._read(
            participant_respond(participant=participant, actor=request.user, accept=serializer.validated_data["accept"])
        )

    @extend_schema(
        summary="Take a partner agent out of the project (its administrators)",
        request=None,
        responses={
            200: ProjectParticipantSerializer,
            409: OpenApiResponse(response=StateConflictSerializer, description="Not an accepted participation."),
        },
    )
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        return self._read(participant_leave(participant=self.get_object(), actor=request.user))
