from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The project package as an app: shared template tags and form rendering, no models."""

    name = "portal"
    verbose_name = "Spiral"

    def ready(self) -> None:
        from django.db.models import IntegerField

        from . import home_cache
        from .lookups import IntegerFieldIn

        home_cache.connect()
        IntegerField.register_lookup(IntegerFieldIn)
