"""Template tags of the discussion app; ``discussion_project_panel`` is the app's section of the project page."""

from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from discussion.choices import CommentState
from discussion.forms import CommentForm
from discussion.models import DISCUSSION_STATES, project_url
from discussion.selectors import open_report_count, open_reports_on_project, project_threads

register = template.Library()


@register.filter
def author_name(user) -> str:
    """How a comment's author is shown: their name, never their e-mail address."""
    if user is None:
        return _("A former user")
    return user.full_name or _("A portal user")


def _annotate(comment, user, *, is_moderator: bool, reported: set[int], is_top: bool) -> None:
    """Attach what ``user`` sees of the comment and what they may do with it."""
    state = comment.state
    own = comment.author_id is not None and comment.author_id == getattr(user, "pk", None)
    comment.show_text = state == CommentState.VISIBLE or is_moderator or (state == CommentState.HIDDEN and own)
    comment.show_reason = comment.is_hidden and (is_moderator or own)
    comment.can = {
        "reply": is_top and user.has_perm("discussion.reply_comment", comment),
        "change": user.has_perm("discussion.change_comment", comment),
        "delete": user.has_perm("discussion.delete_comment", comment),
        "report": comment.pk not in reported and user.has_perm("discussion.report_comment", comment),
        "reported": comment.pk in reported,
        "hide": is_moderator and not comment.is_hidden and user.has_perm("discussion.hide_comment", comment),
        "unhide": is_moderator and comment.is_hidden and user.has_perm("discussion.hide_comment", comment),
    }


@register.simple_tag(takes_context=True)
def discussion_project_panel(context, project) -> str:
    """The discussion section of the project page: threads, forms and moderation controls the viewer may use.

    A constant number of queries whatever the number of comments.
    """
    request = context.get("request")
    user = request.user
    if not user.has_perm("cooperation.view_project", project):
        return ""
    threads = project_threads(project)
    is_moderator = user.has_perm("discussion.moderate_reports")
    reported_comments, project_reported = open_reports_on_project(user, project)
    count = 0
    for thread in threads:
        _annotate(thread, user, is_moderator=is_moderator, reported=reported_comments, is_top=True)
        count += 1
        for reply in thread.thread_replies:
            _annotate(reply, user, is_moderator=is_moderator, reported=reported_comments, is_top=False)
            count += 1
    return render_to_string(
        "discussion/includes/project_panel.html",
        {
            "project": project,
            "threads": threads,
            "comment_count": count,
            "is_moderator": is_moderator,
            "is_open": project.state in DISCUSSION_STATES and not project.is_hidden,
            "can_comment": user.has_perm("discussion.add_comment", project),
            "can_report_project": not project_reported and user.has_perm("discussion.report_project", project),
            "project_reported": project_reported,
            "form": CommentForm(auto_id="new-comment-%s"),
            "next": f"{project_url(project)}#discussion",
        },
        request=request,
    )


@register.simple_tag
def discussion_open_report_count() -> int:
    """How many reports await a moderator (the navbar badge)."""
    return open_report_count()
