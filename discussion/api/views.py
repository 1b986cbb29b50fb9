from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api_permissions import PUBLIC, SERVICE_CHECKS
from discussion.filtersets import CommentFilterSet, ReportFilterSet
from discussion.selectors import comments_visible_to, reports_visible_to
from discussion.services.comments import comment_delete, comment_edit, comment_hide, comment_post, comment_unhide
from discussion.services.reports import report_create, report_resolve

from .serializers import (
    CommentCreateSerializer,
    CommentHideSerializer,
    CommentSerializer,
    CommentUpdateSerializer,
    ReportCreateSerializer,
    ReportResolveSerializer,
    ReportSerializer,
)


class CommentApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Comments on the projects the caller may see (``?project=<id>``), oldest first.

    Writes go through the services, which check the state first (409 with
    ``state``: ``hidden``, ``deleted``, or the project's state) and then who
    may act (403): signed-in users comment on published, active and completed
    projects; authors edit and delete their own; moderators hide and unhide.
    """

    serializer_class = CommentSerializer
    filterset_class = CommentFilterSet
    ordering_fields = ["created_at"]
    # Writes are decided by the services (state, then permission); the object must only be visible here.
    rules_permissions = {
        "list": PUBLIC,
        "retrieve": "discussion.view_comment",
        "create": SERVICE_CHECKS,
        "update": "discussion.view_comment",
        "partial_update": "discussion.view_comment",
        "destroy": "discussion.view_comment",
        "hide": "discussion.view_comment",
        "unhide": "discussion.view_comment",
    }

    def get_queryset(self):
        return comments_visible_to(self.request.user).order_by("created_at", "id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["is_moderator"] = self.request.user.has_perm("discussion.moderate_reports")
        return context

    def _read(self, comment, status_code=status.HTTP_200_OK):
        comment = self.get_queryset().get(pk=comment.pk)
        return Response(CommentSerializer(comment, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(
        request=CommentCreateSerializer,
        responses={
            201: CommentSerializer,
            200: OpenApiResponse(
                CommentSerializer, description="A repeat of the same comment within two minutes: the existing one."
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        serializer = CommentCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        comment = comment_post(
            project=data["project"], author=request.user, text=data["text"], parent=data.get("parent")
        )
        return self._read(comment, status.HTTP_200_OK if comment.is_repeat else status.HTTP_201_CREATED)

    @extend_schema(request=CommentUpdateSerializer, responses={200: CommentSerializer})
    def update(self, request, *args, **kwargs):
        serializer = CommentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = comment_edit(comment=self.get_object(), actor=request.user, text=serializer.validated_data["text"])
        return self._read(comment)

    @extend_schema(request=CommentUpdateSerializer, responses={200: CommentSerializer})
    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted: the thread shows a placeholder.")})
    def destroy(self, request, *args, **kwargs):
        """The author deletes their comment (softly: replies stay, the text is no longer shown)."""
        comment_delete(comment=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=CommentHideSerializer, responses={200: CommentSerializer})
    @action(detail=True, methods=["post"])
    def hide(self, request, pk=None):
        """Hide the comment (moderators); ``reason`` is required and sent to the author. 409 if already hidden."""
        serializer = CommentHideSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = comment_hide(
            comment=self.get_object(), actor=request.user, reason=serializer.validated_data["reason"]
        )
        return self._read(comment)

    @extend_schema(request=None, responses={200: CommentSerializer})
    @action(detail=True, methods=["post"])
    def unhide(self, request, pk=None):
        """Show a hidden comment again (moderators). 409 if it is not hidden."""
        return self._read(comment_unhide(comment=self.get_object(), actor=request.user))


class ReportApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Reports of abusive projects and comments: any signed-in user creates one; moderators list and decide them.

    A second open report of the same target by the same user is a 400 on the
    ``project`` or ``comment`` field; deciding a report already decided is a 409.
    """

    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet
    ordering_fields = ["created_at"]
    rules_permissions = {
        "list": "discussion.moderate_reports",
        "retrieve": "discussion.moderate_reports",
        "create": SERVICE_CHECKS,  # the service decides (signed in, may see the target, not one's own comment)
        "resolve": "discussion.moderate_reports",
    }

    def get_queryset(self):
        return reports_visible_to(self.request.user).order_by("created_at", "id")

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ReportCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = report_create(
            reporter=request.user,
            reason=data["reason"],
            text=data.get("text", ""),
            project=data.get("project"),
            comment=data.get("comment"),
        )
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ReportResolveSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Decide the report: ``hide`` the content (with a ``note``, the reason sent to its author) or ``dismiss``."""
        serializer = ReportResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = report_resolve(report=self.get_object(), actor=request.user, **serializer.validated_data)
        return Response(ReportSerializer(self.get_queryset().get(pk=report.pk)).data)
