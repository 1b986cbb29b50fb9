"""Reads about users: their site roles and the regions they coordinate.

Results are memoised on the user object, so a page that checks many
permissions asks the database at most once per request; the grants are also
cached per user (every signed-in page asks for them), and every save or delete
of a grant drops that entry.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from core.cache_versions import forget

from .choices import SiteRole

if TYPE_CHECKING:
    from .models import RoleGrant, User
    from .types import Viewer


def user_roles(user: Viewer | None) -> frozenset[str]:
    """The site roles of ``user``; superusers hold every role; anonymous users none."""
    if user is None or not user.is_authenticated:  # None: no request (a serializer built for the schema)
        return frozenset()
    cached: tuple[frozenset[str], frozenset[int]] | None = getattr(user, "_spiral_roles", None)
    if cached is None:
        grants = _role_grants(user)
        roles = {role for role, _ in grants}
        if user.is_superuser:
            roles |= set(SiteRole.values)
        coordinated = frozenset(
            region for role, region in grants if role == SiteRole.COORDINATOR and region is not None
        )
        cached = (frozenset(roles), coordinated)
        user._spiral_roles = cached
    return cached[0]


#: How long a user's role grants are kept in the cache; every save or delete of a grant drops them sooner.
ROLES_CACHE_TIMEOUT = 3600


def _roles_key(user_id: int) -> str:
    return f"user-role-grants:{user_id}"


def _role_grants(user: User) -> list[tuple[str, int | None]]:
    """``(role, region id)`` of every grant of ``user``: one cache read on most requests (every signed-in page
    asks: the staff's two-factor check, the navbar's menus, the permissions)."""
    key = _roles_key(user.pk)
    grants = cache.get(key)
    if grants is None:
        grants = list(user.role_grants.order_by().values_list("role", "region_id"))
        cache.set(key, grants, timeout=ROLES_CACHE_TIMEOUT)
    return grants


def forget_cached_role_grants(sender=None, instance: RoleGrant | None = None, raw: bool = False, **kwargs) -> None:
    """A role grant was saved or deleted: drop its user's cached grants, now and once the transaction commits
    (a request that read the old grants meanwhile must not keep them)."""
    if raw or instance is None:
        return
    key = _roles_key(instance.user_id)
    forget(key)


def user_coordinated_region_ids(user: Viewer | None) -> frozenset[int]:
    """Ids of the regions ``user`` is the regional coordinator of."""
    if user is None or not user.is_authenticated or not user_roles(user):
        return frozenset()
    return user._spiral_roles[1]  # set by user_roles() above


def forget_cached_roles(user: User) -> None:
    """Drop the memoised roles after a grant or revocation."""
    for name in ("_spiral_roles", "_spiral_agent_roles", "_spiral_must_enrol_totp"):
        if hasattr(user, name):
            delattr(user, name)


def user_is_staff(user: Viewer | None) -> bool:
    """The user holds a staff role (administrator, moderator, analyst, coordinator) or reaches the admin site."""
    return bool(user is not None and user.is_authenticated and (user.is_staff or user_roles(user)))


def user_must_enrol_totp(user: Viewer | None) -> bool:
    """A staff user without TOTP, while ``SPIRAL_STAFF_MFA_REQUIRED`` holds: no staff page or API call for them.

    Memoised on the user object like the roles (the middleware and the API permission both ask).
    """
    if not settings.SPIRAL_STAFF_MFA_REQUIRED or user is None or not user.is_authenticated or not user_is_staff(user):
        return False
    cached = getattr(user, "_spiral_must_enrol_totp", None)
    if cached is None:
        cached = not user_has_totp(user)
        user._spiral_must_enrol_totp = cached
    return cached


#: How long a user's TOTP state is kept in the cache; every write of their authenticators drops it sooner.
TOTP_CACHE_TIMEOUT = 3600


def _totp_key(user_id: int) -> str:
    return f"user-has-totp:{user_id}"


def user_has_totp(user: User) -> bool:
    """Whether ``user`` has enrolled a TOTP authenticator: one cache read on most requests of a staff user.

    Cached per user; :func:`forget_cached_totp` (connected to every save and delete of an authenticator in
    ``AccountsConfig.ready``) drops the entry.
    """
    key = _totp_key(user.pk)
    cached = cache.get(key)
    if cached is None:
        cached = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        cache.set(key, cached, timeout=TOTP_CACHE_TIMEOUT)
    return bool(cached)


def forget_cached_totp(sender=None, instance: Authenticator | None = None, raw: bool = False, **kwargs) -> None:
    """An authenticator was saved or deleted: drop its user's cached TOTP state, now and once the transaction
    commits (a request that read the old state meanwhile must not keep it)."""
    if raw or instance is None:
        return
    key = _totp_key(instance.user_id)
    forget(key)


def api_token_expires_at(token: Token) -> datetime:
    """When ``token`` stops working: ``SPIRAL_API_TOKEN_TTL_DAYS`` after it was created."""
    return token.created + timedelta(days=settings.SPIRAL_API_TOKEN_TTL_DAYS)


def api_token_is_expired(token: Token, *, now: datetime) -> bool:
    """Whether ``token`` no longer authenticates at ``now``."""
    return now >= api_token_expires_at(token)
