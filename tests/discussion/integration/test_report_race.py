"""Reports on PostgreSQL: row locks make two moderators deciding the same report at once produce one decision.

Run in the integration pass (``make test-integration``): DATABASE_URL points at PostgreSQL.
"""

import pytest
from django.db import connection

from accounts.choices import SiteRole
from audit.models import AuditLogEntry
from cooperation.choices import ProjectState
from core.exceptions import InvalidStateError
from discussion.choices import ReportReason, ReportStatus
from discussion.models import Comment, Report
from discussion.services.reports import report_create, report_resolve
from tests.concurrency import race as _race
from tests.cooperation.factories import AgentFactory, ProjectFactory
from tests.discussion.factories import CommentFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def postgresql(transactional_db):
    """Fail loudly (not skip) when the integration pass runs without PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.fail("Integration tests need DATABASE_URL=postgres://… (run `make test-integration`).")


def test_two_moderators_resolving_the_same_report_make_one_resolution(postgresql, make_user, lipetsk):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    comment = CommentFactory(project=project)
    report = report_create(reporter=make_user(), comment=comment, reason=ReportReason.ABUSE)
    first, second = make_user(SiteRole.MODERATOR), make_user(SiteRole.MODERATOR)

    results = _race(
        [
            lambda: report_resolve(report=report, actor=first, decision="hide", note="Оскорбление"),
            lambda: report_resolve(report=report, actor=second, decision="dismiss"),
        ]
    )

    assert sum(isinstance(r, Report) for r in results) == 1
    errors = [r for r in results if isinstance(r, InvalidStateError)]
    assert len(errors) == 1
    winner = next(r for r in results if isinstance(r, Report))
    report.refresh_from_db()
    assert (report.status, report.resolved_by) == (winner.status, winner.resolved_by)
    assert errors[0].state == winner.status
    assert Comment.objects.get(pk=comment.pk).is_hidden == (winner.status == ReportStatus.RESOLVED)
    assert AuditLogEntry.objects.filter(action__in=["report.resolved", "report.dismissed"]).count() == 1


def test_two_moderators_resolving_two_reports_on_one_comment_neither_deadlock_nor_hide_twice(
    postgresql, make_user, lipetsk
):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    comment = CommentFactory(project=project)
    reports = [report_create(reporter=make_user(), comment=comment, reason=ReportReason.SPAM) for _ in range(2)]
    moderators = [make_user(SiteRole.MODERATOR), make_user(SiteRole.MODERATOR)]

    results = _race(
        [
            lambda report=report, moderator=moderator: report_resolve(
                report=report, actor=moderator, decision="hide", note="Спам"
            )
            for report, moderator in zip(reports, moderators, strict=True)
        ]
    )

    # the first hides the comment and closes both reports; the second finds its report closed
    assert sum(isinstance(r, Report) for r in results) == 1
    assert sum(isinstance(r, InvalidStateError) for r in results) == 1
    assert set(Report.objects.filter(comment=comment).values_list("status", flat=True)) == {ReportStatus.RESOLVED}
    assert AuditLogEntry.objects.filter(action="comment.hidden").count() == 1


def test_two_identical_reports_at_once_make_one(postgresql, make_user, lipetsk):
    project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
    reporter = make_user()

    results = _race(
        [lambda: report_create(reporter=reporter, project=project, reason=ReportReason.SPAM) for _ in range(2)]
    )

    assert Report.objects.filter(project=project, reporter=reporter).count() == 1
    assert sum(isinstance(r, Report) for r in results) == 1
