from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cooperation.api.fields import VisibleProjectField
from discussion.choices import CommentState, ReportDecision, ReportReason
from discussion.models import COMMENT_MAX_LENGTH, Comment, Report
from discussion.selectors import comments_visible_to


class PersonSerializer(serializers.Serializer):
    """A person as the discussion shows them: a name, never an e-mail address."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")


class CommentSerializer(serializers.ModelSerializer):
    """A comment as the caller may see it.

    ``text`` is null for a comment hidden by moderators or deleted by its author,
    except for moderators (who see everything) and for the author of a hidden
    comment (who also sees ``hidden_reason``).
    """

    author = PersonSerializer(read_only=True, allow_null=True)
    state = serializers.ChoiceField(choices=CommentState.choices, read_only=True)
    text = serializers.SerializerMethodField()
    hidden_reason = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ["id", "project", "parent", "author", "text", "state", "created_at", "edited_at", "hidden_reason"]

    def _is_moderator(self) -> bool:
        return bool(self.context.get("is_moderator"))

    def _is_author(self, comment: Comment) -> bool:
        request = self.context.get("request")
        return request is not None and comment.author_id is not None and comment.author_id == request.user.pk

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, comment: Comment) -> str | None:
        state = comment.state
        if state == CommentState.VISIBLE or self._is_moderator():
            return comment.text
        if state == CommentState.HIDDEN and self._is_author(comment):
            return comment.text
        return None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_hidden_reason(self, comment: Comment) -> str | None:
        if comment.is_hidden and (self._is_moderator() or self._is_author(comment)):
            return comment.hidden_reason
        return None


@extend_schema_field(OpenApiTypes.INT)
class VisibleCommentField(serializers.PrimaryKeyRelatedField):
    """A comment on a project the caller may see."""

    def get_queryset(self):
        return comments_visible_to(self.context["request"].user)


class CommentCreateSerializer(serializers.Serializer):
    """A new comment on ``project``; with ``parent``, a reply (a reply to a reply joins the thread's top)."""

    project = VisibleProjectField()
    parent = VisibleCommentField(required=False, allow_null=True)
    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


class CommentUpdateSerializer(serializers.Serializer):
    """The author's new text."""

    text = serializers.CharField(max_length=COMMENT_MAX_LENGTH)


class CommentHideSerializer(serializers.Serializer):
    """The reason for hiding, sent to the author."""

    reason = serializers.CharField(max_length=2000, allow_blank=True)


class ReporterSerializer(serializers.Serializer):
    """The reporter, as moderators see them."""

    id = serializers.IntegerField()
    name = serializers.CharField(source="full_name")
    email = serializers.EmailField()


class ReportSerializer(serializers.ModelSerializer):
    """A report and, once decided, the decision."""

    target_type = serializers.CharField(read_only=True)
    reporter = ReporterSerializer(read_only=True)
    resolved_by = PersonSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Report
        fields = [
            "id",
            "target_type",
            "project",
            "comment",
            "reason",
            "text",
            "status",
            "reporter",
            "created_at",
            "resolved_by",
            "resolved_at",
            "resolution_note",
        ]


class ReportCreateSerializer(serializers.Serializer):
    """A report of exactly one of ``project`` and ``comment``."""

    project = VisibleProjectField(required=False, allow_null=True)
    comment = VisibleCommentField(required=False, allow_null=True)
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    text = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ReportResolveSerializer(serializers.Serializer):
    """``hide`` the reported content (``note`` required: it is the reason sent to the author) or ``dismiss``."""

    decision = serializers.ChoiceField(choices=ReportDecision.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
