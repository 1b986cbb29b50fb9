from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    """Expert profiles and the invitation of experts to projects (evidence of cooperation level 2)."""

    name = "experts"
    verbose_name = _("Experts")
