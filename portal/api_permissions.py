"""One permission class for the whole API: it asks django-rules, like the pages do.

A viewset declares ``rules_permissions``: a map from DRF action name to a
permission name (``None`` means public). Detail actions are checked against
the object; an action missing from the map is denied.
"""

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from accounts.selectors import user_must_enrol_totp


class RulesPermission(BasePermission):
    """Checks ``view.rules_permissions[view.action]`` with ``user.has_perm``."""

    def _permission(self, view) -> tuple[bool, str | None]:
        mapping = getattr(view, "rules_permissions", None)
        action = getattr(view, "action", None) or view.request.method.lower()
        if mapping is None or action not in mapping:
            return False, None
        return True, mapping[action]

    def has_permission(self, request, view) -> bool:
        if user_must_enrol_totp(request.user):
            # Staff without TOTP (SPIRAL_STAFF_MFA_REQUIRED): no API call until they enrol, by session or token.
            raise PermissionDenied(
                _("Your role requires two-factor authentication: set it up on the “My account” page first."),
                code="mfa_enrolment_required",
            )
        if getattr(view, "action", "") is None:
            return True  # a method the viewset does not offer: let DRF answer 405
        known, permission = self._permission(view)
        if not known:
            return False
        if permission is None or getattr(view, "detail", False):
            return True
        return request.user.has_perm(permission)

    def has_object_permission(self, request, view, obj) -> bool:
        known, permission = self._permission(view)
        if not known:
            return False
        return permission is None or request.user.has_perm(permission, obj)
