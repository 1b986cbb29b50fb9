"""Log-in rate limits slow a password-guessing run without locking out the account's owner or other visitors."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches gunicorn from it


def _log_in(client, email, password, client_ip):
    # nginx appends the address it saw to X-Forwarded-For; the request comes from the proxy itself
    return client.post(
        "/accounts/login/",
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{client_ip}",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_behind_the_proxy_one_visitors_failures_do_not_refuse_another_visitor(client, make_user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # production's default (tests/portal/test_settings.py)
    user = make_user()

    # given 11 failed log-ins from one address with unknown e-mails (more than the 10 per minute per IP)
    for n in range(11):
        _log_in(client, f"nobody{n}@example.org", "wrong", client_ip="203.0.113.7")

    # then the attacker's address is refused, but the owner, from their own address, gets in
    assert "Too many failed" in _log_in(client, "x@example.org", "x", client_ip="203.0.113.7").content.decode()
    response = _log_in(client, user.email, PASSWORD, client_ip="198.51.100.20")
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_a_spoofed_forwarded_for_does_not_escape_the_limit(client, make_user, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # the attacker sends its own X-Forwarded-For; the proxy appends the real address, which is what counts
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"nobody{n}@example.org", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.7",
        )

    response = _log_in(client, "x@example.org", "x", client_ip="203.0.113.7")

    assert "Too many failed" in response.content.decode()


def _code_from(message) -> str:
    return re.search(r"^\s*([A-Z0-9-]{6,})\s*$", message.body, re.MULTILINE).group(1)


def test_after_five_wrong_passwords_the_owner_still_gets_in_with_a_code_by_e_mail(
    client, make_user, django_capture_on_commit_callbacks
):
    user = make_user()
    for _ in range(5):
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})
    refused = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert "or sign in with a code sent to your e-mail" in refused.content.decode()

    # when the owner asks for a log-in code and types it in
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": user.email})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [user.email]
    response = client.post(response["Location"], {"code": _code_from(mail.outbox[-1])})

    # then they are in
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_a_log_in_code_does_not_skip_totp(client, make_user, django_capture_on_commit_callbacks):
    user = make_user()
    TOTP.activate(user, generate_totp_secret())

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/login/code/", {"email": user.email})
    response = client.post(response["Location"], {"code": _code_from(mail.outbox[-1])})

    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/accounts/profile/").status_code == 302
