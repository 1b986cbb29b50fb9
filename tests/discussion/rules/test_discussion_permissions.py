"""The permission matrix of the discussion, checked against ``discussion_permissions.csv``.

The table lists, for a role and a project state, the actions that are allowed
(space-separated); **anything not in the table is denied**. Each cell is checked
three times: the rule (``user.has_perm``), the pages and the API (by their
effect in the database, not only the status code).

The situation of every cell: a project led by an agent in Lipetsk, in the given
state (``hidden`` is a published project a moderator hid), with one comment on
it written by someone (the **comment author** role is that person). Roles:

| role | who |
|---|---|
| ``anonymous`` | not signed in |
| ``member`` | signed in, no site role, no relation to the project |
| ``comment_author`` | the author of the comment |
| ``lead_member`` | approved representative of the lead agent |
| ``moderator`` | site role *moderator* |
| ``administrator`` | site role *administrator* |

Actions (the object is the project for ``comment`` and ``report_project``, the comment otherwise):

| action | permission | page | API |
|---|---|---|---|
| ``view`` | ``view_comment`` | — (the project page) | ``GET /api/comments/<id>/`` |
| ``comment`` | ``add_comment`` | ``POST /projects/<pk>/comments/`` | ``POST /api/comments/`` |
| ``reply`` | ``reply_comment`` | the same, with ``parent`` | the same, with ``parent`` |
| ``change`` | ``change_comment`` | ``POST /comments/<id>/edit/`` | ``PATCH /api/comments/<id>/`` |
| ``delete`` | ``delete_comment`` | ``POST /comments/<id>/delete/`` | ``DELETE /api/comments/<id>/`` |
| ``report_project`` | ``report_project`` | ``POST /report/?project=<pk>`` | ``POST /api/reports/`` |
| ``report_comment`` | ``report_comment`` | ``POST /report/?comment=<id>`` | ``POST /api/reports/`` |
| ``hide`` | ``hide_comment`` | ``POST /comments/<id>/hide/`` | ``POST /api/comments/<id>/hide/`` |
| ``moderate`` | ``moderate_reports`` | ``GET /moderation/reports/`` | ``GET /api/reports/`` |
"""

from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from cooperation.choices import AgentRole, ProjectState
from discussion.models import Comment, Report
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory
from tests.discussion.factories import CommentFactory
from tests.matrices import load_table

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

TABLE_PATH = Path(__file__).with_name("discussion_permissions.csv")
ROLES = ("anonymous", "member", "comment_author", "lead_member", "moderator", "administrator")
STATES = (*ProjectState.values, "hidden")
PERMISSIONS = {
    "view": "discussion.view_comment",
    "comment": "discussion.add_comment",
    "reply": "discussion.reply_comment",
    "change": "discussion.change_comment",
    "delete": "discussion.delete_comment",
    "report_project": "discussion.report_project",
    "report_comment": "discussion.report_comment",
    "hide": "discussion.hide_comment",
    "moderate": "discussion.moderate_reports",
}
ACTIONS = tuple(PERMISSIONS)


TABLE = load_table(TABLE_PATH, roles=ROLES, states=STATES, actions=ACTIONS)
CELLS = [(role, state) for role in ROLES for state in STATES]


def allowed(role: str, state: str, action: str) -> bool:
    return action in TABLE.get((role, state), frozenset())


def test_every_discussion_rule_is_in_the_matrix():
    declared = {name for name in rules.permissions.permissions if name.startswith("discussion.")}
    assert declared == set(PERMISSIONS.values())


def situation(role: str, state: str):
    """``(subject, project, comment)`` for one cell of the table."""
    lead = AgentFactory()
    MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR)
    project = ProjectFactory(
        lead_agent=lead,
        state=ProjectState.PUBLISHED if state == "hidden" else state,
        is_hidden=state == "hidden",
    )
    comment = CommentFactory(project=project, text="Исходный текст")
    if role == "anonymous":
        subject = AnonymousUser()
    elif role == "comment_author":
        subject = comment.author
    elif role == "lead_member":
        subject = MembershipFactory(agent=lead, role=AgentRole.REPRESENTATIVE).user
    else:
        subject = UserFactory()
        if role in (SiteRole.MODERATOR, SiteRole.ADMINISTRATOR):
            grant(subject, role)
    return subject, project, comment


def rule_object(action: str, project, comment):
    return project if action in ("comment", "report_project") else None if action == "moderate" else comment


@pytest.mark.parametrize(("role", "state"), CELLS)
def test_rules(role, state):
    subject, project, comment = situation(role, state)

    answers = {
        action: subject.has_perm(PERMISSIONS[action], rule_object(action, project, comment)) for action in ACTIONS
    }

    assert answers == {action: allowed(role, state, action) for action in ACTIONS}


# --- Pages and API: every action tried on a fresh situation, judged by its effect.


def _client(subject, api: bool):
    client = APIClient() if api else Client()
    if subject.is_authenticated:
        client.force_login(subject)
    return client


def _comments(project) -> int:
    return Comment.objects.filter(project=project).count()


def try_action(action: str, role: str, state: str, *, api: bool) -> bool:
    """Do ``action`` as ``role`` through the pages or the API; whether it took effect."""
    subject, project, comment = situation(role, state)
    client = _client(subject, api)
    before = _comments(project)
    if action == "view":
        if not api:
            return subject.has_perm("discussion.view_comment", comment)  # shown by the project page's panel
        return client.get(f"/api/comments/{comment.pk}/").status_code == 200
    if action in ("comment", "reply"):
        data = {"text": "Новый", **({"parent": comment.pk} if action == "reply" else {})}
        if api:
            client.post("/api/comments/", {"project": project.pk, **data}, format="json")
        else:
            client.post(f"/projects/{project.pk}/comments/", data)
        created = Comment.objects.filter(project=project, text="Новый").first()
        return _comments(project) == before + 1 and created.parent_id == (comment.pk if action == "reply" else None)
    if action == "change":
        if api:
            client.patch(f"/api/comments/{comment.pk}/", {"text": "Исправлено"}, format="json")
        else:
            client.post(f"/comments/{comment.pk}/edit/", {"text": "Исправлено"})
        comment.refresh_from_db()
        return comment.text == "Исправлено"
    if action == "delete":
        if api:
            client.delete(f"/api/comments/{comment.pk}/")
        else:
            client.post(f"/comments/{comment.pk}/delete/")
        comment.refresh_from_db()
        return comment.is_deleted
    if action in ("report_project", "report_comment"):
        target = {"project": project.pk} if action == "report_project" else {"comment": comment.pk}
        if api:
            client.post("/api/reports/", {**target, "reason": "spam"}, format="json")
        else:
            query = "&".join(f"{key}={value}" for key, value in target.items())
            client.post(f"/report/?{query}", {"reason": "spam"})
        return Report.objects.filter(**target).exists()
    if action == "hide":
        if api:
            client.post(f"/api/comments/{comment.pk}/hide/", {"reason": "Спам"}, format="json")
        else:
            client.post(f"/comments/{comment.pk}/hide/", {"reason": "Спам"})
        comment.refresh_from_db()
        return comment.is_hidden
    if action == "moderate":
        response = client.get("/api/reports/" if api else "/moderation/reports/")
        return response.status_code == 200
    raise AssertionError(action)


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_pages(role, state):
    answers = {action: try_action(action, role, state, api=False) for action in ACTIONS}

    assert answers == {action: allowed(role, state, action) for action in ACTIONS}


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_api(role, state):
    answers = {action: try_action(action, role, state, api=True) for action in ACTIONS}

    assert answers == {action: allowed(role, state, action) for action in ACTIONS}
