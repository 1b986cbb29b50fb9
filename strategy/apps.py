from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    """Declared strategy priorities against revealed competences, and entrepreneurial discovery sessions."""

    name = "strategy"
    verbose_name = _("Strategy and results")

    def ready(self) -> None:
        from notifications.registry import register_event

        register_event(
            "strategy/email/session_opened",
            label=_("An entrepreneurial discovery session opened in my organisation's region"),
        )
        register_event(
            "strategy/email/session_adopted",
            label=_("A discovery session I rated in adopted its priorities"),
        )
