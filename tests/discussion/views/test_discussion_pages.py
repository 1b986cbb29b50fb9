"""Comment, report and moderation pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditLogEntry
from cooperation.choices import ProjectState
from discussion.choices import ReportStatus
from discussion.models import Comment, Report
from discussion.services.reports import report_create
from tests.cooperation.factories import ProjectFactory
from tests.discussion.factories import CommentFactory, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(settings):
    """Assert on the English texts (the default language is Russian)."""
    settings.LANGUAGE_CODE = "en"
    return {"HTTP_ACCEPT_LANGUAGE": "en"}


# --- Writing comments.


def test_posting_a_comment_goes_back_to_it_on_the_project_page(client, project, user):
    client.force_login(user)

    response = client.post(f"/projects/{project.pk}/comments/", {"text": "Хорошая идея"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/projects/{project.pk}/#comment-{comment.pk}"
    assert (comment.author, comment.text) == (user, "Хорошая идея")


def test_a_double_submitted_comment_form_keeps_one_comment_and_goes_back_to_it(client, project, user):
    client.force_login(user)

    first = client.post(f"/projects/{project.pk}/comments/", {"text": "Хорошая идея"})
    second = client.post(f"/projects/{project.pk}/comments/", {"text": "Хорошая идея"})

    comment = Comment.objects.get()
    assert first["Location"] == second["Location"] == f"/projects/{project.pk}/#comment-{comment.pk}"


def test_an_empty_comment_comes_back_with_the_error_on_the_field(client, project, user):
    client.force_login(user)

    response = client.post(f"/projects/{project.pk}/comments/", {"text": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["text"]
    assert 'aria-invalid="true"' in response.content.decode() or "invalid-feedback" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_reply_page_quotes_the_comment_and_a_reply_to_a_reply_joins_the_thread(client, project, user, other_user):
    top = CommentFactory(project=project, author=other_user, text="Начало обсуждения")
    reply = CommentFactory(project=project, parent=top, text="Ответ")
    client.force_login(user)

    page = client.get(f"/projects/{project.pk}/comments/", {"reply_to": reply.pk})
    client.post(f"/projects/{project.pk}/comments/", {"text": "Ещё ответ", "parent": reply.pk})

    assert page.status_code == 200 and "Ответ" in page.content.decode()
    assert Comment.objects.get(text="Ещё ответ").parent == top


def test_visitors_are_sent_to_log_in_and_a_draft_is_not_found(client, lead_agent, project, user):
    draft = ProjectFactory(lead_agent=lead_agent, state=ProjectState.DRAFT)

    anonymous = client.post(f"/projects/{project.pk}/comments/", {"text": "?"})
    client.force_login(user)
    hidden = client.post(f"/projects/{draft.pk}/comments/", {"text": "?"})

    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    assert hidden.status_code == 404
    assert not Comment.objects.exists()


def test_the_author_edits_through_a_prefilled_form(client, project, user):
    comment = CommentFactory(project=project, author=user, text="Опечатка")
    client.force_login(user)

    form = client.get(f"/comments/{comment.pk}/edit/")
    response = client.post(f"/comments/{comment.pk}/edit/", {"text": "Исправлено"})

    assert form.context["form"].initial["text"] == "Опечатка"
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.text == "Исправлено" and comment.edited_at


def test_others_get_403_on_the_edit_and_delete_pages(client, project, user, other_user):
    comment = CommentFactory(project=project, author=user)
    client.force_login(other_user)

    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_deleting_asks_for_confirmation_first(client, project, user):
    comment = CommentFactory(project=project, author=user)
    client.force_login(user)

    confirm = client.get(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert confirm.status_code == 200 and not comment.is_deleted

    client.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.is_deleted


def test_a_moderator_hides_from_the_page_and_a_missing_reason_is_shown_on_the_field(client, project, moderator):
    comment = CommentFactory(project=project)
    client.force_login(moderator)

    missing = client.post(f"/comments/{comment.pk}/hide/", {"reason": ""})
    done = client.post(f"/comments/{comment.pk}/hide/", {"reason": "Спам", "next": "https://evil.example/"})

    assert missing.status_code == 200 and missing.context["form"].errors["reason"]
    assert done.status_code == 302 and done["Location"] == comment.get_absolute_url()
    comment.refresh_from_db()
    assert comment.is_hidden

    client.post(f"/comments/{comment.pk}/unhide/")
    comment.refresh_from_db()
    assert not comment.is_hidden


# --- Reporting.


def test_reporting_a_comment_through_the_form(client, project, user, other_user, en):
    comment = CommentFactory(project=project, author=other_user, text="Купите слона")
    client.force_login(user)

    page = client.get(f"/report/?comment={comment.pk}", **en)
    response = client.post(f"/report/?comment={comment.pk}", {"reason": "spam", "text": ""})

    assert page.status_code == 200
    html = page.content.decode()
    assert "Купите слона" in html and 'value="off_topic"' in html
    assert response.status_code == 302 and response["Location"] == comment.get_absolute_url()
    assert Report.objects.get().comment == comment


def test_other_without_details_and_a_second_report_are_errors_on_the_form(client, project, user, en):
    client.force_login(user)

    other = client.post(f"/report/?project={project.pk}", {"reason": "other", "text": ""}, **en)
    assert other.status_code == 200 and other.context["form"].errors["text"]

    client.post(f"/report/?project={project.pk}", {"reason": "spam"})
    again = client.post(f"/report/?project={project.pk}", {"reason": "abuse"}, **en)
    assert again.status_code == 200
    assert "You have already reported this." in again.content.decode()
    assert Report.objects.count() == 1
    assert "You have already reported this" in client.get(f"/report/?project={project.pk}", **en).content.decode()


def test_report_page_answers_404_for_nothing_or_the_invisible_and_403_for_ones_own_comment(
    client, lead_agent, project, user
):
    draft = ProjectFactory(lead_agent=lead_agent, state=ProjectState.DRAFT)
    own = CommentFactory(project=project, author=user)
    client.force_login(user)

    assert client.get("/report/").status_code == 404
    assert client.get("/report/?project=abc").status_code == 404
    assert client.get(f"/report/?project={draft.pk}").status_code == 404
    assert client.get(f"/report/?comment={own.pk}").status_code == 403


# --- The moderators' queue.


def test_the_queue_lists_open_reports_oldest_first_and_filters_them(client, project, moderator, user):
    comment = CommentFactory(project=project)
    on_project = ReportFactory(project=project, reason="spam")
    on_comment = ReportFactory(project=None, comment=comment, reason="abuse")
    ReportFactory(project=project, status=ReportStatus.DISMISSED)
    client.force_login(moderator)

    def listed(**params):
        return [report.pk for report in client.get("/moderation/reports/", params).context["reports"]]

    assert listed() == [on_project.pk, on_comment.pk]
    assert listed(target="comment") == [on_comment.pk]
    assert listed(target="project") == [on_project.pk]
    assert listed(reason="spam") == [on_project.pk]
    client.force_login(user)
    assert client.get("/moderation/reports/").status_code == 403


def test_resolving_from_the_queue_hides_and_returns_to_the_filtered_queue(client, project, moderator, user):
    comment = CommentFactory(project=project)
    report = report_create(reporter=user, comment=comment, reason="abuse")
    client.force_login(moderator)

    response = client.post(
        f"/moderation/reports/{report.pk}/resolve/",
        {"decision": "hide", "note": "Оскорбление", "next": "/moderation/reports/?target=comment"},
    )

    assert response.status_code == 302 and response["Location"] == "/moderation/reports/?target=comment"
    comment.refresh_from_db()
    report.refresh_from_db()
    assert comment.is_hidden and report.status == ReportStatus.RESOLVED
    assert AuditLogEntry.objects.filter(action="report.resolved", actor=moderator).exists()


def test_hiding_without_a_note_shows_the_decision_form_with_the_error(client, project, moderator, user):
    report = report_create(reporter=user, project=project, reason="spam")
    client.force_login(moderator)

    response = client.post(f"/moderation/reports/{report.pk}/resolve/", {"decision": "hide", "note": ""})

    assert response.status_code == 200 and response.context["form"].errors["note"]
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_a_report_decided_meanwhile_says_so(client, project, moderator, second_moderator, user, en):
    report = report_create(reporter=user, project=project, reason="spam")
    client.force_login(moderator)
    client.post(f"/moderation/reports/{report.pk}/resolve/", {"decision": "dismiss"})
    client.force_login(second_moderator)

    response = client.post(f"/moderation/reports/{report.pk}/resolve/", {"decision": "dismiss"}, follow=True, **en)

    assert "already been decided" in response.content.decode()
    report.refresh_from_db()
    assert report.resolved_by == moderator


def test_the_queue_takes_a_constant_number_of_queries(client, moderator, lead_agent, make_user):
    def add(n):
        for _ in range(n):
            project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
            ReportFactory(project=project, reporter=make_user())
            ReportFactory(project=None, comment=CommentFactory(project=project), reporter=make_user())

    client.force_login(moderator)
    add(1)
    client.get("/moderation/reports/")
    with CaptureQueriesContext(connection) as few:
        client.get("/moderation/reports/")
    add(5)
    with CaptureQueriesContext(connection) as many:
        client.get("/moderation/reports/")

    assert len(many) == len(few)


def test_the_navbar_shows_moderators_the_open_report_count(client, project, moderator, user, en):
    ReportFactory(project=project)
    ReportFactory(project=project)
    ReportFactory(project=project, status=ReportStatus.DISMISSED)

    client.force_login(moderator)
    staff = client.get("/agents/", **en).content.decode()
    client.force_login(user)
    member = client.get("/agents/", **en).content.decode()

    assert 'href="/moderation/reports/"' in staff
    assert ">2<span" in staff.replace(" ", "")
    assert 'href="/moderation/reports/"' not in member
