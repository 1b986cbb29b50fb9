"""Reads about comments and reports, filtered by what the user may see, without N+1 queries."""

from collections.abc import Sequence

from django.db.models import Prefetch, Q, QuerySet

from accounts.types import Viewer
from cooperation.models import Project
from cooperation.selectors import projects_visible_to

from .choices import ReportStatus
from .models import Comment, Report


def comments_visible_to(user: Viewer | None) -> QuerySet[Comment]:
    """Comments on the projects ``user`` may see (hidden and deleted ones included: they show as placeholders)."""
    return Comment.objects.filter(project__in=projects_visible_to(user)).select_related(
        "author", "hidden_by", "project", "project__lead_agent"
    )


def project_threads(project: Project) -> Sequence[Comment]:
    """The project's threads: top-level comments oldest first, each with ``thread_replies`` oldest first.

    Three queries whatever the number of comments; every comment gets the same
    ``project`` instance, so permission checks on them share its memoised answers.
    """
    replies = Comment.objects.select_related("author", "hidden_by").order_by("created_at", "id")
    threads = list(
        Comment.objects.filter(project=project, parent__isnull=True)
        .select_related("author", "hidden_by")
        .prefetch_related(Prefetch("replies", queryset=replies, to_attr="thread_replies"))
        .order_by("created_at", "id")
    )
    for comment in threads:
        comment.project = project
        for reply in comment.thread_replies:
            reply.project = project
            reply.parent = comment
    return threads


def reports_visible_to(user: Viewer) -> QuerySet[Report]:
    """Reports ``user`` may see: all of them for moderators and administrators, none for others."""
    if not user.has_perm("discussion.moderate_reports"):
        return Report.objects.none()
    return Report.objects.select_related(
        "reporter",
        "resolved_by",
        "project",
        "project__lead_agent",
        "comment",
        "comment__author",
        "comment__project",
    )


def open_reports(user: Viewer) -> QuerySet[Report]:
    """The moderators' queue: open reports, the longest-waiting first."""
    return reports_visible_to(user).filter(status=ReportStatus.OPEN).order_by("created_at", "id")


def open_report_count() -> int:
    """How many reports await a moderator."""
    return Report.objects.filter(status=ReportStatus.OPEN).count()


def has_open_report(*, reporter: Viewer, project: Project | None = None, comment: Comment | None = None) -> bool:
    """``reporter`` already has an open report on the project or the comment."""
    if not reporter.is_authenticated:
        return False
    target = {"comment": comment} if comment is not None else {"project": project}
    return Report.objects.filter(reporter=reporter, status=ReportStatus.OPEN, **target).exists()


def open_reports_on_project(reporter: Viewer | None, project: Project) -> tuple[set[int], bool]:
    """What ``reporter`` has reported on the project and its comments and not yet had decided: the reported
    comments' ids, and whether the project itself is reported (one query; none for an anonymous visitor)."""
    comments: set[int] = set()
    project_reported = False
    if reporter is None or not reporter.is_authenticated:
        return comments, project_reported
    for comment_id, project_id in Report.objects.filter(
        Q(project=project) | Q(comment__project=project), reporter=reporter, status=ReportStatus.OPEN
    ).values_list("comment_id", "project_id"):
        if comment_id:
            comments.add(comment_id)
        elif project_id:
            project_reported = True
    return comments, project_reported
