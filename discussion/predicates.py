"""Predicates about comments and reports, composed into permissions in ``rules.py``."""

from typing import Any

import rules

from cooperation.models.projects import PUBLIC_STATES

from .models import DISCUSSION_STATES


def may_view_project(user: Any, project: Any) -> bool:
    """``cooperation.view_project``, memoised on the project instance per user.

    A thread's comments share one project instance (see the selectors), so a page
    asking about fifty comments asks the database at most once.
    """
    if project is None:
        return False
    answers = project.__dict__.setdefault("_discussion_viewers", {})
    key = getattr(user, "pk", None)
    if key not in answers:
        answers[key] = user.has_perm("cooperation.view_project", project)
    return answers[key]


# --- The object is a project.


@rules.predicate
def can_view_project(user, project) -> bool:
    """The user may see the project (``cooperation.view_project``)."""
    return may_view_project(user, project)


@rules.predicate
def is_discussable_project(user, project) -> bool:
    """The project is published, active or completed, and not hidden by moderators."""
    return project is not None and project.state in DISCUSSION_STATES and not project.is_hidden


@rules.predicate
def is_reportable_project(user, project) -> bool:
    """The project is public (archived ones included) and not hidden: there is something for the public to see."""
    return project is not None and project.state in PUBLIC_STATES and not project.is_hidden


# --- The object is a comment.


@rules.predicate
def can_view_comment_project(user, comment) -> bool:
    """The user may see the project the comment is about."""
    return comment is not None and may_view_project(user, comment.project)


@rules.predicate
def is_comment_author(user, comment) -> bool:
    """The user wrote the comment."""
    return comment is not None and comment.author_id is not None and comment.author_id == getattr(user, "pk", None)


@rules.predicate
def is_hidden_comment(user, comment) -> bool:
    """A moderator has hidden the comment."""
    return comment is not None and comment.is_hidden


@rules.predicate
def is_deleted_comment(user, comment) -> bool:
    """The author has deleted the comment."""
    return comment is not None and comment.is_deleted


@rules.predicate
def is_in_discussable_project(user, comment) -> bool:
    """The comment's project still takes comments (published, active or completed, and not hidden)."""
    return comment is not None and is_discussable_project.test(user, comment.project)


@rules.predicate
def is_in_reportable_project(user, comment) -> bool:
    """The comment's project is public and not hidden."""
    return comment is not None and is_reportable_project.test(user, comment.project)
