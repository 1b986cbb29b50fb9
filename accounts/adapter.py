from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.site import absolute_links, from_email, site_name, site_url

from .services import api_token_revoke
from .tasks import send_email_task
from .views import remember_language


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
    portal's name and links on its configured address (``settings.SITE_URL``).

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

    def save_user(self, request, user, form, commit=True):
        """A new account keeps the language its owner signed up in (their e-mails, the interface)."""
        language = translation.get_language() or ""
        if language[:2] in dict(settings.LANGUAGES):
            user.language = language[:2]
        return super().save_user(request, user, form, commit=commit)

    def post_login(self, request, user, **kwargs):
        """Once signed in, the interface speaks the language the user chose on the profile or the switch.

        Every account starts at the portal's default language (Russian), and a stored default cannot be told
        from a choice: an account at the default keeps the language the visitor is browsing in, and only an
        account that chose another language is switched to it wherever it signs in."""
        response = super().post_login(request, user, **kwargs)
        if user.language in dict(settings.LANGUAGES) and user.language != settings.LANGUAGE_CODE[:2]:
            translation.activate(user.language)
            remember_language(response, user.language)
        return response

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
        sender = from_email()  # «Спираль <…>» in the language the mail was rendered in
        transaction.on_commit(
            lambda: send_email_task.delay(subject=msg.subject, body=body, recipients=msg.to, from_email=sender)
        )
