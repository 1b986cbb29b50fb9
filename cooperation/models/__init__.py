from .agents import Agent
from .memberships import AgentMembership

__all__ = ["Agent", "AgentMembership"]
