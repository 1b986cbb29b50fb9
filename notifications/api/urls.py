"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""

from .views import NotificationApi, NotificationSettingApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("notifications", NotificationApi, basename="notification")
    router.register("notification-settings", NotificationSettingApi, basename="notification-setting")
