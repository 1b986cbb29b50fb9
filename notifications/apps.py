from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-portal notifications and each user's choice of what to receive by e-mail."""

    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import Notification
        from .selectors import forget_unread_count_of_notification

        receiver = forget_unread_count_of_notification
        post_save.connect(receiver, sender=Notification, dispatch_uid="notifications:forget-unread:save")
        post_delete.connect(receiver, sender=Notification, dispatch_uid="notifications:forget-unread:delete")
