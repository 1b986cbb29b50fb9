from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-portal notifications and each user's choice of what to receive by e-mail."""

    name = "notifications"
    verbose_name = _("Notifications")
