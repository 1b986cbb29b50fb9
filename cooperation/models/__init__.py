from .agents import Agent
from .attachments import Attachment
from .memberships import AgentMembership
from .projects import Milestone, Objective, Project, ProjectParticipant, ProjectTransition

__all__ = [
    "Agent",
    "AgentMembership",
    "Attachment",
    "Milestone",
    "Objective",
    "Project",
    "ProjectParticipant",
    "ProjectTransition",
]
