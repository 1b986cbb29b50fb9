"""Predicates about a user's site roles (see ``accounts/rules.py`` for the rules built from them)."""

import rules

from .choices import SiteRole
from .selectors import user_roles


@rules.predicate
def is_moderator(user) -> bool:
    """The user verifies agents and curates projects."""
    return SiteRole.MODERATOR in user_roles(user)


@rules.predicate
def is_coordinator(user) -> bool:
    """The user coordinates cooperation for at least one region."""
    return SiteRole.COORDINATOR in user_roles(user)


@rules.predicate
def is_analyst(user) -> bool:
    """The user manages the statistical data bank."""
    return SiteRole.ANALYST in user_roles(user)


@rules.predicate
def is_administrator(user) -> bool:
    """The user administers the portal (role granted, or Django superuser)."""
    return SiteRole.ADMINISTRATOR in user_roles(user)


@rules.predicate
def is_same_user(user, other) -> bool:
    """The user acts on their own account (``other`` is a user)."""
    return other is not None and getattr(user, "pk", None) is not None and user.pk == other.pk
