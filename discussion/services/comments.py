"""Writes for comments: posting, editing and deleting one's own, hiding and showing again (moderators).

Each service is one transaction that locks the comment row (for changes),
checks the state first (``InvalidStateError`` with the current state, the API's
409), then the permission (``PermissionDenied``), then the input (per-field
``ValidationError``). Moderation actions are written to the audit log; e-mails
go out after the commit.
"""

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.models import Project
from cooperation.notifications import notify_on_commit
from cooperation.selectors import agent_members
from core.exceptions import InvalidStateError
from discussion.choices import CommentState
from discussion.models import DISCUSSION_STATES, Comment, project_url

# A second identical comment within this time is a double submit (a double click, a resent form, a
# client retrying), not something the author means to say twice.
DUPLICATE_WINDOW = timedelta(minutes=2)


def _locked(comment: Comment) -> Comment:
    return Comment.objects.select_for_update(of=("self",)).select_related("project", "author").get(pk=comment.pk)


def _text(text: str, *, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Write the comment.")})
    return text


def _check_project_open(project: Project, actor: User) -> None:
    """A project the actor cannot see is forbidden; one that takes no comments is in the wrong state."""
    if not actor.has_perm("cooperation.view_project", project):
        raise PermissionDenied
    if project.is_hidden:
        raise InvalidStateError(_("The project is hidden by moderators."), state="hidden")
    if project.state not in DISCUSSION_STATES:
        raise InvalidStateError(_("This project does not take comments in its current state."), state=project.state)


@transaction.atomic
def comment_post(
    *, project: Project, author: User, text: str, parent: Comment | None = None, now: datetime | None = None
) -> Comment:
    """``author`` comments on a published, active or completed project, or replies to a comment on it.

    Threads are one level deep: a reply to a reply joins the thread of the
    top-level comment. The lead agent's members hear of a new thread; the
    author of the comment replied to (and of the thread's first comment) hear of a reply.

    A double submit keeps one comment: when the author already wrote the same
    text in the same place (project and thread) within ``DUPLICATE_WINDOW`` and
    has not deleted it, that comment is returned, with ``is_repeat`` set, and no
    one is notified again. Simultaneous submits are serialised by a row lock on
    the project, so the second one sees the first one's committed comment. A
    unique constraint cannot say "within two minutes", and an advisory lock
    would work on PostgreSQL only; comments on one project are rare enough for
    the project row to be their lock.
    """
    project = Project.objects.select_for_update(of=("self",)).select_related("lead_agent").get(pk=project.pk)
    _check_project_open(project, author)
    if not author.has_perm("discussion.add_comment", project):
        raise PermissionDenied
    replied_to = None
    if parent is not None:
        replied_to = Comment.objects.select_related("author", "parent__author").get(pk=parent.pk)
        if replied_to.project_id != project.pk:
            raise ValidationError({"parent": _("The comment you reply to is about another project.")})
        parent = replied_to.parent or replied_to
        if parent.is_hidden:
            raise ValidationError({"parent": _("You cannot reply to a comment hidden by moderators.")})
    text = _text(text)
    repeat = (
        Comment.objects.filter(
            project=project,
            author=author,
            parent=parent,
            text=text,
            is_deleted=False,
            created_at__gte=(now or timezone.now()) - DUPLICATE_WINDOW,
        )
        .order_by("-created_at", "-id")
        .first()
    )
    if repeat is not None:
        repeat.is_repeat = True
        return repeat
    comment = Comment(project=project, author=author, parent=parent, text=text)
    comment.full_clean()
    comment.save()
    comment.is_repeat = False
    context = {"project": project, "comment": comment, "url": f"{project_url(project)}#comment-{comment.pk}"}
    if parent is None:
        notify_on_commit(
            users=agent_members(project.lead_agent),
            template="discussion/email/comment_posted",
            context=context,
            exclude=author,
        )
    else:
        authors = {
            c.author_id: c.author
            for c in (parent, replied_to)
            if c is not None and c.author is not None and not c.is_deleted
        }
        notify_on_commit(
            users=list(authors.values()),
            template="discussion/email/comment_replied",
            context=context,
            exclude=author,
        )
    return comment


def _check_live(comment: Comment) -> None:
    if comment.state != CommentState.VISIBLE:
        raise InvalidStateError(state=comment.state)


@transaction.atomic
def comment_edit(*, comment: Comment, actor: User, text: str, now: datetime | None = None) -> Comment:
    """The author rewrites their comment (not once moderators hid it or they deleted it)."""
    comment = _locked(comment)
    _check_live(comment)
    _check_project_open(comment.project, actor)
    if not actor.has_perm("discussion.change_comment", comment):
        raise PermissionDenied
    text = _text(text)
    if text != comment.text:
        comment.text = text
        comment.edited_at = now or timezone.now()
        comment.full_clean()
        comment.save(update_fields=["text", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User, now: datetime | None = None) -> Comment:
    """The author deletes their comment; the thread shows "comment deleted" in its place (replies stay)."""
    comment = _locked(comment)
    _check_live(comment)
    if not actor.has_perm("discussion.delete_comment", comment):
        raise PermissionDenied
    comment.is_deleted = True
    comment.deleted_at = now or timezone.now()
    comment.save(update_fields=["is_deleted", "deleted_at"])
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, actor: User, reason: str, now: datetime | None = None) -> Comment:
    """A moderator hides an abusive comment, giving the reason; its author is told why."""
    comment = _locked(comment)
    if comment.is_hidden:
        raise InvalidStateError(_("The comment is already hidden."), state=CommentState.HIDDEN)
    if not actor.has_perm("discussion.hide_comment", comment):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding the comment.")})
    comment.is_hidden = True
    comment.hidden_by = actor
    comment.hidden_at = now or timezone.now()
    comment.hidden_reason = reason
    comment.full_clean()
    comment.save(update_fields=["is_hidden", "hidden_by", "hidden_at", "hidden_reason"])
    audit_log(actor=actor, action="comment.hidden", target=comment, project=comment.project_id, reason=reason)
    if comment.author is not None and not comment.is_deleted:
        notify_on_commit(
            users=[comment.author],
            template="discussion/email/comment_hidden",
            context={
                "project": comment.project,
                "comment": comment,
                "reason": reason,
                "url": f"{project_url(comment.project)}#comment-{comment.pk}",
            },
            exclude=actor,
        )
    return comment


@transaction.atomic
def comment_unhide(*, comment: Comment, actor: User) -> Comment:
    """A moderator shows a hidden comment again (a mistake, or the author was right)."""
    comment = _locked(comment)
    if not comment.is_hidden:
        raise InvalidStateError(_("The comment is not hidden."), state=comment.state)
    if not actor.has_perm("discussion.hide_comment", comment):
        raise PermissionDenied
    previous_reason = comment.hidden_reason
    comment.is_hidden = False
    comment.hidden_by = None
    comment.hidden_at = None
    comment.hidden_reason = ""
    comment.save(update_fields=["is_hidden", "hidden_by", "hidden_at", "hidden_reason"])
    audit_log(
        actor=actor,
        action="comment.unhidden",
        target=comment,
        project=comment.project_id,
        previous_reason=previous_reason or None,
    )
    return comment
