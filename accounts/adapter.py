from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from .tasks import send_email_task


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails (confirmation, password reset) through Celery after commit."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        msg = self.render_mail(template_prefix, email, context)
        body = msg.body
        transaction.on_commit(lambda: send_email_task.delay(subject=msg.subject, body=body, recipients=msg.to))
