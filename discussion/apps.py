from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The e-mails this app sends (``templates/<key>_subject.txt`` and ``_body.txt``), as users see them in their settings.
NOTIFICATION_EVENTS = {
    "discussion/email/comment_posted": _("Someone commented on a project of my organisation"),
    "discussion/email/comment_replied": _("Someone replied to my comment"),
    "discussion/email/comment_hidden": _("Moderators hid my comment"),
    "discussion/email/report_created": _("A user reported a project or a comment (moderators)"),
}


class DiscussionConfig(AppConfig):
    """Comments on projects, reports of abuse and their moderation."""

    name = "discussion"
    verbose_name = _("Discussion")

    def ready(self) -> None:
        from notifications.registry import register_event

        for key, label in NOTIFICATION_EVENTS.items():
            register_event(key, label=label)
        _watch_project_page()


def _report_project(row) -> int | None:
    from .models import Comment

    if row.project_id is not None:
        return row.project_id
    return Comment.objects.filter(pk=row.comment_id).values_list("project_id", flat=True).first()


def _watch_project_page() -> None:
    """The project page's discussion panel: a comment (posted, edited, hidden, deleted) or a report (made,
    resolved) replaces its project's page version."""
    from cooperation import page_cache

    page_cache.watch_project_rows("discussion.Comment")
    page_cache.watch_project_rows("discussion.Report", _report_project)
