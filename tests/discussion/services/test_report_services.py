"""Report services: who may report what, duplicates, the moderators' decisions, e-mails and the audit log."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from audit.models import AuditLogEntry
from cooperation.choices import ProjectState
from core.exceptions import InvalidStateError
from discussion.choices import ReportReason, ReportStatus
from discussion.models import Report
from discussion.services.comments import comment_delete, comment_hide
from discussion.services.reports import report_create, report_resolve
from tests.cooperation.factories import ProjectFactory
from tests.discussion.factories import CommentFactory, ReportFactory

pytestmark = pytest.mark.django_db


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


# --- Reporting.


def test_a_user_reports_a_comment_and_the_moderators_hear_of_it(
    project, user, other_user, moderator, second_moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(project=project, author=other_user)

    with django_capture_on_commit_callbacks(execute=True):
        report = report_create(reporter=user, comment=comment, reason=ReportReason.ABUSE, text=" Грубость ")

    report.refresh_from_db()
    assert (report.comment, report.project, report.reason, report.text, report.status) == (
        comment,
        None,
        ReportReason.ABUSE,
        "Грубость",
        ReportStatus.OPEN,
    )
    assert recipients() == sorted([moderator.email, second_moderator.email])
    assert "/moderation/reports/" in mail.outbox[0].body
    entry = AuditLogEntry.objects.get(action="report.created")
    assert (entry.actor, entry.target, entry.data) == (user, report, {"comment": comment.pk, "reason": "abuse"})


def test_a_moderator_reporting_is_not_told_of_their_own_report(
    project, moderator, second_moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_create(reporter=moderator, project=project, reason=ReportReason.SPAM)

    assert recipients() == [second_moderator.email]


@pytest.mark.parametrize(
    "state", [ProjectState.PUBLISHED, ProjectState.ACTIVE, ProjectState.COMPLETED, ProjectState.ARCHIVED]
)
def test_any_public_project_can_be_reported_even_by_its_lead(lead_agent, lead_member, user, state):
    project = ProjectFactory(lead_agent=lead_agent, state=state)

    report_create(reporter=user, project=project, reason=ReportReason.OFF_TOPIC)
    report_create(reporter=lead_member, project=project, reason=ReportReason.OFF_TOPIC)

    assert Report.objects.filter(project=project).count() == 2


def test_reporting_twice_is_a_per_field_error_until_the_first_is_decided(project, user, moderator):
    first = report_create(reporter=user, project=project, reason=ReportReason.SPAM)

    with pytest.raises(ValidationError) as error:
        report_create(reporter=user, project=project, reason=ReportReason.ABUSE)
    assert error.value.message_dict == {"project": [gettext("You have already reported this.")]}

    report_resolve(report=first, actor=moderator, decision="dismiss")
    assert report_create(reporter=user, project=project, reason=ReportReason.ABUSE).pk


def test_reporting_a_comment_twice_is_an_error_on_the_comment_field(project, user):
    comment = CommentFactory(project=project)
    report_create(reporter=user, comment=comment, reason=ReportReason.SPAM)

    with pytest.raises(ValidationError) as error:
        report_create(reporter=user, comment=comment, reason=ReportReason.SPAM)

    assert list(error.value.message_dict) == ["comment"]


def test_the_database_keeps_one_open_report_per_reporter_and_target(project, user):
    from django.db import IntegrityError, transaction

    ReportFactory(reporter=user, project=project)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportFactory(reporter=user, project=project)


def test_a_report_has_exactly_one_target(project, user):
    comment = CommentFactory(project=project)

    with pytest.raises(ValidationError):
        report_create(reporter=user, project=project, comment=comment, reason=ReportReason.SPAM)
    with pytest.raises(ValidationError):
        report_create(reporter=user, reason=ReportReason.SPAM)

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(reporter=user, project=project, comment=comment, reason=ReportReason.SPAM)


def test_an_unknown_reason_and_other_without_details_are_per_field_errors(project, user):
    with pytest.raises(ValidationError) as unknown:
        report_create(reporter=user, project=project, reason="boring")
    with pytest.raises(ValidationError) as other:
        report_create(reporter=user, project=project, reason=ReportReason.OTHER, text=" ")

    assert list(unknown.value.message_dict) == ["reason"]
    assert list(other.value.message_dict) == ["text"]
    assert not Report.objects.exists()


def test_nobody_reports_their_own_comment(project, user):
    comment = CommentFactory(project=project, author=user)

    with pytest.raises(PermissionDenied):
        report_create(reporter=user, comment=comment, reason=ReportReason.SPAM)


def test_anonymous_visitors_cannot_report(project):
    with pytest.raises(PermissionDenied):
        report_create(reporter=AnonymousUser(), project=project, reason=ReportReason.SPAM)


@pytest.mark.parametrize("state", [ProjectState.DRAFT, ProjectState.SUBMITTED, ProjectState.REJECTED])
def test_projects_one_cannot_see_cannot_be_reported(lead_agent, user, state):
    project = ProjectFactory(lead_agent=lead_agent, state=state)

    with pytest.raises(PermissionDenied):
        report_create(reporter=user, project=project, reason=ReportReason.SPAM)


def test_hidden_or_deleted_comments_and_hidden_projects_are_in_the_wrong_state(project, user, moderator, lead_member):
    hidden = CommentFactory(project=project)
    comment_hide(comment=hidden, actor=moderator, reason="Спам")
    deleted = CommentFactory(project=project)
    comment_delete(comment=deleted, actor=deleted.author)

    with pytest.raises(InvalidStateError) as error_hidden:
        report_create(reporter=user, comment=hidden, reason=ReportReason.SPAM)
    with pytest.raises(InvalidStateError) as error_deleted:
        report_create(reporter=user, comment=deleted, reason=ReportReason.SPAM)

    assert (error_hidden.value.state, error_deleted.value.state) == ("hidden", "deleted")
    project.is_hidden = True
    project.save(update_fields=["is_hidden"])
    with pytest.raises(InvalidStateError):  # the lead still sees its hidden project
        report_create(reporter=lead_member, project=project, reason=ReportReason.SPAM)


# --- Deciding.


def test_resolving_a_comment_report_by_hiding_hides_it_and_closes_the_other_reports_on_it(
    project, other_user, user, make_user, moderator, django_capture_on_commit_callbacks
):
    comment = CommentFactory(project=project, author=other_user)
    first = report_create(reporter=user, comment=comment, reason=ReportReason.ABUSE)
    second = report_create(reporter=make_user(), comment=comment, reason=ReportReason.SPAM)
    unrelated = ReportFactory(project=project)

    with django_capture_on_commit_callbacks(execute=True):
        report_resolve(report=first, actor=moderator, decision="hide", note="Оскорбление")

    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_by, comment.hidden_reason) == (True, moderator, "Оскорбление")
    for report in (first, second):
        report.refresh_from_db()
        assert (report.status, report.resolved_by, report.resolution_note) == (
            ReportStatus.RESOLVED,
            moderator,
            "Оскорбление",
        )
        assert report.resolved_at is not None
    unrelated.refresh_from_db()
    assert unrelated.status == ReportStatus.OPEN
    assert recipients() == [other_user.email]  # the author is told why
    assert set(AuditLogEntry.objects.values_list("action", flat=True)) >= {"comment.hidden", "report.resolved"}
    entry = AuditLogEntry.objects.get(action="report.resolved")
    assert entry.data["also_resolved"] == [second.pk]


def test_resolving_a_project_report_by_hiding_hides_the_project(
    project, lead_member, user, moderator, django_capture_on_commit_callbacks
):
    report = report_create(reporter=user, project=project, reason=ReportReason.SPAM)

    with django_capture_on_commit_callbacks(execute=True):
        report_resolve(report=report, actor=moderator, decision="hide", note="Реклама казино")

    project.refresh_from_db()
    report.refresh_from_db()
    assert project.is_hidden
    assert report.status == ReportStatus.RESOLVED
    assert AuditLogEntry.objects.filter(action="project.hidden", target_id=str(project.pk)).exists()
    assert lead_member.email in recipients()


def test_a_report_on_content_already_hidden_is_resolved_without_a_second_hiding(project, user, moderator):
    comment = CommentFactory(project=project)
    report = report_create(reporter=user, comment=comment, reason=ReportReason.SPAM)
    comment_hide(comment=comment, actor=moderator, reason="Спам")

    report_resolve(report=report, actor=moderator, decision="hide", note="Уже скрыт")

    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED
    assert AuditLogEntry.objects.filter(action="comment.hidden").count() == 1


def test_dismissing_closes_only_that_report(project, user, make_user, administrator):
    comment = CommentFactory(project=project)
    report = report_create(reporter=user, comment=comment, reason=ReportReason.OFF_TOPIC)
    other = report_create(reporter=make_user(), comment=comment, reason=ReportReason.SPAM)

    report_resolve(report=report, actor=administrator, decision="dismiss")

    report.refresh_from_db()
    other.refresh_from_db()
    comment.refresh_from_db()
    assert (report.status, report.resolved_by) == (ReportStatus.DISMISSED, administrator)
    assert other.status == ReportStatus.OPEN
    assert not comment.is_hidden
    assert AuditLogEntry.objects.get(action="report.dismissed").actor == administrator


def test_hiding_needs_a_note_and_the_decision_must_be_known(project, user, moderator):
    report = report_create(reporter=user, project=project, reason=ReportReason.SPAM)

    with pytest.raises(ValidationError) as no_note:
        report_resolve(report=report, actor=moderator, decision="hide", note=" ")
    with pytest.raises(ValidationError) as unknown:
        report_resolve(report=report, actor=moderator, decision="ban")

    assert list(no_note.value.message_dict) == ["note"]
    assert list(unknown.value.message_dict) == ["decision"]
    project.refresh_from_db()
    assert not project.is_hidden


@pytest.mark.parametrize("role", ["user", "lead_admin", "other_user"])
def test_only_moderators_and_administrators_decide(request, project, make_user, role):
    report = report_create(reporter=make_user(), project=project, reason=ReportReason.SPAM)

    with pytest.raises(PermissionDenied):
        report_resolve(report=report, actor=request.getfixturevalue(role), decision="dismiss")

    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_a_decided_report_cannot_be_decided_again(project, user, moderator, second_moderator):
    report = report_create(reporter=user, project=project, reason=ReportReason.SPAM)
    report_resolve(report=report, actor=moderator, decision="dismiss")

    with pytest.raises(InvalidStateError) as error:
        report_resolve(report=report, actor=second_moderator, decision="hide", note="Нет")

    assert error.value.state == ReportStatus.DISMISSED
    project.refresh_from_db()
    assert not project.is_hidden
