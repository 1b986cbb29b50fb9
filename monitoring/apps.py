from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    """Monitoring and evaluation of projects: expected effects, indicators, dated values, closing reports."""

    name = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from cooperation.checklist import register_submission_check
        from notifications.registry import register_event

        from .checklist import effects_with_indicators

        register_submission_check(effects_with_indicators)

        register_event(
            "monitoring/email/closing_report_published",
            label=_("The closing report of a project I take part in was published"),
        )
