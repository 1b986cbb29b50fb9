from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, site-wide roles and how they are granted."""

    name = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from allauth.mfa.models import Authenticator
        from django.db.models.signals import post_delete, post_save

        from . import checks  # noqa: F401 - registers the deployment checks
        from .models import RoleGrant
        from .selectors import forget_cached_role_grants, forget_cached_totp

        post_save.connect(forget_cached_totp, sender=Authenticator, dispatch_uid="accounts:forget-totp:save")
        post_delete.connect(forget_cached_totp, sender=Authenticator, dispatch_uid="accounts:forget-totp:delete")
        post_save.connect(forget_cached_role_grants, sender=RoleGrant, dispatch_uid="accounts:forget-roles:save")
        post_delete.connect(forget_cached_role_grants, sender=RoleGrant, dispatch_uid="accounts:forget-roles:delete")
