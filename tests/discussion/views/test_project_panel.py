"""The discussion section of the project page (the ``discussion_project_panel`` tag)."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cooperation.choices import ProjectState
from discussion.services.comments import comment_delete, comment_hide
from discussion.services.reports import report_create
from tests.cooperation.factories import ProjectFactory
from tests.discussion.factories import CommentFactory

pytestmark = pytest.mark.django_db

TEMPLATE = engines["django"].from_string("{% load discussion_tags %}{% discussion_project_panel project %}")


def panel(project, user=None) -> str:
    request = RequestFactory().get(f"/projects/{project.pk}/")
    request.user = user or AnonymousUser()
    with translation.override("en"):
        return TEMPLATE.render({"project": project}, request)


def test_threads_are_oldest_first_with_their_replies_under_them(project, user, other_user):
    first = CommentFactory(project=project, author=user, text="Первый")
    second = CommentFactory(project=project, author=other_user, text="Второй")
    reply = CommentFactory(project=project, parent=first, author=other_user, text="Ответ на первый")

    html = panel(project)

    assert html.index("Первый") < html.index("Ответ на первый") < html.index("Второй")
    assert (
        f'id="comment-{first.pk}"' in html
        and f'id="comment-{reply.pk}"' in html
        and f'id="comment-{second.pk}"' in html
    )
    assert "Анна Петрова" in html
    assert user.email not in html  # names, never e-mail addresses


def test_visitors_are_invited_to_log_in_and_see_no_forms(project):
    CommentFactory(project=project)

    html = panel(project)

    assert "/accounts/login/?next=" in html
    assert "<textarea" not in html
    assert "/report/" not in html


def test_signed_in_users_get_a_comment_form_a_reply_form_per_thread_and_report_links(project, user, other_user):
    theirs = CommentFactory(project=project, author=other_user)
    CommentFactory(project=project, parent=theirs, author=other_user)
    mine = CommentFactory(project=project, author=user)

    html = panel(project, user)

    assert f'action="/projects/{project.pk}/comments/"' in html
    assert len(re.findall(r'name="parent" value="\d+"', html)) == 2  # one reply form per thread
    assert f"/report/?comment={theirs.pk}" in html
    assert f"/report/?comment={mine.pk}" not in html  # not one's own
    assert f"/report/?project={project.pk}" in html
    assert f"/comments/{mine.pk}/edit/" in html and f"/comments/{mine.pk}/delete/" in html
    assert f"/comments/{theirs.pk}/edit/" not in html
    assert "/hide/" not in html


def test_every_input_has_a_label(project, user, moderator):
    CommentFactory(project=project, author=user)

    for viewer in (user, moderator):
        html = panel(project, viewer)
        for input_id in re.findall(r'<textarea[^>]* id="([^"]+)"', html):
            assert f'for="{input_id}"' in html


def test_a_reported_comment_says_so_instead_of_offering_a_second_report(project, user, other_user):
    comment = CommentFactory(project=project, author=other_user)
    report_create(reporter=user, comment=comment, reason="spam")
    report_create(reporter=user, project=project, reason="spam")

    html = panel(project, user)

    assert f"/report/?comment={comment.pk}" not in html and f"/report/?project={project.pk}" not in html
    assert "You have reported it" in html and "You have reported this project" in html


def test_hidden_comments_show_a_placeholder_to_the_public_and_the_text_with_a_badge_to_moderators(
    project, user, other_user, moderator
):
    comment = CommentFactory(project=project, author=user, text="Грубые слова")
    comment_hide(comment=comment, actor=moderator, reason="Оскорбление")

    public = panel(project, other_user)
    staff = panel(project, moderator)
    author = panel(project, user)

    assert "Грубые слова" not in public and "Оскорбление" not in public
    assert "Грубые слова" in staff and "Оскорбление" in staff
    assert f"/comments/{comment.pk}/unhide/" in staff
    assert "Грубые слова" in author and "Оскорбление" in author  # the author sees why
    assert f"/comments/{comment.pk}/edit/" not in author


def test_deleted_comments_keep_their_place_in_the_thread(project, user, other_user, moderator):
    comment = CommentFactory(project=project, author=user, text="Передумал")
    reply = CommentFactory(project=project, parent=comment, author=other_user, text="Ответ остаётся")
    comment_delete(comment=comment, actor=user)

    public = panel(project, other_user)

    assert "Передумал" not in public
    assert f'id="comment-{comment.pk}"' in public and reply.text in public
    assert "Передумал" in panel(project, moderator)  # moderators keep the evidence


def test_moderators_get_an_inline_hide_form(project, user, moderator):
    comment = CommentFactory(project=project, author=user)

    html = panel(project, moderator)

    assert f'action="/comments/{comment.pk}/hide/"' in html
    assert f'id="hide-reason-{comment.pk}"' in html and f'for="hide-reason-{comment.pk}"' in html


def test_an_archived_project_shows_its_discussion_closed(lead_agent, user):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.ARCHIVED)
    CommentFactory(project=project, text="Старое обсуждение")

    html = panel(project, user)

    assert "Старое обсуждение" in html
    assert f'action="/projects/{project.pk}/comments/"' not in html
    assert 'name="parent"' not in html


def test_a_project_the_viewer_may_not_see_renders_nothing(lead_agent, user):
    draft = ProjectFactory(lead_agent=lead_agent, state=ProjectState.DRAFT)

    assert panel(draft, user).strip() == ""


def test_the_panel_takes_a_constant_number_of_queries(project, user, make_user):
    def add(n):
        for _ in range(n):
            top = CommentFactory(project=project, author=make_user())
            CommentFactory(project=project, parent=top, author=make_user())

    add(2)
    panel(project, user)  # warm the per-process caches (content types, templates)
    with CaptureQueriesContext(connection) as few:
        panel(project, user)
    add(8)
    with CaptureQueriesContext(connection) as many:
        panel(project, user)

    assert len(many) == len(few)


def test_the_project_page_shows_the_discussion_in_a_constant_number_of_queries(client, project, user, make_user):
    def add(n):
        for _ in range(n):
            top = CommentFactory(project=project, author=make_user(), text="Комментарий на странице")
            CommentFactory(project=project, parent=top, author=make_user())

    client.force_login(user)
    add(1)
    page = client.get(f"/projects/{project.pk}/")
    assert page.status_code == 200
    assert 'id="discussion"' in page.content.decode() and "Комментарий на странице" in page.content.decode()
    # Both with the page's parts rebuilt (cooperation.page_cache would serve the first from the cache).
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(f"/projects/{project.pk}/")
    add(9)
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        client.get(f"/projects/{project.pk}/")

    assert len(many) == len(few)
