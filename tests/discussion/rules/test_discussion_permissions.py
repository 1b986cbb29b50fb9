"""The permission matrix of the discussion, checked against ``discussion_permissions.csv``.

The table lists, for a role and a project state, the actions that are allowed
(space-separated); **anything not in the table is denied**. Each cell is checked
three times: the rule (``user.has_perm``), the pages and the API (by their
effect in the database, not only the status code).

The situation of every cell: a project led by an agent in Lipetsk, in the given
state (``hidden`` is a published project a moderator hid), with one comment on
it written by someone (the **comment author** role is that person). The projects
of every state, their comments and every role's user are built **once per test
module** (``discussion_world``, ``tests/worlds.py``) inside a transaction rolled
back at the end of the module; each test runs in its own savepoint, each action
of the pages and API tests in a savepoint of its own, and reads fresh rows. Roles:

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

from dataclasses import dataclass
from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from accounts.models import User
from cooperation.choices import AgentRole, ProjectState
from cooperation.models import Project
from discussion.models import Comment, Report
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory
from tests.discussion.factories import CommentFactory
from tests.matrices import load_table
from tests.worlds import module_transaction

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


@dataclass(frozen=True)
class Place:
    """The ids of one state's project, its comment and the users relative to them."""

    project: int
    comment: int
    users: dict[str, int]  # comment_author, lead_member


@dataclass(frozen=True)
class World:
    """One ``Place`` per state and the users relative to no project (member, moderator, administrator)."""

    places: dict[str, Place]
    users: dict[str, int]


def build_place(state: str) -> Place:
    lead = AgentFactory()
    MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR)
    project = ProjectFactory(
        lead_agent=lead,
        state=ProjectState.PUBLISHED if state == "hidden" else state,
        is_hidden=state == "hidden",
    )
    comment = CommentFactory(project=project, text="Исходный текст")
    users = {
        "comment_author": comment.author_id,
        "lead_member": MembershipFactory(agent=lead, role=AgentRole.REPRESENTATIVE).user.pk,
    }
    return Place(project.pk, comment.pk, users)


def build_world() -> World:
    users = {"member": UserFactory().pk}
    for role in (SiteRole.MODERATOR, SiteRole.ADMINISTRATOR):
        user = UserFactory()
        grant(user, role)
        users[role] = user.pk
    return World(places={state: build_place(state) for state in STATES}, users=users)


@pytest.fixture(scope="module")
def discussion_world(django_db_setup, django_db_blocker) -> World:
    """The projects of every state with their comments, and every role's user, built once for the module and
    rolled back after it (``tests/worlds.py``); each test still runs in its own savepoint."""
    with module_transaction(django_db_blocker):
        yield build_world()


@pytest.fixture
def situation(discussion_world, db):
    """``situation(role, state) -> (subject, project, comment)`` for one cell of the table, read afresh."""

    def read(role: str, state: str):
        place = discussion_world.places[state]
        if role == "anonymous":
            subject = AnonymousUser()
        else:
            subject = User.objects.get(pk=place.users.get(role) or discussion_world.users[role])
        return subject, Project.objects.get(pk=place.project), Comment.objects.get(pk=place.comment)

    return read


def rule_object(action: str, project, comment):
    return project if action in ("comment", "report_project") else None if action == "moderate" else comment


@pytest.mark.parametrize(("role", "state"), CELLS)
def test_rules(situation, role, state):
    subject, project, comment = situation(role, state)

    answers = {
        action: subject.has_perm(PERMISSIONS[action], rule_object(action, project, comment)) for action in ACTIONS
    }

    assert answers == {action: allowed(role, state, action) for action in ACTIONS}


# --- Pages and API: every action tried on a fresh situation (its own savepoint), judged by its effect.


def _client(subject, api: bool):
    client = APIClient() if api else Client()
    if subject.is_authenticated:
        client.force_login(subject)
    return client


def _comments(project) -> int:
    return Comment.objects.filter(project=project).count()


def try_action(situation, action: str, role: str, state: str, *, api: bool) -> bool:
    """Do ``action`` as ``role`` through the pages or the API; whether it took effect.

    Each action runs in a savepoint rolled back after it, so none sees what another did (a deleted comment,
    a report, a session).
    """
    with transaction.atomic():
        took_effect = act(situation(role, state), action, api=api)
        transaction.set_rollback(True)
    return took_effect


def act(cell, action: str, *, api: bool) -> bool:
    subject, project, comment = cell
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
def test_pages(situation, role, state):
    answers = {action: try_action(situation, action, role, state, api=False) for action in ACTIONS}

    assert answers == {action: allowed(role, state, action) for action in ACTIONS}


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_api(situation, role, state):
    answers = {action: try_action(situation, action, role, state, api=True) for action in ACTIONS}

    assert answers == {action: allowed(role, state, action) for action in ACTIONS}
