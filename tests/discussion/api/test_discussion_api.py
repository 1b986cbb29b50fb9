"""The comments and reports API: permissions, 400 per field, 409 with the state, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cooperation.choices import ProjectState
from discussion.choices import ReportStatus
from discussion.models import Comment, Report
from discussion.services.comments import comment_delete, comment_hide
from tests.cooperation.factories import ProjectFactory
from tests.discussion.factories import CommentFactory, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


# --- Comments.


def test_comments_of_a_project_oldest_first_with_hidden_and_deleted_texts_withheld(
    api, project, user, other_user, moderator
):
    first = CommentFactory(project=project, author=user, text="Первый")
    hidden = CommentFactory(project=project, author=other_user, text="Грубость")
    deleted = CommentFactory(project=project, parent=first, author=other_user, text="Передумал")
    CommentFactory(text="Другой проект")
    comment_hide(comment=hidden, actor=moderator, reason="Оскорбление")
    comment_delete(comment=deleted, actor=other_user)

    def listed(caller):
        api.force_authenticate(caller)
        return {c["id"]: c for c in api.get("/api/comments/", {"project": project.pk}).data["results"]}

    public = listed(user)
    assert list(public) == [first.pk, hidden.pk, deleted.pk]
    assert (public[first.pk]["text"], public[first.pk]["author"]["name"]) == ("Первый", "Анна Петрова")
    assert "email" not in public[first.pk]["author"]
    assert (public[hidden.pk]["text"], public[hidden.pk]["state"], public[hidden.pk]["hidden_reason"]) == (
        None,
        "hidden",
        None,
    )
    assert (public[deleted.pk]["text"], public[deleted.pk]["parent"]) == (None, first.pk)
    author = listed(other_user)
    assert (author[hidden.pk]["text"], author[hidden.pk]["hidden_reason"]) == ("Грубость", "Оскорбление")
    staff = listed(moderator)
    assert (staff[hidden.pk]["text"], staff[deleted.pk]["text"]) == ("Грубость", "Передумал")


def test_posting_the_same_comment_twice_answers_the_second_time_with_the_first(api, project, user):
    api.force_authenticate(user)
    body = {"project": project.pk, "text": "Готовы участвовать"}

    first = api.post("/api/comments/", body)
    second = api.post("/api/comments/", body)

    assert (first.status_code, second.status_code) == (201, 200)
    assert second.data["id"] == first.data["id"]
    assert second.data["text"] == "Готовы участвовать"
    assert Comment.objects.count() == 1


def test_comments_on_projects_one_may_not_see_are_not_listed_nor_found(api, lead_agent, user):
    draft = ProjectFactory(lead_agent=lead_agent, state=ProjectState.DRAFT)
    comment = CommentFactory(project=draft)
    api.force_authenticate(user)

    assert api.get("/api/comments/", {"project": draft.pk}).data["results"] == []
    assert api.get(f"/api/comments/{comment.pk}/").status_code == 404


def test_posting_a_comment_and_a_reply(api, project, user):
    api.force_authenticate(user)

    top = api.post("/api/comments/", {"project": project.pk, "text": "Вопрос"}, format="json")
    reply = api.post(
        "/api/comments/", {"project": project.pk, "text": "Уточню", "parent": top.data["id"]}, format="json"
    )
    deeper = api.post(
        "/api/comments/", {"project": project.pk, "text": "И ещё", "parent": reply.data["id"]}, format="json"
    )

    assert (top.status_code, reply.status_code, deeper.status_code) == (201, 201, 201)
    assert reply.data["parent"] == top.data["id"]
    assert deeper.data["parent"] == top.data["id"]  # one level deep


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "я" * 5001}, "text"),
        ({"text": "x", "project": 999999}, "project"),
        ({"text": "x", "parent": 999999}, "parent"),
    ],
)
def test_bad_comments_are_400_on_the_field(api, project, user, payload, field):
    api.force_authenticate(user)

    response = api.post("/api/comments/", {"project": project.pk, **payload}, format="json")

    assert response.status_code == 400
    assert field in response.data
    assert not Comment.objects.exists()


def test_a_reply_to_another_projects_comment_is_400_on_parent(api, project, user):
    elsewhere = CommentFactory()
    api.force_authenticate(user)

    response = api.post("/api/comments/", {"project": project.pk, "text": "x", "parent": elsewhere.pk}, format="json")

    assert response.status_code == 400 and list(response.data) == ["parent"]


def test_commenting_on_an_archived_project_is_409_with_its_state(api, lead_agent, user):
    archived = ProjectFactory(lead_agent=lead_agent, state=ProjectState.ARCHIVED)
    api.force_authenticate(user)

    response = api.post("/api/comments/", {"project": archived.pk, "text": "Поздно"}, format="json")

    assert response.status_code == 409 and response.data["state"] == "archived"


def test_anonymous_callers_cannot_comment(api, project):
    response = api.post("/api/comments/", {"project": project.pk, "text": "?"}, format="json")

    assert response.status_code in (401, 403)
    assert not Comment.objects.exists()


def test_the_author_edits_and_deletes_others_get_403_and_a_second_delete_is_409(api, project, user, other_user):
    comment = CommentFactory(project=project, author=user, text="Было")

    api.force_authenticate(other_user)
    assert api.patch(f"/api/comments/{comment.pk}/", {"text": "Чужое"}, format="json").status_code == 403
    assert api.delete(f"/api/comments/{comment.pk}/").status_code == 403

    api.force_authenticate(user)
    edited = api.patch(f"/api/comments/{comment.pk}/", {"text": "Стало"}, format="json")
    assert edited.status_code == 200 and edited.data["text"] == "Стало" and edited.data["edited_at"]
    assert api.patch(f"/api/comments/{comment.pk}/", {"text": ""}, format="json").status_code == 400
    assert api.delete(f"/api/comments/{comment.pk}/").status_code == 204
    second = api.delete(f"/api/comments/{comment.pk}/")
    assert second.status_code == 409 and second.data["state"] == "deleted"


def test_hide_and_unhide(api, project, user, moderator):
    comment = CommentFactory(project=project)

    api.force_authenticate(user)
    assert api.post(f"/api/comments/{comment.pk}/hide/", {"reason": "Спам"}, format="json").status_code == 403

    api.force_authenticate(moderator)
    missing = api.post(f"/api/comments/{comment.pk}/hide/", {"reason": ""}, format="json")
    assert missing.status_code == 400 and list(missing.data) == ["reason"]
    hidden = api.post(f"/api/comments/{comment.pk}/hide/", {"reason": "Спам"}, format="json")
    assert hidden.status_code == 200 and hidden.data["state"] == "hidden"
    again = api.post(f"/api/comments/{comment.pk}/hide/", {"reason": "Спам"}, format="json")
    assert again.status_code == 409 and again.data["state"] == "hidden"
    shown = api.post(f"/api/comments/{comment.pk}/unhide/")
    assert shown.status_code == 200 and shown.data["state"] == "visible"
    assert api.post(f"/api/comments/{comment.pk}/unhide/").status_code == 409


def test_comment_list_takes_a_constant_number_of_queries(api, project, user, make_user):
    api.force_authenticate(user)

    def add(n):
        for _ in range(n):
            top = CommentFactory(project=project, author=make_user())
            CommentFactory(project=project, parent=top, author=make_user())

    add(1)
    api.get("/api/comments/", {"project": project.pk})
    with CaptureQueriesContext(connection) as few:
        api.get("/api/comments/", {"project": project.pk})
    add(9)
    with CaptureQueriesContext(connection) as many:
        response = api.get("/api/comments/", {"project": project.pk})

    assert response.data["count"] == 20
    assert len(many) == len(few)


# --- Reports.


def test_signed_in_users_report_and_a_duplicate_is_400_on_the_target_field(api, project, user):
    api.force_authenticate(user)

    first = api.post("/api/reports/", {"project": project.pk, "reason": "spam"}, format="json")
    second = api.post("/api/reports/", {"project": project.pk, "reason": "abuse"}, format="json")

    assert first.status_code == 201 and first.data["status"] == "open" and first.data["target_type"] == "project"
    assert second.status_code == 400 and list(second.data) == ["project"]
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"reason": "boring"}, {"reason"}),
        ({"reason": "other", "text": ""}, {"text"}),
    ],
)
def test_bad_reports_are_400_per_field(api, project, user, payload, fields):
    api.force_authenticate(user)

    response = api.post("/api/reports/", {"project": project.pk, **payload}, format="json")

    assert response.status_code == 400 and set(response.data) == fields


def test_a_report_needs_exactly_one_target(api, project, user):
    comment = CommentFactory(project=project)
    api.force_authenticate(user)

    both = api.post("/api/reports/", {"project": project.pk, "comment": comment.pk, "reason": "spam"}, format="json")
    neither = api.post("/api/reports/", {"reason": "spam"}, format="json")

    assert both.status_code == neither.status_code == 400
    assert "non_field_errors" in both.data


def test_anonymous_callers_cannot_report_and_users_cannot_list_reports(api, project, user):
    ReportFactory(project=project)

    assert api.post("/api/reports/", {"project": project.pk, "reason": "spam"}, format="json").status_code in (401, 403)
    api.force_authenticate(user)
    assert api.get("/api/reports/").status_code == 403
    assert api.get(f"/api/reports/{Report.objects.get().pk}/").status_code == 404


def test_moderators_list_filter_and_resolve_reports(api, project, moderator, second_moderator):
    comment = CommentFactory(project=project)
    on_project = ReportFactory(project=project, reason="spam")
    on_comment = ReportFactory(project=None, comment=comment, reason="abuse")
    api.force_authenticate(moderator)

    def ids(**params):
        return [r["id"] for r in api.get("/api/reports/", params).data["results"]]

    assert ids() == [on_project.pk, on_comment.pk]
    assert ids(target="comment") == [on_comment.pk]
    assert ids(reason="spam", status="open") == [on_project.pk]
    assert ids(project=project.pk) == [on_project.pk, on_comment.pk]

    no_note = api.post(f"/api/reports/{on_comment.pk}/resolve/", {"decision": "hide"}, format="json")
    assert no_note.status_code == 400 and list(no_note.data) == ["note"]
    bad = api.post(f"/api/reports/{on_comment.pk}/resolve/", {"decision": "ban"}, format="json")
    assert bad.status_code == 400 and list(bad.data) == ["decision"]

    done = api.post(f"/api/reports/{on_comment.pk}/resolve/", {"decision": "hide", "note": "Грубо"}, format="json")
    assert done.status_code == 200 and done.data["status"] == ReportStatus.RESOLVED
    assert done.data["resolved_by"]["id"] == moderator.pk
    comment.refresh_from_db()
    assert comment.is_hidden

    api.force_authenticate(second_moderator)
    again = api.post(f"/api/reports/{on_comment.pk}/resolve/", {"decision": "dismiss"}, format="json")
    assert again.status_code == 409 and again.data["state"] == "resolved"


def test_report_list_takes_a_constant_number_of_queries(api, moderator, lead_agent, make_user):
    def add(n):
        for _ in range(n):
            project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
            ReportFactory(project=project, reporter=make_user())
            ReportFactory(project=None, comment=CommentFactory(project=project), reporter=make_user())

    api.force_authenticate(moderator)
    add(1)
    api.get("/api/reports/")
    with CaptureQueriesContext(connection) as few:
        api.get("/api/reports/")
    add(9)
    with CaptureQueriesContext(connection) as many:
        api.get("/api/reports/")

    assert len(many) == len(few)


def test_the_schema_documents_the_discussion_endpoints(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()

    for path in ("/api/comments/", "/api/comments/{id}/hide/", "/api/reports/{id}/resolve/", "/api/audit-log/"):
        assert path in schema["paths"]
