from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation.filtersets import AgentFilterSet
from cooperation.selectors import agent_list, memberships_visible_to
from cooperation.services.agents import agent_create, agent_update, agent_verify
from cooperation.services.memberships import (
    membership_change_role,
    membership_decide,
    membership_leave,
    membership_request,
)

from .serializers import (
    AgentSerializer,
    AgentWriteSerializer,
    MembershipDecisionSerializer,
    MembershipRequestSerializer,
    MembershipRoleSerializer,
    MembershipSerializer,
)


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
        "list": None,
        "retrieve": "cooperation.view_agent",
        "create": "cooperation.add_agent",
        "update": "cooperation.change_agent",
        "partial_update": "cooperation.change_agent",
        "verify": "cooperation.verify_agent",
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
        "list": None,
        "retrieve": "cooperation.view_agentmembership",
        "decide": None,
        "leave": None,
        "role": None,
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
