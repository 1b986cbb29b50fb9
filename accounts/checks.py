"""Deployment checks of the account security settings (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_staff_mfa_required(app_configs, **kwargs):
    """Staff must enrol in TOTP on a deployed portal: a staff password alone opens the audit log and grants."""
    if getattr(settings, "SPIRAL_STAFF_MFA_REQUIRED", False):
        return []
    return [
        Warning(
            "SPIRAL_STAFF_MFA_REQUIRED is off: staff reach their pages with a password alone.",
            hint="Set SPIRAL_STAFF_MFA_REQUIRED = True (portal.settings.production does).",
            id="accounts.W001",
        )
    ]
