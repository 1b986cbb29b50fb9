from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportReason(models.TextChoices):
    """Why a user reports a project or a comment."""

    SPAM = "spam", _("Spam or advertising")
    ABUSE = "abuse", _("Abusive or offensive")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Something else")


class ReportStatus(models.TextChoices):
    """Life of a report: open until a moderator resolves (acts on it) or dismisses it."""

    OPEN = "open", _("Open")
    RESOLVED = "resolved", _("Resolved")
    DISMISSED = "dismissed", _("Dismissed")


class ReportDecision(models.TextChoices):
    """What a moderator decides about an open report: hide the content (the report is resolved) or dismiss it."""

    HIDE = "hide", _("Hide the content")
    DISMISS = "dismiss", _("Dismiss the report")


class ReportTarget(models.TextChoices):
    """What a report is about (a filter of the moderators' queue)."""

    PROJECT = "project", _("Project")
    COMMENT = "comment", _("Comment")


class CommentState(models.TextChoices):
    """How a comment is shown: in full, hidden by moderators, or deleted by its author."""

    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden by moderators")
    DELETED = "deleted", _("Deleted by its author")
