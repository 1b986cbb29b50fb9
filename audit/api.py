"""The audit log in the REST API: read-only, for administrators (registered by ``discussion/api/urls.py``)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from .filtersets import AuditLogFilterSet
from .models import AuditLogEntry
from .views import audit_log_entries


class AuditActorSerializer(serializers.Serializer):
    """Who acted."""

    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField(source="full_name")


class AuditLogEntrySerializer(serializers.ModelSerializer):
    """One recorded decision; ``target_type`` is ``app_label.model`` (e.g. ``discussion.comment``)."""

    actor = AuditActorSerializer(read_only=True, allow_null=True)
    target_type = serializers.SerializerMethodField()

    class Meta:
        model = AuditLogEntry
        fields = ["id", "created_at", "actor", "action", "target_type", "target_id", "target_repr", "data"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_target_type(self, entry: AuditLogEntry) -> str | None:
        if entry.target_type is None:
            return None
        return f"{entry.target_type.app_label}.{entry.target_type.model}"


class AuditLogApi(viewsets.ReadOnlyModelViewSet):
    """The audit log, newest first, filterable by actor e-mail, action prefix, object type and date (administrators)."""

    serializer_class = AuditLogEntrySerializer
    filterset_class = AuditLogFilterSet
    ordering_fields = ["created_at"]
    rules_permissions = {"list": "audit.view_auditlogentry", "retrieve": "audit.view_auditlogentry"}

    def get_queryset(self):
        return audit_log_entries()
