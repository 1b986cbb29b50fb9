"""Writes for reports: a signed-in user reports a project or a comment; a moderator resolves or dismisses it.

Resolving locks the reports of the target, so two moderators acting on the same
report at once produce one resolution: the second finds it closed and gets
``InvalidStateError`` (the API's 409). Every step is in the audit log.
"""

from datetime import datetime
from typing import Any, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.models import Project
from cooperation.models.projects import PUBLIC_STATES
from cooperation.notifications import notify_on_commit
from cooperation.selectors import moderators
from cooperation.services.projects import project_hide
from core.exceptions import InvalidStateError
from discussion.choices import CommentState, ReportDecision, ReportReason, ReportStatus
from discussion.models import Comment, Report
from discussion.selectors import has_open_report

from .comments import comment_hide

MODERATION_QUEUE_URL = "/moderation/reports/"


def _already_reported(field: str) -> ValidationError:
    return ValidationError({field: _("You have already reported this.")})


def _check_reportable(project: Project) -> None:
    if project.is_hidden:
        raise InvalidStateError(_("The project is hidden by moderators."), state="hidden")
    if project.state not in PUBLIC_STATES:
        raise InvalidStateError(state=project.state)


def _check_target(*, reporter: User, project: Project | None, comment: Comment | None) -> tuple[str, Any]:
    """Forbidden if the reporter cannot see it, wrong state if it is gone or hidden, then the permission."""
    if comment is not None:
        comment = Comment.objects.select_related("project", "author").get(pk=comment.pk)
        if not reporter.has_perm("cooperation.view_project", comment.project):
            raise PermissionDenied
        if comment.state != CommentState.VISIBLE:
            raise InvalidStateError(state=comment.state)
        _check_reportable(comment.project)
        if not reporter.has_perm("discussion.report_comment", comment):
            raise PermissionDenied
        return "comment", comment
    # report_create checked that exactly one of project and comment is given
    project = Project.objects.select_related("lead_agent").get(pk=cast(Project, project).pk)
    if not reporter.has_perm("cooperation.view_project", project):
        raise PermissionDenied
    _check_reportable(project)
    if not reporter.has_perm("discussion.report_project", project):
        raise PermissionDenied
    return "project", project


@transaction.atomic
def report_create(
    *,
    reporter: User,
    reason: str,
    text: str = "",
    project: Project | None = None,
    comment: Comment | None = None,
) -> Report:
    """``reporter`` tells the moderators that a project or a comment is spam, abusive or off-topic.

    One open report per reporter and target: a second one is a per-field error
    (the partial unique constraint is the backstop when two arrive at once).
    """
    if (project is None) == (comment is None):
        raise ValidationError(_("Report either a project or a comment."))
    field, target = _check_target(reporter=reporter, project=project, comment=comment)
    errors: dict[str, str] = {}
    if reason not in ReportReason.values:
        errors["reason"] = _("Choose a reason.")
    text = (text or "").strip()
    if reason == ReportReason.OTHER and not text:
        errors["text"] = _("Say what is wrong.")
    if has_open_report(reporter=reporter, **{field: target}):
        errors[field] = _("You have already reported this.")
    if errors:
        raise ValidationError(errors)
    report = Report(reporter=reporter, reason=reason, text=text, **{field: target})
    report.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:
        raise _already_reported(field) from error
    audit_log(
        actor=reporter,
        action="report.created",
        target=report,
        project=report.project_id,
        comment=report.comment_id,
        reason=reason,
    )
    notify_on_commit(
        users=moderators(),
        template="discussion/email/report_created",
        context={"report": report, "target": target, "url": MODERATION_QUEUE_URL},
        exclude=reporter,
    )
    return report


def _hide_target(report: Report, *, actor: User, reason: str, now: datetime) -> None:
    if report.comment_id:
        comment = Comment.objects.select_for_update().get(pk=report.comment_id)
        if not comment.is_hidden:  # another moderator may have hidden it already: the report is still resolved
            comment_hide(comment=comment, actor=actor, reason=reason, now=now)
    else:
        project_hide(
            project=Project.objects.get(pk=cast(int, report.project_id)),  # not a comment: a project
            actor=actor,
            hidden=True,
            reason=reason,
        )


@transaction.atomic
def report_resolve(
    *, report: Report, actor: User, decision: str, note: str = "", now: datetime | None = None
) -> Report:
    """A moderator decides an open report: hide the content (resolved) or dismiss the report.

    Hiding resolves every open report on the same content at once (with the same
    note); dismissing closes this report only. The note is required for hiding: it is
    the reason the comment's author or the project's lead is told.
    """
    now = now or timezone.now()
    target = {"comment_id": report.comment_id} if report.comment_id else {"project_id": report.project_id}
    # Lock every report on the target in one order, so two moderators deciding reports on it cannot deadlock.
    locked = list(Report.objects.select_for_update().filter(**target).order_by("pk"))
    report = next(item for item in locked if item.pk == report.pk)
    if report.status != ReportStatus.OPEN:
        raise InvalidStateError(_("This report has already been decided."), state=report.status)
    if not actor.has_perm("discussion.moderate_reports"):
        raise PermissionDenied
    if decision not in ReportDecision.values:
        raise ValidationError({"decision": _("Choose a decision.")})
    note = (note or "").strip()
    if decision == ReportDecision.HIDE:
        if not note:
            raise ValidationError({"note": _("Give the reason for hiding: it is sent to the author.")})
        _hide_target(report, actor=actor, reason=note, now=now)
        closing, status = [item for item in locked if item.status == ReportStatus.OPEN], ReportStatus.RESOLVED
    else:
        closing, status = [report], ReportStatus.DISMISSED
    for item in closing:
        item.status, item.resolved_by, item.resolved_at, item.resolution_note = status, actor, now, note
        item.full_clean(validate_constraints=False)
        item.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_note"])
    audit_log(
        actor=actor,
        action=f"report.{status}",
        target=report,
        project=report.project_id,
        comment=report.comment_id,
        note=note or None,
        also_resolved=[item.pk for item in closing if item.pk != report.pk] or None,
    )
    return report
