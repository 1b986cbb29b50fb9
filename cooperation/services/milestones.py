"""Writes for a project's timeline: the lead's members add, edit, complete and remove milestones.

A milestone falls within the project's dates when they are set. Archived and
rejected projects keep their timeline as it is (``InvalidStateError``).
"""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.choices import ProjectState
from cooperation.models import Milestone, Project
from core.exceptions import InvalidStateError

CLOSED_STATES = (ProjectState.ARCHIVED, ProjectState.REJECTED)
EDITABLE_FIELDS = frozenset({"title", "title_en", "due_on"})


def _check_dates(project: Project, due_on: date | None) -> None:
    if due_on is None:
        return
    if project.starts_on and due_on < project.starts_on:
        raise ValidationError(
            {
                "due_on": _("A milestone cannot be due before the project starts (%(date)s).")
                % {"date": date_format(project.starts_on)}
            }
        )
    if project.ends_on and due_on > project.ends_on:
        raise ValidationError(
            {
                "due_on": _("A milestone cannot be due after the project ends (%(date)s).")
                % {"date": date_format(project.ends_on)}
            }
        )


def _locked(milestone: Milestone) -> Milestone:
    return Milestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)


def _check(milestone: Milestone, *, actor: User, permission: str) -> None:
    if milestone.project.state in CLOSED_STATES:
        raise InvalidStateError(state=milestone.project.state)
    if not actor.has_perm(permission, milestone):
        raise PermissionDenied


@transaction.atomic
def milestone_add(*, project: Project, actor: User, title: str, due_on: date, title_en: str = "") -> Milestone:
    """A member of the lead agent adds a dated step to the project's timeline, titled in Russian, English or both."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state in CLOSED_STATES:
        raise InvalidStateError(state=project.state)
    if not actor.has_perm("cooperation.add_milestone", project):
        raise PermissionDenied
    milestone = Milestone(
        project=project, title=(title or "").strip(), title_en=(title_en or "").strip(), due_on=due_on
    )
    milestone.full_clean()
    _check_dates(project, due_on)
    milestone.save()
    audit_log(actor=actor, action="milestone.added", target=milestone, project=project.pk, due_on=str(due_on))
    return milestone


@transaction.atomic
def milestone_update(*, milestone: Milestone, actor: User, **fields: Any) -> Milestone:
    """A member of the lead agent renames a milestone or moves its date; only the given fields change."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"milestone_update() got unexpected fields: {', '.join(sorted(unknown))}")
    milestone = _locked(milestone)
    _check(milestone, actor=actor, permission="cooperation.change_milestone")
    changed = []
    for name, value in fields.items():
        value = value.strip() if isinstance(value, str) else value
        if getattr(milestone, name) != value:
            setattr(milestone, name, value)
            changed.append(name)
    milestone.full_clean()
    if "due_on" in changed:
        _check_dates(milestone.project, milestone.due_on)
    if changed:
        milestone.save(update_fields=changed)
        audit_log(
            actor=actor, action="milestone.updated", target=milestone, project=milestone.project_id, fields=changed
        )
    return milestone


@transaction.atomic
def milestone_complete(*, milestone: Milestone, actor: User, done: bool = True, today: date | None = None) -> Milestone:
    """A member of the lead agent marks a milestone done today (or, with ``done=False``, not done after all)."""
    milestone = _locked(milestone)
    _check(milestone, actor=actor, permission="cooperation.change_milestone")
    if done and milestone.done_on is not None:
        raise InvalidStateError(_("This milestone is already done."), state="done")
    if not done and milestone.done_on is None:
        raise InvalidStateError(_("This milestone is not done yet."), state="open")
    milestone.done_on = (today or timezone.localdate()) if done else None
    milestone.save(update_fields=["done_on"])
    audit_log(
        actor=actor,
        action="milestone.completed" if done else "milestone.reopened",
        target=milestone,
        project=milestone.project_id,
        done_on=str(milestone.done_on) if done else None,
    )
    return milestone


@transaction.atomic
def milestone_remove(*, milestone: Milestone, actor: User) -> None:
    """A member of the lead agent removes a milestone from the timeline."""
    milestone = _locked(milestone)
    _check(milestone, actor=actor, permission="cooperation.delete_milestone")
    audit_log(
        actor=actor,
        action="milestone.removed",
        target=milestone,
        project=milestone.project_id,
        title=milestone.title,
        title_en=milestone.title_en,
        due_on=str(milestone.due_on),
    )
    milestone.delete()
