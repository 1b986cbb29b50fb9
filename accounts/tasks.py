from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50)
def send_email_task(*, subject: str, body: str, recipients: list[str]) -> int:
    """Send one plain-text e-mail; retried with back-off when the mail server is unreachable.

    Idempotency note: a retry after a partial SMTP failure may deliver twice;
    for notifications that is preferable to losing them.
    """
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
