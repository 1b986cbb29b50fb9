"""One permission class for the whole API: it asks django-rules, like the pages do.

A viewset declares ``rules_permissions``: a map from DRF action name to a permission name, or to one of the
markers of ``core.api_permissions``: ``PUBLIC`` (anyone; reads only) or ``SERVICE_CHECKS`` (signed in; the
service checks the permission on the object). Detail actions are checked against the object; an action
missing from the map is denied; ``None`` is a configuration error, not "public".
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.selectors import user_must_enrol_totp
from core.api_permissions import PUBLIC, SERVICE_CHECKS


class RulesPermission(BasePermission):
    """Checks ``view.rules_permissions[view.action]`` with ``user.has_perm``."""

    def _permission(self, request, view) -> tuple[bool, object]:
        mapping = getattr(view, "rules_permissions", None)
        action = getattr(view, "action", None) or request.method.lower()
        if mapping is None or action not in mapping:
            return False, None
        permission = mapping[action]
        if permission is None:
            raise ImproperlyConfigured(
                f"{type(view).__name__}.rules_permissions[{action!r}] is None: "
                "name a permission, PUBLIC or SERVICE_CHECKS (core.api_permissions)."
            )
        if permission is PUBLIC and request.method not in SAFE_METHODS:
            # A write is never public: the tests of the router forbid it, this keeps it so at run time.
            raise ImproperlyConfigured(
                f"{type(view).__name__}.rules_permissions[{action!r}] is PUBLIC for a {request.method}."
            )
        return True, permission

    def has_permission(self, request, view) -> bool:
        if user_must_enrol_totp(request.user):
            # Staff without TOTP (SPIRAL_STAFF_MFA_REQUIRED): no API call until they enrol, by session or token.
            raise PermissionDenied(
                _("Your role requires two-factor authentication: set it up on the “My account” page first."),
                code="mfa_enrolment_required",
            )
        if getattr(view, "action", "") is None:
            return True  # a method the viewset does not offer: let DRF answer 405
        known, permission = self._permission(request, view)
        if not known:
            return False
        if permission is PUBLIC:
            return True
        if permission is SERVICE_CHECKS:
            # Anonymous callers stop here, before the object is looked up or the service runs.
            return bool(request.user and request.user.is_authenticated)
        if getattr(view, "detail", False):
            return True
        return request.user.has_perm(permission)

    def has_object_permission(self, request, view, obj) -> bool:
        known, permission = self._permission(request, view)
        if not known:
            return False
        if permission is PUBLIC or permission is SERVICE_CHECKS:
            return True  # signed in already checked for SERVICE_CHECKS; the service checks the object
        return request.user.has_perm(permission, obj)
