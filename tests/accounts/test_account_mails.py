"""allauth's e-mails (sign-up confirmation, password reset) name the site and link to its configured address.

There is no ``django.contrib.sites``: the sign-up mail read "Вас приветствует !" and "на сайте ." with
the subject "[Spiral]" while the portal's other mails said "[Спираль]", and its link took whatever
host the request used.
"""

import re
from email.header import decode_header, make_header
from email.utils import parseaddr

import pytest
from django.core import mail

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

SITE = "https://spiral.example.org"
NAMES = {"ru": "Спираль", "en": "Spiral"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_sign_up_mail_names_the_site_and_links_to_its_address(client, language, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
            HTTP_ACCEPT_LANGUAGE=language,
            HTTP_HOST="localhost",
        )

    message = mail.outbox[-1]
    name = NAMES[language]
    assert message.subject.startswith(f"[{name}] ")
    assert message.body.count(name) >= 2  # the greeting and the thanks
    assert not re.search(r"\s[!.,]", message.body)  # no empty name before punctuation ("Вас приветствует !")
    assert links(message.body) and all(link.startswith(f"{SITE}/") for link in links(message.body))
    assert any(link.startswith(f"{SITE}/accounts/confirm-email/") for link in links(message.body))


def test_the_password_reset_mail_links_to_the_configured_address(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(language="ru")

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email}, HTTP_HOST="localhost")

    message = mail.outbox[-1]
    assert message.subject.startswith("[Спираль] ")
    assert any(link.startswith(f"{SITE}/accounts/password/reset/key/") for link in links(message.body))
    assert all(link.startswith(f"{SITE}/") for link in links(message.body))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_sign_up_mail_names_the_portal_not_its_host(client, language, django_capture_on_commit_callbacks):
    # It read «…учетной записи на сайте 127.0.0.1:8194.» under the subject «Пожалуйста, подтвердите Ваш адрес…».
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
            HTTP_ACCEPT_LANGUAGE=language,
        )

    message = mail.outbox[-1]
    assert "spiral.example.org." not in message.body
    assert f"“{NAMES[language]}”." in message.body or f"«{NAMES[language]}»." in message.body
    if language == "ru":
        assert "учётной записи на портале «Спираль»." in message.body
        assert "учетн" not in message.body + message.subject
        assert not re.search(r"[а-я,] Ваш", message.subject + message.body)


def sender_name(message) -> str:
    return str(make_header(decode_header(parseaddr(message.message()["From"])[0])))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_the_sender_is_named_in_the_recipients_language(client, language, settings, django_capture_on_commit_callbacks):
    # Every mail came from "Spiral <noreply@…>", the Russian ones too.
    settings.DEFAULT_FROM_EMAIL = "Spiral <noreply@spiral.example.org>"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
            HTTP_ACCEPT_LANGUAGE=language,
        )

    message = mail.outbox[-1]
    assert sender_name(message) == NAMES[language]
    assert parseaddr(message.from_email)[1] == "noreply@spiral.example.org"
    assert message.message()["From"].isascii()  # the name is an encoded word, not raw UTF-8 in the header
