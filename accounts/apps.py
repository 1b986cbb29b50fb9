from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, site-wide roles and how they are granted."""

    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from . import checks  # noqa: F401 - registers the deployment checks
