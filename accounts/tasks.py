from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail, send_mass_mail


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=60, soft_time_limit=50)
def send_email_task(*, subject: str, body: str, recipients: list[str], from_email: str | None = None) -> int:
    """Send one plain-text e-mail; retried with back-off when the mail server is unreachable.

    ``from_email``: the sender in the recipient's language (:func:`core.site.from_email`, computed where the
    mail is rendered: the worker speaks the default language); ``DEFAULT_FROM_EMAIL`` for tasks queued without it.

    Idempotency note: a retry after a partial SMTP failure may deliver twice;
    for notifications that is preferable to losing them.
    """
    return send_mail(subject, body, from_email or settings.DEFAULT_FROM_EMAIL, recipients)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5, time_limit=5 * 60, soft_time_limit=4 * 60)
def send_email_batch_task(*, messages: list[list[str]]) -> int:
    """Send many plain-text e-mails (``[subject, body, address, sender]`` each; a sender left off is
    ``DEFAULT_FROM_EMAIL``) over one connection: one task for
    everyone told of one event (a recomputation's competence changes), not one task per user.

    A retry after a partial failure may deliver some twice (as :func:`send_email_task`).
    """
    mails = [
        (subject, body, sender[0] if sender else settings.DEFAULT_FROM_EMAIL, [address])
        for subject, body, address, *sender in messages
    ]
    return send_mass_mail(mails) if mails else 0
