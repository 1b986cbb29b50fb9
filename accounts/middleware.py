"""Staff must set up two-factor authentication before they use what their role opens."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import user_must_enrol_totp


class StaffMfaEnrolmentMiddleware:
    """Sends a staff user without TOTP to allauth's activation page (``SPIRAL_STAFF_MFA_REQUIRED``).

    A staff password alone opens the audit log, role grants and the data bank, so it is not enough: until the
    user has enrolled, every page answers with a redirect to the enrolment, except the pages needed to enrol
    (allauth's 2FA pages, re-authentication), to leave (log-out), static files and the language switch.
    The API is guarded by ``portal.api_permissions.RulesPermission``, which also sees token-authenticated users
    (this middleware runs before DRF authenticates a token).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_prefixes: tuple[str, ...] | None = None

    def open_prefixes(self) -> tuple[str, ...]:
        if self._open_prefixes is None:
            from django.conf import settings

            self._open_prefixes = (
                reverse("mfa_index"),  # /accounts/2fa/: activation, recovery codes, 2FA re-authentication
                reverse("account_reauthenticate"),
                reverse("account_logout"),
                reverse("set_language"),
                reverse("healthz"),
                "/favicon.ico",
                "/" + settings.STATIC_URL.lstrip("/"),
                "/api/",
            )
        return self._open_prefixes

    def __call__(self, request):
        if request.path_info.startswith(self.open_prefixes()) or not user_must_enrol_totp(request.user):
            return self.get_response(request)
        messages.warning(
            request,
            _(
                "Your role opens staff pages, so your account needs two-factor authentication. "
                "Set up an authenticator app to continue."
            ),
        )
        return redirect("mfa_activate_totp")
