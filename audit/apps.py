from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log: who did what to which object, and when."""

    name = "audit"
    verbose_name = _("Audit log")
