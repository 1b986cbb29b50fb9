from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation of projects: expected effects, indicators, dated values, closing reports."""

    name = "monitoring"
    verbose_name = _("Monitoring")
