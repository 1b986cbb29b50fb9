"""Notifications about agents and projects, sent after the transaction commits.

A notification is sent only when its templates exist
(``templates/<template>_subject.txt`` and ``_body.txt``), so a workflow step
never fails for want of a text. Each event is registered (see
:func:`register_events`, called from ``CooperationConfig.ready()``) so users
can switch it on and off, in the portal and by e-mail, in their settings.
"""

from collections.abc import Callable, Iterable
from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.translation import gettext_lazy as _

from notifications.registry import register_event
from notifications.services import notify

from .selectors import project_agent_users

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

AGENT_TEMPLATES = (
    "cooperation/email/agent_verified",
    "cooperation/email/agent_rejected",
    "cooperation/email/agent_details_requested",
    "cooperation/email/membership_requested",
    "cooperation/email/membership_decided",
)

# What each event means to the person who receives it (the labels of the settings page).
EVENT_LABELS = {
    "cooperation/email/project_submitted": _("A project was submitted for moderation"),
    "cooperation/email/project_approved": _("A project of my organisation was approved"),
    "cooperation/email/project_changes_requested": _("Moderators asked for changes to a project of my organisation"),
    "cooperation/email/project_rejected": _("A project of my organisation was rejected"),
    "cooperation/email/project_started": _("A project I take part in has started"),
    "cooperation/email/project_completed": _("A project I take part in was completed"),
    "cooperation/email/project_archived": _("A project I take part in was archived"),
    "cooperation/email/project_hidden": _("Moderators hid a project of my organisation"),
    "cooperation/email/participant_applied": _("An organisation applied to join a project I lead"),
    "cooperation/email/participant_decided": _("The lead decided on my organisation's application to a project"),
    "cooperation/email/participant_invited": _("My organisation was invited to a project"),
    "cooperation/email/participant_responded": _("An invited organisation answered my project's invitation"),
    "cooperation/email/participant_left": _("A partner left a project I lead"),
    "cooperation/email/agent_verified": _("A moderator verified my organisation"),
    "cooperation/email/agent_rejected": _("A moderator rejected my organisation"),
    "cooperation/email/agent_details_requested": _("A moderator asks for details about my organisation"),
    "cooperation/email/membership_requested": _("Someone asked to act for an organisation I administer"),
    "cooperation/email/membership_decided": _("My request to act for an organisation was decided"),
}


def register_events() -> None:
    """Register the app's events in the notifications catalogue (idempotent)."""
    for template in (*PROJECT_TEMPLATES, *AGENT_TEMPLATES):
        register_event(template, label=EVENT_LABELS[template])


#: Functions ``project -> users`` registered by other apps: who else follows a project's milestones.
_FOLLOWER_PROVIDERS: list[Callable[[Any], Iterable[Any]]] = []


def register_project_followers(provider: Callable[[Any], Iterable[Any]]) -> None:
    """Let another app add people told about a project's milestones (the experts app adds the accepted
    experts); called from its ``AppConfig.ready()``, idempotent."""
    if provider not in _FOLLOWER_PROVIDERS:
        _FOLLOWER_PROVIDERS.append(provider)


def project_followers(project: Any) -> list:
    """Who is told that a project started, was completed or archived, or published its closing report:
    the members of its participating agents (lead included), and those the other apps register."""
    users = {user.pk: user for user in project_agent_users(project)}
    for provider in _FOLLOWER_PROVIDERS:
        for user in provider(project):
            users.setdefault(user.pk, user)
    return list(users.values())


def template_exists(template: str) -> bool:
    """Both the subject and the body of ``template`` can be loaded."""
    try:
        select_template([f"{template}_subject.txt"])
        select_template([f"{template}_body.txt"])
    except TemplateDoesNotExist:
        return False
    return True


def notify_on_commit(*, users: list, template: str, context: dict[str, Any], exclude: Any = None) -> bool:
    """Notify ``users`` (but not ``exclude``, usually the actor) after commit; return whether it was scheduled.

    Delegates to :func:`notifications.services.notify`, which honours each
    recipient's settings (portal and e-mail) for the event.
    """
    if not template_exists(template):
        return False
    notify(users=users, template=template, context=context, exclude=exclude)
    return True
