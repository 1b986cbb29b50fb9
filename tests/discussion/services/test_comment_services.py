"""Comment services: threading, who may write, edit, delete and hide, e-mails and the audit log."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, ProjectState
from cooperation.services.projects import project_hide
from core.exceptions import InvalidStateError
from discussion.models import Comment
from discussion.services.comments import comment_delete, comment_edit, comment_hide, comment_post, comment_unhide
from tests.cooperation.factories import MembershipFactory, ProjectFactory
from tests.discussion.factories import CommentFactory

pytestmark = pytest.mark.django_db


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


# --- Posting and threading.


def test_a_signed_in_user_comments_on_a_published_project_and_the_lead_hears_of_it(
    project, user, lead_member, lead_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_post(project=project, author=user, text="  Интересный проект!  ")

    comment.refresh_from_db()
    assert (comment.project, comment.author, comment.parent, comment.text) == (
        project,
        user,
        None,
        "Интересный проект!",
    )
    assert recipients() == sorted([lead_member.email, lead_admin.email])
    assert f"/projects/{project.pk}/#comment-{comment.pk}" in mail.outbox[0].body


def test_the_lead_commenting_is_not_told_of_their_own_comment(
    project, lead_member, lead_admin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_post(project=project, author=lead_member, text="Приглашаем партнёров.")

    assert recipients() == [lead_admin.email]


def test_a_reply_notifies_the_parent_author_not_the_lead(
    project, user, other_user, lead_member, django_capture_on_commit_callbacks
):
    parent = CommentFactory(project=project, author=user)

    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_post(project=project, author=other_user, text="Согласен.", parent=parent)

    assert reply.parent == parent
    assert recipients() == [user.email]


def test_a_reply_to_a_reply_joins_the_thread_of_the_top_comment(
    project, user, other_user, make_user, django_capture_on_commit_callbacks
):
    top = CommentFactory(project=project, author=user)
    reply = CommentFactory(project=project, parent=top, author=other_user)
    third = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        answer = comment_post(project=project, author=third, text="И я.", parent=reply)

    assert answer.parent == top  # one level deep
    # both the thread's author and the author of the reply answered hear of it
    assert recipients() == sorted([user.email, other_user.email])


def test_a_double_submit_keeps_one_comment_and_tells_the_lead_once(
    project, user, lead_member, django_capture_on_commit_callbacks
):
    # given a comment just posted
    with django_capture_on_commit_callbacks(execute=True):
        first = comment_post(project=project, author=user, text="Хорошая идея")

    # when the same form arrives again (whitespace around the text is not a difference)
    with django_capture_on_commit_callbacks(execute=True):
        second = comment_post(project=project, author=user, text="  Хорошая идея ")

    # then the first comment is the answer, and the lead heard of one comment
    assert (second.pk, second.is_repeat, first.is_repeat) == (first.pk, True, False)
    assert Comment.objects.count() == 1
    assert recipients() == [lead_member.email]


def test_the_same_text_is_a_new_comment_elsewhere_later_by_another_or_after_deleting(project, user, other_user):
    first = comment_post(project=project, author=user, text="Согласен")
    now = first.created_at

    in_a_thread = comment_post(project=project, author=user, text="Согласен", parent=first, now=now)
    by_another = comment_post(project=project, author=other_user, text="Согласен", now=now)
    three_minutes_on = comment_post(project=project, author=user, text="Согласен", now=now + timedelta(minutes=3))
    comment_delete(comment=three_minutes_on, actor=user)
    after_deleting = comment_post(project=project, author=user, text="Согласен", now=now + timedelta(minutes=3))

    comments = [first, in_a_thread, by_another, three_minutes_on, after_deleting]
    assert len({comment.pk for comment in comments}) == 5
    assert not any(comment.is_repeat for comment in comments)


def test_a_reply_must_be_about_the_same_project(project, user):
    elsewhere = CommentFactory()

    with pytest.raises(ValidationError) as error:
        comment_post(project=project, author=user, text="?", parent=elsewhere)

    assert "parent" in error.value.message_dict


def test_no_reply_to_a_hidden_comment(project, user, moderator):
    hidden = CommentFactory(project=project, is_hidden=True, hidden_by=moderator, hidden_reason="Спам")

    with pytest.raises(ValidationError) as error:
        comment_post(project=project, author=user, text="?", parent=hidden)

    assert "parent" in error.value.message_dict


def test_a_model_level_reply_to_a_reply_is_invalid(project):
    top = CommentFactory(project=project)
    reply = CommentFactory(project=project, parent=top)

    with pytest.raises(ValidationError) as error:
        Comment(project=project, author=top.author, parent=reply, text="x").full_clean()

    assert "parent" in error.value.message_dict


@pytest.mark.parametrize("text", ["", "   ", "я" * 5001])
def test_the_text_is_required_and_at_most_5000_characters(project, user, text):
    with pytest.raises(ValidationError) as error:
        comment_post(project=project, author=user, text=text)

    assert list(error.value.message_dict) == ["text"]
    assert not Comment.objects.exists()


def test_5000_characters_are_fine(project, user):
    assert len(comment_post(project=project, author=user, text="я" * 5000).text) == 5000


@pytest.mark.parametrize("state", [ProjectState.PUBLISHED, ProjectState.ACTIVE, ProjectState.COMPLETED])
def test_comments_are_taken_while_the_project_is_public_and_not_archived(lead_agent, user, state):
    project = ProjectFactory(lead_agent=lead_agent, state=state)

    assert comment_post(project=project, author=user, text="Да").pk


def test_an_archived_project_takes_no_comments(lead_agent, user):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.ARCHIVED)

    with pytest.raises(InvalidStateError) as error:
        comment_post(project=project, author=user, text="Поздно")

    assert error.value.state == ProjectState.ARCHIVED


@pytest.mark.parametrize("state", [ProjectState.DRAFT, ProjectState.SUBMITTED, ProjectState.REJECTED])
def test_a_project_one_cannot_see_is_forbidden(lead_agent, user, state):
    project = ProjectFactory(lead_agent=lead_agent, state=state)

    with pytest.raises(PermissionDenied):
        comment_post(project=project, author=user, text="?")


def test_the_lead_cannot_comment_on_its_draft_either(lead_agent, lead_member):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.DRAFT)

    with pytest.raises(InvalidStateError) as error:
        comment_post(project=project, author=lead_member, text="Черновик")

    assert error.value.state == ProjectState.DRAFT


def test_a_hidden_project_takes_no_comments_even_from_its_lead(project, lead_member, moderator):
    project_hide(project=project, actor=moderator, reason="Реклама")

    with pytest.raises(PermissionDenied):
        comment_post(project=project, author=CommentFactory().author, text="?")
    with pytest.raises(InvalidStateError) as error:
        comment_post(project=project, author=lead_member, text="?")

    assert error.value.state == "hidden"


def test_anonymous_visitors_cannot_comment(project):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        comment_post(project=project, author=AnonymousUser(), text="?")


# --- Editing and deleting one's own.


def test_the_author_edits_their_comment(project, user):
    comment = CommentFactory(project=project, author=user, text="Было")

    comment_edit(comment=comment, actor=user, text="Стало")

    comment.refresh_from_db()
    assert comment.text == "Стало"
    assert comment.edited_at is not None


@pytest.mark.parametrize("role", ["other_user", "moderator", "administrator", "lead_admin"])
def test_nobody_else_edits_or_deletes_a_comment(request, project, user, role):
    comment = CommentFactory(project=project, author=user, text="Моё")
    actor = request.getfixturevalue(role)

    with pytest.raises(PermissionDenied):
        comment_edit(comment=comment, actor=actor, text="Чужое")
    with pytest.raises(PermissionDenied):
        comment_delete(comment=comment, actor=actor)

    comment.refresh_from_db()
    assert (comment.text, comment.is_deleted) == ("Моё", False)


def test_deleting_keeps_the_thread(project, user, other_user):
    top = CommentFactory(project=project, author=user)
    reply = CommentFactory(project=project, parent=top, author=other_user)

    comment_delete(comment=top, actor=user)

    top.refresh_from_db()
    assert top.is_deleted and top.deleted_at is not None
    assert list(top.replies.all()) == [reply]


def test_a_deleted_comment_cannot_be_edited_or_deleted_again(project, user):
    comment = CommentFactory(project=project, author=user)
    comment_delete(comment=comment, actor=user)

    with pytest.raises(InvalidStateError) as edit:
        comment_edit(comment=comment, actor=user, text="Снова")
    with pytest.raises(InvalidStateError) as delete:
        comment_delete(comment=comment, actor=user)

    assert edit.value.state == delete.value.state == "deleted"


def test_a_hidden_comment_cannot_be_edited_or_deleted_by_its_author(project, user, moderator):
    comment = CommentFactory(project=project, author=user)
    comment_hide(comment=comment, actor=moderator, reason="Оскорбление")

    with pytest.raises(InvalidStateError) as error:
        comment_edit(comment=comment, actor=user, text="Исправил")
    with pytest.raises(InvalidStateError):
        comment_delete(comment=comment, actor=user)

    assert error.value.state == "hidden"


def test_editing_stops_when_the_project_is_archived_but_deleting_does_not(project, user):
    comment = CommentFactory(project=project, author=user)
    project.state = ProjectState.ARCHIVED
    project.save(update_fields=["state"])

    with pytest.raises(InvalidStateError):
        comment_edit(comment=comment, actor=user, text="Поздно")
    comment_delete(comment=comment, actor=user)

    comment.refresh_from_db()
    assert comment.is_deleted


# --- Moderation.


@pytest.mark.parametrize("role", ["moderator", "administrator"])
def test_staff_hide_a_comment_with_a_reason_the_author_receives(
    request, project, user, role, django_capture_on_commit_callbacks
):
    comment = CommentFactory(project=project, author=user)
    actor = request.getfixturevalue(role)

    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(comment=comment, actor=actor, reason="Оскорбление участников")

    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_by, comment.hidden_reason) == (True, actor, "Оскорбление участников")
    assert recipients() == [user.email]
    assert "Оскорбление участников" in mail.outbox[0].body
    entry = AuditLogEntry.objects.get(action="comment.hidden")
    assert (entry.actor, entry.target, entry.data) == (
        actor,
        comment,
        {"project": project.pk, "reason": "Оскорбление участников"},
    )


@pytest.mark.parametrize("role", ["user", "lead_admin", "lead_member"])
def test_others_cannot_hide(request, project, other_user, role):
    comment = CommentFactory(project=project, author=other_user)

    with pytest.raises(PermissionDenied):
        comment_hide(comment=comment, actor=request.getfixturevalue(role), reason="Не нравится")

    comment.refresh_from_db()
    assert not comment.is_hidden
    assert not AuditLogEntry.objects.exists()


def test_hiding_needs_a_reason(project, moderator):
    comment = CommentFactory(project=project)

    with pytest.raises(ValidationError) as error:
        comment_hide(comment=comment, actor=moderator, reason="  ")

    assert list(error.value.message_dict) == ["reason"]


def test_hiding_twice_is_a_state_error(project, moderator, second_moderator):
    comment = CommentFactory(project=project)
    comment_hide(comment=comment, actor=moderator, reason="Спам")

    with pytest.raises(InvalidStateError) as error:
        comment_hide(comment=comment, actor=second_moderator, reason="Спам")

    assert error.value.state == "hidden"
    assert AuditLogEntry.objects.filter(action="comment.hidden").count() == 1


def test_unhiding_shows_the_comment_again_and_is_logged(project, moderator, administrator):
    comment = CommentFactory(project=project)
    comment_hide(comment=comment, actor=moderator, reason="Ошибка")

    comment_unhide(comment=comment, actor=administrator)

    comment.refresh_from_db()
    assert (comment.is_hidden, comment.hidden_by, comment.hidden_reason) == (False, None, "")
    entry = AuditLogEntry.objects.get(action="comment.unhidden")
    assert (entry.actor, entry.data["previous_reason"]) == (administrator, "Ошибка")
    with pytest.raises(InvalidStateError):
        comment_unhide(comment=comment, actor=administrator)


def test_lead_members_of_a_deleted_users_comment_are_not_broken(
    project, lead_agent, django_capture_on_commit_callbacks
):
    # an author who left the portal: the comment stays, attributed to nobody
    comment = CommentFactory(project=project)
    comment.author.delete()
    comment.refresh_from_db()
    MembershipFactory(agent=lead_agent, role=AgentRole.ADMINISTRATOR)

    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_post(project=project, author=CommentFactory(project=project).author, text="?", parent=comment)

    assert reply.parent == comment
    assert mail.outbox == []


def test_the_events_are_registered_for_the_users_settings():
    from notifications.registry import is_registered

    for event in ("comment_posted", "comment_replied", "comment_hidden", "report_created"):
        assert is_registered(f"discussion/email/{event}")


def test_plain_text_e_mails_are_not_html_escaped_and_name_no_e_mail_address(
    project, make_user, lead_member, django_capture_on_commit_callbacks
):
    author = make_user(full_name="")
    project.title_ru = "«Умный» город & <регион>"
    project.save(update_fields=["title_ru"])

    with django_capture_on_commit_callbacks(execute=True):
        comment_post(project=project, author=author, text='Цена < 5 "рублей"')

    message = mail.outbox[0]
    assert "«Умный» город & <регион>" in message.subject
    assert 'Цена < 5 "рублей"' in message.body
    assert author.email not in message.body
