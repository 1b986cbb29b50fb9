from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """Agents of the quadruple helix, their members, and joint projects."""

    name = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self) -> None:
        from .notifications import register_events

        register_events()
