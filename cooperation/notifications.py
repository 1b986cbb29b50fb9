"""E-mail notifications about projects, sent after the transaction commits.

A notification is sent only when its templates exist
(``templates/<template>_subject.txt`` and ``_body.txt``), so a workflow step
never fails for want of a text; the pages session adds the templates listed in
``PROJECT_TEMPLATES``.
"""

from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import select_template

from accounts.services import email_users_on_commit

PROJECT_TEMPLATES = (
    "cooperation/email/project_submitted",
    "cooperation/email/project_approved",
    "cooperation/email/project_changes_requested",
    "cooperation/email/project_rejected",
    "cooperation/email/project_started",
    "cooperation/email/project_completed",
    "cooperation/email/project_archived",
    "cooperation/email/project_hidden",
    "cooperation/email/participant_applied",
    "cooperation/email/participant_decided",
    "cooperation/email/participant_invited",
    "cooperation/email/participant_responded",
    "cooperation/email/participant_left",
)


def template_exists(template: str) -> bool:
    """Both the subject and the body of ``template`` can be loaded."""
    try:
        select_template([f"{template}_subject.txt"])
        select_template([f"{template}_body.txt"])
    except TemplateDoesNotExist:
        return False
    return True


def notify_on_commit(*, users: list, template: str, context: dict[str, Any], exclude: Any = None) -> bool:
    """E-mail ``users`` (but not ``exclude``, usually the actor) after commit; return whether it was scheduled."""
    if not template_exists(template):
        return False
    excluded = getattr(exclude, "pk", None)
    recipients = [user for user in users if user.pk != excluded]
    if recipients:
        email_users_on_commit(users=recipients, template=template, context=context)
    return True
