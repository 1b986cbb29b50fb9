"""The two markers an API action may carry instead of a permission name (``rules_permissions``).

They live in the kernel because every app's viewsets name them; the class that reads them is
``portal.api_permissions.RulesPermission``.  ``None`` is not a marker: it used to mean both "public" and
"the service checks", so a service that forgot its ``has_perm`` silently exposed a write.
"""

import enum


class Access(enum.Enum):
    """What an action needs when no permission name is checked before the view runs."""

    #: Anyone, signed in or not; for reads only (the queryset shows what the caller may see).
    PUBLIC = "public"
    #: A signed-in caller; the service then checks the permission on the object (state first, so 409 before 403).
    SERVICE_CHECKS = "service_checks"


PUBLIC = Access.PUBLIC
SERVICE_CHECKS = Access.SERVICE_CHECKS

#: The usual map of a public read-only viewset.
PUBLIC_READ = {"list": PUBLIC, "retrieve": PUBLIC}
