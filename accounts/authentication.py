"""API token authentication with an expiry."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import AuthenticationFailed

from .selectors import api_token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's ``Authorization: Token …``, refused once ``SPIRAL_API_TOKEN_TTL_DAYS`` have passed since creation.

    A leaked token then works for a bounded time; the owner makes a new one on the "My account" page.
    """

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if api_token_is_expired(token, now=timezone.now()):
            raise AuthenticationFailed(_("The API token has expired; create a new one on the “My account” page."))
        return user, token
