import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from core.filters import SearchTextFilter

from .models import AuditLogEntry


def target_type_choices() -> list[tuple[str, str]]:
    """``("app_label.model", "Verbose name")`` for every kind of object the log mentions (one query)."""
    used = AuditLogEntry.objects.order_by().values("target_type").distinct()
    choices = []
    for content_type in ContentType.objects.filter(pk__in=used).order_by("app_label", "model"):
        model = content_type.model_class()
        label = str(model._meta.verbose_name) if model else content_type.model
        choices.append((f"{content_type.app_label}.{content_type.model}", label[:1].upper() + label[1:]))
    return choices


@extend_schema_field({"type": "string", "example": "cooperation.project"})
class TargetTypeFilter(django_filters.ChoiceFilter):
    """An object type as ``app_label.model``; the choices are the types the log mentions (read when used)."""


class AuditLogFilterSet(django_filters.FilterSet):
    """Filters of the audit log, shared by the administrators' page and the API."""

    actor = SearchTextFilter(label=_("Actor's e-mail"), field_name="actor__email", lookup_expr="icontains")
    action = django_filters.CharFilter(
        label=_("Action"),
        field_name="action",
        lookup_expr="startswith",
        help_text=_("The beginning of the action's name, e.g. “project.” or “comment.hidden”."),
    )
    target_type = TargetTypeFilter(label=_("Object type"), choices=target_type_choices, method="filter_target_type")
    since = django_filters.DateFilter(
        label=_("From date"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("To date"),
        field_name="created_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = AuditLogEntry
        fields = ["actor", "action", "target_type", "since", "until"]

    def filter_target_type(self, queryset, name, value):
        app_label, _dot, model = value.partition(".")
        return queryset.filter(target_type__app_label=app_label, target_type__model=model)
