"""Writes for a project's goals at the three horizons (seed 000's principle of goal orientation).

The lead's members state and remove goals while the project is open (not archived or rejected): a goal may
be adjusted while the project runs (the principle of flexibility), and each change is audited.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.models import User
from audit.services import audit_log
from cooperation.choices import ProjectState
from cooperation.models import Project, ProjectGoal
from core.exceptions import InvalidStateError

CLOSED_STATES = (ProjectState.ARCHIVED, ProjectState.REJECTED)


@transaction.atomic
def project_goal_add(
    *, project: Project, actor: User, horizon: str, text_ru: str = "", text_en: str = ""
) -> ProjectGoal:
    """A member of the lead agent states a goal of the project at one horizon."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state in CLOSED_STATES:
        raise InvalidStateError(state=project.state)
    if not actor.has_perm("cooperation.change_goals_project", project):
        raise PermissionDenied
    goal = ProjectGoal(
        project=project, horizon=horizon, text_ru=(text_ru or "").strip(), text_en=(text_en or "").strip()
    )
    goal.full_clean()
    goal.save()
    audit_log(actor=actor, action="project_goal.added", target=project, horizon=horizon, goal=goal.text)
    return goal


@transaction.atomic
def project_goal_remove(*, goal: ProjectGoal, actor: User) -> None:
    """A member of the lead agent removes one of the project's goals."""
    goal = ProjectGoal.objects.select_for_update().select_related("project").get(pk=goal.pk)
    if goal.project.state in CLOSED_STATES:
        raise InvalidStateError(state=goal.project.state)
    if not actor.has_perm("cooperation.change_goals_project", goal.project):
        raise PermissionDenied
    audit_log(actor=actor, action="project_goal.removed", target=goal.project, horizon=goal.horizon, goal=goal.text)
    goal.delete()
