"""Reads for the project pages: participations, attachments, milestones and the user's projects.

Kept apart from ``selectors.py`` (which the workflow and API code share) so the
pages could be written alongside them; every read filters by what the user may see.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from accounts.types import Viewer

from .choices import AgentRole, GoalHorizon, ParticipantStatus, ProjectState
from .models import Agent, Attachment, Milestone, Project, ProjectGoal, ProjectParticipant
from .models.projects import ACTIVE_PARTICIPATION, OPEN_STATES
from .selectors import agent_administrators, project_list, projects_visible_to, user_agent_roles


def _administered_agent_ids(user: Viewer | None) -> list[int]:
    return [pk for pk, role in user_agent_roles(user).items() if role == AgentRole.ADMINISTRATOR]


def attachments_visible_to(user: Viewer | None) -> QuerySet[Attachment]:
    """Attachments of the projects ``user`` may see, newest first."""
    return (
        Attachment.objects.filter(project__in=projects_visible_to(user))
        .select_related("project", "project__lead_agent", "uploaded_by")
        .order_by("-created_at", "-id")
    )


def project_goals_visible_to(user: Viewer | None) -> QuerySet[ProjectGoal]:
    """Goals of the projects ``user`` may see, by project and horizon."""
    return ProjectGoal.objects.filter(project__in=projects_visible_to(user)).order_by("project", "horizon", "id")


def project_goals_by_horizon(project: Project) -> list[tuple[str, str, list[ProjectGoal]]]:
    """``(horizon, label, goals)`` for the three horizons in order, for the project page."""
    goals = list(project.goals.order_by("id"))
    return [
        (value, str(label), [goal for goal in goals if goal.horizon == value]) for value, label in GoalHorizon.choices
    ]


def milestones_visible_to(user: Viewer | None) -> QuerySet[Milestone]:
    """Milestones of the projects ``user`` may see, in the order of the timeline."""
    return (
        Milestone.objects.filter(project__in=projects_visible_to(user))
        .select_related("project", "project__lead_agent")
        .order_by("project", "due_on", "id")
    )


@dataclass(frozen=True)
class TimelineEntry:
    """A milestone with its state on a given day: ``done``, ``overdue`` or ``upcoming``."""

    milestone: Milestone
    status: str


def project_timeline(project: Project, *, today: date) -> list[TimelineEntry]:
    """The project's milestones in date order, each marked done, overdue (due before ``today``) or upcoming."""
    entries = []
    # ``all()`` uses the selector's prefetch when there is one
    for milestone in sorted(project.milestones.all(), key=lambda m: (m.due_on, m.pk)):
        if milestone.done_on is not None:
            status = "done"
        elif milestone.due_on < today:
            status = "overdue"
        else:
            status = "upcoming"
        entries.append(TimelineEntry(milestone=milestone, status=status))
    return entries


def project_attachments(project: Project) -> QuerySet[Attachment]:
    """The attachments of one project (already visible to the reader), newest first."""
    return project.attachments.select_related("uploaded_by").order_by("-created_at", "-id")


def project_open_requests(project: Project) -> QuerySet[ProjectParticipant]:
    """Applications and invitations of ``project`` that await an answer, oldest first."""
    return (
        project.participants.filter(status__in=[ParticipantStatus.APPLIED, ParticipantStatus.INVITED])
        .select_related("agent", "agent__region", "created_by")
        .order_by("created_at", "id")
    )


def agents_to_invite(project: Project) -> QuerySet[Agent]:
    """Verified agents that neither lead nor take part in (or applied to, or were invited to) ``project``."""
    busy = ProjectParticipant.objects.filter(project=project, status__in=ACTIVE_PARTICIPATION).values("agent_id")
    return (
        Agent.objects.filter(is_verified=True)
        .exclude(pk__in=busy)
        .exclude(pk=project.lead_agent_id)
        .select_related("region")
        .order_by("name", "id")
    )


def user_projects(user: Viewer | None) -> QuerySet[Project]:
    """Projects led by, or joined by, the agents ``user`` acts for (every state the user may see)."""
    agent_ids = list(user_agent_roles(user))
    if not agent_ids:
        return Project.objects.none()
    partnered = ProjectParticipant.objects.filter(agent_id__in=agent_ids, status=ParticipantStatus.ACCEPTED).values(
        "project_id"
    )
    return project_list(user).filter(Q(lead_agent_id__in=agent_ids) | Q(pk__in=partnered))


def user_projects_by_state(user: Viewer | None) -> list[tuple[str, str, list[Project]]]:
    """``(state, label, projects)`` for each state in which the user's agents have projects, in workflow order."""
    projects: dict[str, list[Project]] = {}
    for project in user_projects(user):
        projects.setdefault(project.state, []).append(project)
    return [(value, str(label), projects[value]) for value, label in ProjectState.choices if value in projects]


def applications_to_decide(user: Viewer | None) -> QuerySet[ProjectParticipant]:
    """Applications to open projects ``user`` runs (led by an agent they administer, or proposed by them while they
    act for its lead), oldest first."""
    proposed = Q(
        project__created_by_id=getattr(user, "pk", None), project__lead_agent_id__in=list(user_agent_roles(user))
    )
    return (
        ProjectParticipant.objects.filter(
            Q(project__lead_agent_id__in=_administered_agent_ids(user)) | proposed,
            status=ParticipantStatus.APPLIED,
            project__state__in=OPEN_STATES,
        )
        .select_related("project", "project__lead_agent", "agent", "agent__region")
        .order_by("created_at", "id")
    )


def invitations_to_answer(user: Viewer | None) -> QuerySet[ProjectParticipant]:
    """Invitations of agents ``user`` administers to open projects, oldest first."""
    return (
        ProjectParticipant.objects.filter(
            status=ParticipantStatus.INVITED,
            agent_id__in=_administered_agent_ids(user),
            project__state__in=OPEN_STATES,
        )
        .select_related("project", "project__lead_agent", "agent")
        .order_by("created_at", "id")
    )


def own_applications(user: Viewer | None) -> QuerySet[ProjectParticipant]:
    """Applications of the user's agents still awaiting the lead's decision."""
    return (
        ProjectParticipant.objects.filter(
            status=ParticipantStatus.APPLIED,
            agent_id__in=list(user_agent_roles(user)),
            project__state__in=OPEN_STATES,
        )
        .select_related("project", "agent")
        .order_by("created_at", "id")
    )


def project_runners(project: Project) -> list:
    """Who runs ``project`` for its lead: the lead's administrators and its proposer while they act for the lead."""
    users = agent_administrators(project.lead_agent)
    proposer = project.created_by
    if proposer is not None and proposer not in users and project.lead_agent_id in user_agent_roles(proposer):
        users.append(proposer)
    return users
