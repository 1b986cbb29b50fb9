from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from portal.site import absolute_links, site_name, site_url

from .tasks import send_email_task


class MailSite:
    """What allauth's mail templates read as ``current_site`` (there is no ``django.contrib.sites``):
    the portal's name in the active language and the host of its configured address."""

    def __init__(self) -> None:
        self.name = site_name()
        self.domain = urlsplit(site_url()).netloc  # "spiral.example.org", as allauth's sentences expect

    def __str__(self) -> str:
        return self.name


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's e-mails (confirmation, password reset) through Celery after commit, with the
    portal's name and links on its configured address (``settings.SITE_URL``)."""

    def format_email_subject(self, subject: str) -> str:
        """ "[Спираль] …" or "[Spiral] …", like the portal's other mails (allauth's prefix is not translated)."""
        return f"[{site_name()}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth builds its links (activate_url, password_reset_url…) from the request's host: move them
        # onto SITE_URL like every other mail's.
        context = {
            **absolute_links(context),
            "current_site": MailSite(),
            "site_name": site_name(),
            "site_url": site_url(),
        }
        msg = self.render_mail(template_prefix, email, context)
        body = msg.body
        transaction.on_commit(lambda: send_email_task.delay(subject=msg.subject, body=body, recipients=msg.to))
