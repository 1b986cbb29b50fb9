from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: shared template tags and form rendering, no models."""

    name = "portal"
    verbose_name = "Spiral"

    def ready(self) -> None:
        from . import home_cache

        home_cache.connect()
