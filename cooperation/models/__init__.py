from .agents import Agent
from .attachments import Attachment
from .fit import ProjectFit
from .memberships import AgentMembership
from .projects import Milestone, Objective, Project, ProjectParticipant, ProjectTransition

__all__ = [
    "Agent",
    "AgentMembership",
    "Attachment",
    "Milestone",
    "Objective",
    "Project",
    "ProjectFit",
    "ProjectParticipant",
    "ProjectTransition",
]
