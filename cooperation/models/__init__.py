from .agents import Agent
from .attachments import Attachment
from .fit import ProjectFit
from .memberships import AgentMembership
from .projects import Milestone, Objective, Project, ProjectGoal, ProjectParticipant, ProjectTransition

__all__ = [
    "Agent",
    "AgentMembership",
    "Attachment",
    "Milestone",
    "Objective",
    "Project",
    "ProjectGoal",
    "ProjectFit",
    "ProjectParticipant",
    "ProjectTransition",
]
