from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cooperation.choices import ProjectState

from .choices import CommentState, ReportReason, ReportStatus, ReportTarget

COMMENT_MAX_LENGTH = 5000
# Projects people may discuss: past moderation and not archived (an archive is read-only).
DISCUSSION_STATES = (ProjectState.PUBLISHED, ProjectState.ACTIVE, ProjectState.COMPLETED)


class Comment(models.Model):
    """A comment on a project, or a reply to one; threads are one level deep.

    A reply's ``parent`` is always a top-level comment (``comment_post`` attaches
    a reply to a reply to the thread's top). Moderators hide abusive comments
    (with a reason); authors delete their own, softly: the row stays, so the
    thread around it keeps its shape and moderators keep the evidence.
    """

    #: Set by ``comment_post``: True when the comment was the same author's identical comment of moments ago
    #: (a double submit), returned instead of a new one. Not a column.
    is_repeat: bool = False

    project = models.ForeignKey(
        "cooperation.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    text = models.TextField(
        _("text"), max_length=COMMENT_MAX_LENGTH, validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)]
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    is_hidden = models.BooleanField(_("hidden by moderators"), default=False)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(
        _("reason for hiding"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )
    is_deleted = models.BooleanField(_("deleted by its author"), default=False)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["project", "parent", "created_at"])]

    def __str__(self) -> str:
        return _("Comment #%(id)s by %(author)s") % {"id": self.pk, "author": self.author or "—"}

    @property
    def state(self) -> str:
        """``deleted``, ``hidden`` or ``visible`` (deletion by the author wins: it is what everyone sees)."""
        if self.is_deleted:
            return CommentState.DELETED
        if self.is_hidden:
            return CommentState.HIDDEN
        return CommentState.VISIBLE

    def get_absolute_url(self) -> str:
        return f"{project_url(self.project)}#comment-{self.pk}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not (self.text or "").strip():
            errors["text"] = _("Write the comment.")
        if self.parent_id is not None:
            if self.parent.parent_id is not None:
                errors["parent"] = _("Replies are one level deep: reply to the comment that starts the thread.")
            elif self.parent.project_id != self.project_id:
                errors["parent"] = _("The comment you reply to is about another project.")
        if errors:
            raise ValidationError(errors)


class Report(models.Model):
    """A signed-in user's report that a project or a comment is abusive, spam or off-topic.

    Exactly one of ``project`` and ``comment`` is set (two foreign keys rather than
    a generic relation, so the queue can join and filter them). A user has at most
    one open report per target. A moderator resolves it (hiding the content) or
    dismisses it; either is recorded with who, when and a note.
    """

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="reports"
    )
    project = models.ForeignKey(
        "cooperation.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reports",
    )
    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("details"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)])
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution_note = models.TextField(
        _("moderator's note"), max_length=2000, blank=True, validators=[MaxLengthValidator(2000)]
    )

    class Meta:
        # "report" alone reads as "Отчёт" (a progress report) in Russian; this is a complaint.
        verbose_name = _("report of abuse")
        verbose_name_plural = _("reports of abuse")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(project__isnull=False) & models.Q(comment__isnull=True))
                | (models.Q(project__isnull=True) & models.Q(comment__isnull=False)),
                name="discussion_report_has_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["reporter", "project"],
                condition=models.Q(status="open", project__isnull=False),
                name="discussion_one_open_report_per_reporter_and_project",
            ),
            models.UniqueConstraint(
                fields=["reporter", "comment"],
                condition=models.Q(status="open", comment__isnull=False),
                name="discussion_one_open_report_per_reporter_and_comment",
            ),
        ]

    def __str__(self) -> str:
        if self.comment_id:
            return _("Report #%(id)s on comment #%(target)s") % {"id": self.pk, "target": self.comment_id}
        return _("Report #%(id)s on project #%(target)s") % {"id": self.pk, "target": self.project_id}

    @property
    def target_type(self) -> str:
        """``comment`` or ``project``."""
        return ReportTarget.COMMENT if self.comment_id else ReportTarget.PROJECT

    @property
    def target(self):
        """The reported comment or project."""
        return self.comment if self.comment_id else self.project

    @property
    def target_url(self) -> str:
        """The page showing the reported content."""
        return self.comment.get_absolute_url() if self.comment_id else project_url(self.project)

    @property
    def target_project(self):
        """The project concerned: the reported one, or the reported comment's."""
        return self.comment.project if self.comment_id else self.project


def project_url(project) -> str:
    """The project page's address (``/projects/<pk>/``)."""
    get_url = getattr(project, "get_absolute_url", None)
    if get_url is not None:
        return get_url()
    return f"/projects/{project.pk}/"
