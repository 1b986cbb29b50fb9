"""allauth's two-factor code forms with the input hints phones need.

allauth marks its code fields ``autocomplete="one-time-code"`` but not ``inputmode="numeric"``, so phones open the
letter keyboard for a six-digit code. TOTP codes and allauth's recovery codes are digits only
(``MFA_RECOVERY_CODE_DIGITS``), so the numeric keypad suits every one of these fields.
Wired in through ``MFA_FORMS`` in the settings.
"""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm

CODE_INPUT_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code"}


class _NumericCodeMixin:
    """Adds the numeric-keypad and one-time-code hints to the form's ``code`` field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(CODE_INPUT_ATTRS)


class NumericAuthenticateForm(_NumericCodeMixin, AuthenticateForm):
    """The code asked after the password at log-in."""


class NumericReauthenticateForm(_NumericCodeMixin, ReauthenticateForm):
    """The code asked again before a sensitive change."""


class NumericActivateTOTPForm(_NumericCodeMixin, ActivateTOTPForm):
    """The first code, which confirms the authenticator app at enrolment."""
