"""Who may comment, report and moderate — declared once, used by pages and API alike.

The table in ``tests/discussion/rules/discussion_permissions.csv`` is the
specification (role × project state × action); ``test_discussion_permissions.py``
checks these rules against it.
"""

import rules

from accounts.predicates import is_administrator, is_moderator

from .predicates import (
    can_view_comment_project,
    can_view_project,
    is_comment_author,
    is_deleted_comment,
    is_discussable_project,
    is_hidden_comment,
    is_in_discussable_project,
    is_in_reportable_project,
    is_reportable_project,
)

is_staff_role = is_moderator | is_administrator
is_live_comment = ~is_hidden_comment & ~is_deleted_comment

# The object is a project.
rules.add_perm("discussion.add_comment", rules.is_authenticated & is_discussable_project & can_view_project)
# A user may report any public project they see, their own agent's included (a duplicate is a per-field error).
rules.add_perm("discussion.report_project", rules.is_authenticated & is_reportable_project & can_view_project)

# The object is a comment.
rules.add_perm("discussion.view_comment", can_view_comment_project)
# One may reply to a thread whose first comment was deleted by its author, not to one moderators hid.
rules.add_perm(
    "discussion.reply_comment",
    rules.is_authenticated & ~is_hidden_comment & is_in_discussable_project & can_view_comment_project,
)
# Editing stops when the discussion closes (archived or hidden project); one may still delete one's words.
rules.add_perm(
    "discussion.change_comment",
    is_comment_author & is_live_comment & is_in_discussable_project & can_view_comment_project,
)
rules.add_perm("discussion.delete_comment", is_comment_author & is_live_comment & can_view_comment_project)
rules.add_perm(
    "discussion.report_comment",
    rules.is_authenticated & ~is_comment_author & is_live_comment & is_in_reportable_project & can_view_comment_project,
)
rules.add_perm("discussion.hide_comment", is_staff_role & can_view_comment_project)

# Site-wide: the moderators' queue of reports.
rules.add_perm("discussion.moderate_reports", is_staff_role)
