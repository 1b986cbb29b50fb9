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
        _watch_project_page()

        register_event(
            "monitoring/email/closing_report_published",
            label=_("The closing report of a project I take part in was published"),
        )


def _effect_project(row) -> int | None:
    from .models import Effect

    return Effect.objects.filter(pk=row.effect_id).values_list("project_id", flat=True).first()


def _indicator_project(row) -> int | None:
    from .models import Indicator

    return Indicator.objects.filter(pk=row.indicator_id).values_list("effect__project_id", flat=True).first()


def _watch_project_page() -> None:
    """The project page's monitoring panel: effects, indicators, values and the closing report replace their
    project's page version (an indicator's or a value's project is one query away; when a cascade already took
    it, the effect's own deletion replaced the version)."""
    from cooperation import page_cache

    page_cache.watch_project_rows("monitoring.Effect")
    page_cache.watch_project_rows("monitoring.Indicator", _effect_project)
    page_cache.watch_project_rows("monitoring.IndicatorValue", _indicator_project)
    page_cache.watch_project_rows("monitoring.ClosingReport")
