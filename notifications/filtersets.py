import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Notification


class NotificationFilterSet(django_filters.FilterSet):
    """Filters of the notification list: ``?unread=true`` keeps the unread ones."""

    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label=_("Unread only (true) or read only (false)")
    )

    class Meta:
        model = Notification
        fields = ["unread", "event"]
