"""Predicates about priority sets and discovery sessions, composed into permissions in ``rules.py``."""

import rules

from accounts.selectors import user_coordinated_region_ids
from cooperation.models import Agent
from cooperation.selectors import user_agent_roles

from .choices import PriorityOrigin, SessionState


def _region_id(obj) -> int | None:
    """The region of a region, a priority set or a session."""
    if obj is None:
        return None
    return getattr(obj, "region_id", None) or getattr(obj, "pk", None)


@rules.predicate
def coordinates_region(user, obj) -> bool:
    """The user is regional coordinator of the object's region (``obj``: a region, a set or a session)."""
    region_id = _region_id(obj)
    return region_id is not None and region_id in user_coordinated_region_ids(user)


@rules.predicate
def is_manual_set(user, priority_set) -> bool:
    """The set was entered or imported (not adopted from a discovery session)."""
    return priority_set is not None and priority_set.origin == PriorityOrigin.MANUAL


@rules.predicate
def is_open_session(user, session) -> bool:
    """The session takes ratings."""
    return session is not None and session.state == SessionState.OPEN


@rules.predicate
def is_closed_session(user, session) -> bool:
    """The session is closed and its outcome not yet adopted."""
    return session is not None and session.state == SessionState.CLOSED


@rules.predicate
def represents_region_agent(user, session) -> bool:
    """The user represents a verified organisation of the session's region (any helix)."""
    agent_ids = list(user_agent_roles(user))
    if session is None or not agent_ids:
        return False
    return Agent.objects.filter(pk__in=agent_ids, is_verified=True, region_id=session.region_id).exists()
