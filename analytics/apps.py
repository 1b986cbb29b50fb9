from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Smart-specialisation analytics: classifiers, the data bank and competence maps."""

    name = "analytics"
    verbose_name = _("Analytics")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .selectors import forget_current_snapshot

        for signal in (post_save, post_delete):
            signal.connect(
                forget_current_snapshot, sender="analytics.Snapshot", dispatch_uid="analytics.current_snapshot"
            )
