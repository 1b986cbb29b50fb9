"""The administrators' page of the audit log."""

from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from .filtersets import AuditLogFilterSet
from .models import AuditLogEntry


def audit_log_entries():
    """The whole log, newest first, with the actor and the object type joined (a page is three queries)."""
    return AuditLogEntry.objects.select_related("actor", "target_type").order_by("-created_at", "-id")


class AuditLogView(PermissionRequiredMixin, FilterView):
    """Every recorded decision, newest first, filterable by actor, action, object type and date (administrators)."""

    permission_required = "audit.view_auditlogentry"
    raise_exception = True
    filterset_class = AuditLogFilterSet
    template_name = "audit/log.html"
    paginate_by = 50
    context_object_name = "entries"

    def get_queryset(self):
        # The objects are fetched to link each to its page: one query per kind of object on the page,
        # bounded by the models, never by the rows (the API lists ids and does without).
        return audit_log_entries().prefetch_related("target")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return context
