from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Smart-specialisation analytics: classifiers, the data bank and competence maps."""

    name = "analytics"
    verbose_name = _("Analytics")
