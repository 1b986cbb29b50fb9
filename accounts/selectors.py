"""Reads about users: their site roles and the regions they coordinate.

Results are memoised on the user object, so a page that checks many
permissions asks the database once per request.
"""

from typing import Any

from .choices import SiteRole


def user_roles(user: Any) -> frozenset[str]:
    """The site roles of ``user``; superusers hold every role; anonymous users none."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_spiral_roles", None)
    if cached is None:
        grants = list(user.role_grants.values_list("role", "region_id"))
        roles = {role for role, _ in grants}
        if user.is_superuser:
            roles |= set(SiteRole.values)
        cached = (frozenset(roles), frozenset(region for role, region in grants if role == SiteRole.COORDINATOR))
        user._spiral_roles = cached
    return cached[0]


def user_coordinated_region_ids(user: Any) -> frozenset[int]:
    """Ids of the regions ``user`` is the regional coordinator of."""
    if not user_roles(user):
        return frozenset()
    return user._spiral_roles[1]


def forget_cached_roles(user: Any) -> None:
    """Drop the memoised roles after a grant or revocation."""
    for name in ("_spiral_roles", "_spiral_agent_roles"):
        if hasattr(user, name):
            delattr(user, name)
