from .agents import Agent
from .memberships import AgentMembership
from .projects import Milestone, Objective, Project, ProjectParticipant, ProjectTransition

__all__ = ["Agent", "AgentMembership", "Milestone", "Objective", "Project", "ProjectParticipant", "ProjectTransition"]
