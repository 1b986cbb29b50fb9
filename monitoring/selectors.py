"""Reads of the monitoring of projects, filtered by what the user may see, with no N+1 queries."""

from django.db.models import F, Prefetch, Q, QuerySet

from accounts.predicates import is_administrator, is_moderator
from accounts.types import Viewer
from cooperation.choices import ParticipantStatus
from cooperation.models import Project, ProjectParticipant
from cooperation.selectors import projects_visible_to, user_agent_roles

from .models import ClosingReport, Effect, Indicator, IndicatorValue


def _values() -> Prefetch:
    return Prefetch("values", queryset=IndicatorValue.objects.order_by("date", "id"))


def project_effects(project: Project) -> list[Effect]:
    """The project's effects with their indicators and dated values (oldest first): three queries."""
    indicators = Indicator.objects.order_by("id").prefetch_related(_values())
    return list(
        Effect.objects.filter(project=project)
        .order_by("id")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )


def project_closing_report(project: Project) -> ClosingReport | None:
    """The project's closing report, draft or published, or ``None``."""
    return ClosingReport.objects.select_related("author").filter(project=project).first()


def effects_visible_to(user: Viewer | None) -> QuerySet[Effect]:
    """Effects of the projects ``user`` may see."""
    return Effect.objects.filter(project__in=projects_visible_to(user)).select_related("project")


def indicators_visible_to(user: Viewer | None) -> QuerySet[Indicator]:
    """Indicators of the projects ``user`` may see, with their values (for the latest one and the progress)."""
    return (
        Indicator.objects.filter(effect__project__in=projects_visible_to(user))
        .select_related("effect")
        .prefetch_related(_values())
    )


def indicator_values_visible_to(user: Viewer | None) -> QuerySet[IndicatorValue]:
    """Recorded values of the projects ``user`` may see."""
    return IndicatorValue.objects.filter(indicator__effect__project__in=projects_visible_to(user)).select_related(
        "indicator__effect", "recorded_by"
    )


def closing_reports_visible_to(user: Viewer | None) -> QuerySet[ClosingReport]:
    """Closing reports ``user`` may read (the same answer as ``monitoring.view_closingreport``).

    Published reports of the projects ``user`` may see, and the drafts of the
    projects their agents lead; staff see all.
    """
    queryset = ClosingReport.objects.all()
    if is_moderator(user) or is_administrator(user):
        return queryset
    visible = Q(is_published=True, project__in=projects_visible_to(user))
    agent_ids = list(user_agent_roles(user))
    if agent_ids:
        visible |= Q(project__lead_agent_id__in=agent_ids)
    return queryset.filter(visible)


def _with_project_details(queryset: QuerySet[ClosingReport]) -> QuerySet[ClosingReport]:
    participants = Prefetch(
        "project__participants",
        queryset=ProjectParticipant.objects.filter(status=ParticipantStatus.ACCEPTED).select_related(
            "agent", "agent__region"
        ),
        to_attr="accepted_participants",
    )
    return queryset.select_related("project", "project__lead_agent", "author").prefetch_related(
        participants, Prefetch("project__effects", queryset=Effect.objects.order_by("id"))
    )


def closing_report_list(user: Viewer | None) -> QuerySet[ClosingReport]:
    """Closing reports ``user`` may read, newest first, ready for filtering: a constant number of queries."""
    return _with_project_details(closing_reports_visible_to(user)).order_by(
        F("published_at").desc(nulls_last=True), "-updated_at", "-id"
    )


def lessons_library(user: Viewer | None) -> QuerySet[ClosingReport]:
    """The library of lessons learned: published reports of projects ``user`` may see, newest first."""
    return closing_report_list(user).filter(is_published=True)
