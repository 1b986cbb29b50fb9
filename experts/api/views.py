from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api_permissions import PUBLIC, SERVICE_CHECKS

from ..filtersets import ExpertFilterSet
from ..selectors import consultations_visible_to, expert_list, experts_visible_to, invitations_visible_to, own_profile
from ..services import (
    consultation_answer,
    consultation_complete,
    consultation_confirm,
    consultation_dispute,
    consultation_request,
    expert_invitation_respond,
    expert_invitation_withdraw,
    expert_invite,
    expert_profile_save,
)
from .serializers import (
    ConsultationCompleteSerializer,
    ConsultationCreateSerializer,
    ConsultationReasonSerializer,
    ConsultationSerializer,
    ExpertInvitationCreateSerializer,
    ExpertInvitationResponseSerializer,
    ExpertInvitationSerializer,
    ExpertSerializer,
    ExpertWriteSerializer,
)


class ExpertApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Expert profiles. The list holds published profiles (and the caller's own); an unpublished profile
    of someone else answers 404. ``/api/experts/me/`` reads and writes the caller's own profile."""

    serializer_class = ExpertSerializer
    filterset_class = ExpertFilterSet
    ordering_fields = ["updated_at", "created_at"]
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": "experts.view_expertprofile",
        "me": "experts.add_expertprofile",
    }

    def get_queryset(self):
        if self.action == "list":
            return expert_list(self.request.user)
        return (
            experts_visible_to(self.request.user)
            .select_related("user", "region__macroregion")
            .prefetch_related("competences__classifier")
        )

    def _own(self):
        profile = own_profile(self.request.user)
        if profile is None:
            raise NotFound("You have no expert profile yet; PUT one.")
        return profile

    @extend_schema(methods=["GET"], responses={200: ExpertSerializer})
    @extend_schema(methods=["PUT", "PATCH"], request=ExpertWriteSerializer, responses={200: ExpertSerializer})
    @action(detail=False, methods=["get", "put", "patch"])
    def me(self, request):
        """The caller's expert profile: GET it, PUT to create or replace it, PATCH to change some fields."""
        if request.method == "GET":
            return Response(ExpertSerializer(self._own(), context=self.get_serializer_context()).data)
        existing = own_profile(request.user)
        serializer = ExpertWriteSerializer(
            existing,
            data=request.data,
            partial=request.method == "PATCH" and existing is not None,
            context=self.get_serializer_context(),
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expert_profile_save(
            user=request.user, full_name=data.pop("full_name", None), competences=data.pop("competences", None), **data
        )
        return Response(ExpertSerializer(self._own(), context=self.get_serializer_context()).data)


class ExpertInvitationApi(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Invitations of experts to projects: those addressed to the caller and those of the projects
    the caller's agents lead. Answering or withdrawing an answered invitation answers 409."""

    serializer_class = ExpertInvitationSerializer
    filterset_fields = ["status", "project", "expert"]
    ordering_fields = ["created_at", "decided_at"]
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": "experts.view_expertinvitation",
        "create": "experts.add_expertinvitation",
        # The services check these (state first, so an answered invitation gives 409, not 403).
        "respond": SERVICE_CHECKS,
        "withdraw": SERVICE_CHECKS,
    }

    def get_queryset(self):
        return invitations_visible_to(self.request.user).order_by("-created_at", "-id")

    def _read(self, invitation, status_code=status.HTTP_200_OK):
        invitation = self.get_queryset().get(pk=invitation.pk)
        return Response(ExpertInvitationSerializer(invitation).data, status=status_code)

    @extend_schema(request=ExpertInvitationCreateSerializer, responses={201: ExpertInvitationSerializer})
    def create(self, request, *args, **kwargs):
        """Invite a published expert to an open project your agent leads; the expert is told."""
        serializer = ExpertInvitationCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        invitation = expert_invite(
            project=serializer.validated_data["project"],
            expert=serializer.validated_data["expert"],
            actor=request.user,
            message=serializer.validated_data.get("message", ""),
        )
        return self._read(invitation, status.HTTP_201_CREATED)

    @extend_schema(request=ExpertInvitationResponseSerializer, responses={200: ExpertInvitationSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """Accept or decline an invitation addressed to you. 409 if it is already answered or withdrawn."""
        serializer = ExpertInvitationResponseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        invitation = expert_invitation_respond(
            invitation=self.get_object(), actor=request.user, accept=serializer.validated_data["accept"]
        )
        return self._read(invitation)

    @extend_schema(request=None, responses={200: ExpertInvitationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw an unanswered invitation of a project your agent leads. 409 if it is already answered."""
        return self._read(expert_invitation_withdraw(invitation=self.get_object(), actor=request.user))


class ConsultationApi(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Consultations between agents of different regions (seed 000's level 2): those of the caller's agents,
    and every confirmed one. The advised side asks (POST), the advising side accepts, declines or completes
    with the result, the advised side confirms or disputes it. A step out of turn answers 409."""

    serializer_class = ConsultationSerializer
    filterset_fields = ["status", "advising_agent", "advised_agent"]
    ordering_fields = ["created_at", "ends_on"]
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": "experts.view_consultation",
        "create": "experts.add_consultation",
        # The services check these (state first, so a step out of turn gives 409, not 403).
        "accept": SERVICE_CHECKS,
        "decline": SERVICE_CHECKS,
        "complete": SERVICE_CHECKS,
        "confirm": SERVICE_CHECKS,
        "dispute": SERVICE_CHECKS,
    }

    def get_queryset(self):
        return consultations_visible_to(self.request.user).order_by("-created_at", "-id")

    def _read(self, consultation, status_code=status.HTTP_200_OK):
        return Response(ConsultationSerializer(self.get_queryset().get(pk=consultation.pk)).data, status=status_code)

    def _reason(self, request) -> str:
        serializer = ConsultationReasonSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["reason"]

    @extend_schema(request=ConsultationCreateSerializer, responses={201: ConsultationSerializer})
    def create(self, request, *args, **kwargs):
        """Ask an agent of another region to advise an agent you act for; the advising agent is told."""
        serializer = ConsultationCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        consultation = consultation_request(actor=request.user, **serializer.validated_data)
        return self._read(consultation, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: ConsultationSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        """The advising side accepts a request. 409 if it is already answered."""
        return self._read(consultation_answer(consultation=self.get_object(), actor=request.user, accept=True))

    @extend_schema(request=ConsultationReasonSerializer, responses={200: ConsultationSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        """The advising side declines a request (the reason is optional). 409 if it is already answered."""
        consultation = consultation_answer(
            consultation=self.get_object(), actor=request.user, accept=False, reason=self._reason(request)
        )
        return self._read(consultation)

    @extend_schema(request=ConsultationCompleteSerializer, responses={200: ConsultationSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """The advising side submits the result: a document (multipart) and/or a summary, and the end date."""
        serializer = ConsultationCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        consultation = consultation_complete(
            consultation=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._read(consultation)

    @extend_schema(request=None, responses={200: ConsultationSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        """The advised side confirms the result: the consultation counts as evidence of level 2."""
        return self._read(consultation_confirm(consultation=self.get_object(), actor=request.user))

    @extend_schema(request=ConsultationReasonSerializer, responses={200: ConsultationSerializer})
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        """The advised side disputes the result, saying why (required). 409 if already decided."""
        consultation = consultation_dispute(
            consultation=self.get_object(), actor=request.user, reason=self._reason(request)
        )
        return self._read(consultation)
