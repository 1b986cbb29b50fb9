from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .services import api_token_revoke
from .tasks import send_email_task


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails (confirmation, password reset) through Celery after commit.

    A new password (changed, set, or reset from an e-mailed link) revokes the user's API token.
    """

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        # The per-account limit also holds against the owner: point them to the code sent by e-mail.
        "too_many_login_attempts": _(
            "Too many failed log-in attempts. Try again later, or sign in with a code sent to your e-mail."
        ),
    }

    @transaction.atomic
    def set_password(self, user, password: str) -> None:
        super().set_password(user, password)
        # Signed in: a change (or a first password); signed out: a reset from the e-mailed link.
        request = context.request
        signed_in = request is not None and request.user.is_authenticated
        api_token_revoke(user=user, actor=user, reason="password_changed" if signed_in else "password_reset")

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        msg = self.render_mail(template_prefix, email, context)
        body = msg.body
        transaction.on_commit(lambda: send_email_task.delay(subject=msg.subject, body=body, recipients=msg.to))
