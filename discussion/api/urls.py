"""The app's viewsets, registered on the portal's router (see ``portal/api.py``).

The audit log's read-only viewset lives in ``audit/api.py`` and is registered here too,
because the audit app has no ``api/urls.py`` of its own in the router's list.
"""

from audit.api import AuditLogApi

from .views import CommentApi, ReportApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("comments", CommentApi, basename="comment")
    router.register("reports", ReportApi, basename="report")
    router.register("audit-log", AuditLogApi, basename="audit-log")
