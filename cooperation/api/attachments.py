"""API of project attachments and milestones.

Reads are filtered by what the caller may see (a project's files and timeline
are visible with the project, 404 otherwise). Writes go through the services,
which answer 409 for a closed project and 403 for a missing permission, in
that order, like the project transitions.
"""

from django.http import FileResponse, Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cooperation.models import Attachment, Milestone
from cooperation.project_selectors import attachments_visible_to, milestones_visible_to
from cooperation.services.attachments import attachment_delete, attachment_upload
from cooperation.services.milestones import milestone_add, milestone_complete, milestone_remove, milestone_update
from core.api_permissions import PUBLIC, SERVICE_CHECKS
from core.parsers import FormParser, MultiPartParser

from .fields import VisibleProjectField

ERRORS = {
    400: OpenApiResponse(description="Invalid input: ``{field: [messages]}``."),
    403: OpenApiResponse(description="Not allowed."),
    404: OpenApiResponse(description="No such object, or the caller may not see its project."),
    409: OpenApiResponse(description="The project is archived or rejected (``state`` is its current state)."),
}


# --- Attachments.


class ProjectAttachmentSerializer(serializers.ModelSerializer):
    """An attachment; ``download`` is the protected address of the file."""

    download = serializers.SerializerMethodField()
    filename = serializers.CharField(read_only=True)

    class Meta:
        model = Attachment
        fields = ["id", "project", "title", "filename", "size", "content_type", "created_at", "download"]
        read_only_fields = fields

    def get_download(self, attachment) -> str:
        path = attachment.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class AttachmentUploadSerializer(serializers.Serializer):
    """``multipart/form-data``: the project, the file (at most 10 MB, see the allowed types) and an optional title."""

    project = VisibleProjectField()
    file = serializers.FileField()
    title = serializers.CharField(required=False, allow_blank=True, max_length=300)


class AttachmentApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Files attached to the projects the caller may see; filter with ``?project=<id>``."""

    serializer_class = ProjectAttachmentSerializer
    filterset_fields = ["project"]
    ordering_fields = ["created_at", "title", "size"]
    parser_classes = [MultiPartParser, FormParser]
    rules_permissions = {
        "list": PUBLIC,  # the list holds only attachments of visible projects
        "retrieve": "cooperation.view_attachment",
        "download": "cooperation.view_attachment",
        "create": SERVICE_CHECKS,  # the service checks ``cooperation.add_attachment`` on the project
        "destroy": "cooperation.view_attachment",  # then the service checks ``cooperation.delete_attachment``
    }

    def get_queryset(self):
        return attachments_visible_to(self.request.user)

    @extend_schema(request=AttachmentUploadSerializer, responses={201: ProjectAttachmentSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Attach a file (the lead's members; the partners' members while the project is open)."""
        serializer = AttachmentUploadSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        attachment = attachment_upload(
            project=data["project"], actor=request.user, file=data["file"], title=data.get("title", "")
        )
        return Response(
            ProjectAttachmentSerializer(attachment, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        """Remove an attachment (its uploader or the lead's administrator)."""
        attachment_delete(attachment=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: ERRORS[404]})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file itself."""
        attachment = self.get_object()
        try:
            handle = attachment.file.open("rb")
        except OSError as error:
            raise Http404 from error
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=attachment.filename,
            content_type=attachment.content_type or "application/octet-stream",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# --- Milestones.


class TimelineMilestoneSerializer(serializers.ModelSerializer):
    """A step of a project's timeline; ``status`` is ``done``, ``overdue`` or ``upcoming`` today."""

    status = serializers.SerializerMethodField()

    class Meta:
        model = Milestone
        fields = ["id", "project", "title", "title_en", "due_on", "done_on", "status"]
        read_only_fields = fields

    def get_status(self, milestone) -> str:
        if milestone.done_on is not None:
            return "done"
        return "overdue" if milestone.due_on < timezone.localdate() else "upcoming"


class MilestoneCreateSerializer(serializers.Serializer):
    """A new milestone: ``title`` (Russian), ``title_en`` (English) or both; 400 when both are empty."""

    project = VisibleProjectField()
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    due_on = serializers.DateField()


class MilestoneUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    title_en = serializers.CharField(max_length=300, required=False, allow_blank=True)
    due_on = serializers.DateField(required=False)


class MilestoneCompleteSerializer(serializers.Serializer):
    done = serializers.BooleanField(default=True, help_text="``false`` marks a done milestone as not done.")


class MilestoneApi(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Milestones of the projects the caller may see, in timeline order; filter with ``?project=<id>``.

    Writes are for the lead's members while the project is neither archived nor rejected.
    """

    serializer_class = TimelineMilestoneSerializer
    filterset_fields = ["project"]
    ordering_fields = ["due_on", "done_on"]
    # Detail actions: the queryset already holds only milestones of visible projects (404 otherwise);
    # the services check ``cooperation.add_milestone`` / ``change_milestone`` / ``delete_milestone`` after the state.
    rules_permissions = {
        "list": PUBLIC,  # the queryset holds only milestones of visible projects
        "retrieve": PUBLIC,
        "create": SERVICE_CHECKS,
        "update": SERVICE_CHECKS,
        "partial_update": SERVICE_CHECKS,
        "destroy": SERVICE_CHECKS,
        "complete": SERVICE_CHECKS,
    }

    def get_queryset(self):
        return milestones_visible_to(self.request.user)

    def _read(self, milestone, status_code=status.HTTP_200_OK):
        return Response(TimelineMilestoneSerializer(milestone).data, status=status_code)

    @extend_schema(request=MilestoneCreateSerializer, responses={201: TimelineMilestoneSerializer, **ERRORS})
    def create(self, request, *args, **kwargs):
        """Add a milestone (its date within the project's dates when they are set)."""
        serializer = MilestoneCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        milestone = milestone_add(
            project=data["project"],
            actor=request.user,
            title=data["title"],
            title_en=data["title_en"],
            due_on=data["due_on"],
        )
        return self._read(milestone, status.HTTP_201_CREATED)

    @extend_schema(request=MilestoneUpdateSerializer, responses={200: TimelineMilestoneSerializer, **ERRORS})
    def update(self, request, *args, **kwargs):
        """Rename a milestone or move its date; only the given fields change."""
        milestone = self.get_object()
        serializer = MilestoneUpdateSerializer(data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._read(milestone_update(milestone=milestone, actor=request.user, **serializer.validated_data))

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, *args, **kwargs):
        """Remove a milestone."""
        milestone_remove(milestone=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=MilestoneCompleteSerializer, responses={200: TimelineMilestoneSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        """Mark the milestone done today (or, with ``done: false``, not done); 409 if it already is."""
        serializer = MilestoneCompleteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        milestone = milestone_complete(
            milestone=self.get_object(), actor=request.user, done=serializer.validated_data["done"]
        )
        return self._read(milestone)
