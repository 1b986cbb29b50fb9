"""Predicates about the monitoring of a project, composed into permissions in ``rules.py``.

Project predicates come from ``cooperation.predicates``; the ones here either
add a state or lift a project predicate onto a monitoring row (an effect, an
indicator, a value or a closing report), so that the API can check a row
against the rules of its project.
"""

from typing import Any

import rules

from cooperation.choices import ProjectState
from cooperation.models import Project

from .models import ClosingReport

# States in which the lead may declare effects and indicators: while drafting, and until the project ends.
PLANNING_STATES = (ProjectState.DRAFT, ProjectState.CHANGES_REQUESTED, ProjectState.PUBLISHED, ProjectState.ACTIVE)
# States in which actual values are recorded.
RECORDING_STATES = (ProjectState.ACTIVE,)
# States in which the closing report is written.
REPORTING_STATES = (ProjectState.COMPLETED,)
# States in which moderators may link an indicator to a series of the data bank (the lead: PLANNING_STATES):
# while they review it too, and until the closing report is written; not once rejected or archived.
STAFF_LINKING_STATES = (*PLANNING_STATES, ProjectState.SUBMITTED, ProjectState.COMPLETED)
LINKING_STATES = STAFF_LINKING_STATES


def project_of(obj: Any) -> Project | None:
    """The project a monitoring row (or a project itself) belongs to."""
    if obj is None or isinstance(obj, Project):
        return obj
    for path in ("project", "effect", "indicator"):
        if hasattr(obj, f"{path}_id"):
            return project_of(getattr(obj, path))
    return None


def via_project(predicate: rules.Predicate, name: str) -> rules.Predicate:
    """``predicate`` (about a project) asked about the project of a monitoring row."""

    def lifted(user, obj) -> bool:
        project = project_of(obj)
        return project is not None and predicate.test(user, project)

    lifted.__doc__ = f"{predicate.name}, asked about the row's project."
    return rules.Predicate(lifted, name=name)


@rules.predicate
def is_planning_project(user, project) -> bool:
    """The project is drafted, in changes, published or active: its effects and indicators may change."""
    return project is not None and project.state in PLANNING_STATES


@rules.predicate
def is_staff_linking_project(user, project) -> bool:
    """The project is neither rejected nor archived: moderators may link its indicators to the data bank."""
    return project is not None and project.state in STAFF_LINKING_STATES


@rules.predicate
def is_recording_project(user, project) -> bool:
    """The project is active: actual values are recorded."""
    return project is not None and project.state in RECORDING_STATES


@rules.predicate
def is_reporting_project(user, project) -> bool:
    """The project is completed (not archived): its closing report is written."""
    return project is not None and project.state in REPORTING_STATES


@rules.predicate
def has_closing_report(user, project) -> bool:
    """The project already has a closing report (draft or published)."""
    return project is not None and ClosingReport.objects.filter(project=project).exists()


@rules.predicate
def is_published_report(user, report) -> bool:
    """The closing report is published."""
    return report is not None and report.is_published
