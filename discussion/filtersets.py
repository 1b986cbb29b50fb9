import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.filters import IdFilter

from .choices import ReportReason, ReportStatus, ReportTarget
from .models import Comment, Report


class CommentFilterSet(django_filters.FilterSet):
    """Comments of one project (``?project=<id>``)."""

    project = IdFilter(label=_("Project"), field_name="project_id")

    class Meta:
        model = Comment
        fields = ["project"]


class ReportFilterSet(django_filters.FilterSet):
    """Filters of the moderators' queue of reports, shared by the page and the API."""

    target = django_filters.ChoiceFilter(
        label=_("What is reported"), choices=ReportTarget.choices, method="filter_target"
    )
    reason = django_filters.ChoiceFilter(label=_("Reason"), choices=ReportReason.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=ReportStatus.choices)
    project = IdFilter(label=_("Project"), method="filter_project")

    class Meta:
        model = Report
        fields = ["target", "reason", "status", "project"]

    def filter_target(self, queryset, name, value):
        if value == ReportTarget.COMMENT:
            return queryset.filter(comment__isnull=False)
        return queryset.filter(project__isnull=False)

    def filter_project(self, queryset, name, value):
        """Reports on the project itself and on the comments about it."""
        return queryset.filter(Q(project_id=value) | Q(comment__project_id=value))
