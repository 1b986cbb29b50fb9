"""The 2FA code fields open the numeric keypad on phones and offer the code the phone received."""

import re

from tests.accounts.factories import PASSWORD
from tests.accounts.totp import totp_code


def code_input(html: str) -> str:
    match = re.search(r'<input[^>]*name="code"[^>]*>', html)
    assert match, "no code field on the page"
    return match.group(0)


def assert_numeric_one_time_code(html: str) -> None:
    tag = code_input(html)
    assert 'inputmode="numeric"' in tag
    assert 'autocomplete="one-time-code"' in tag


def test_enrolment_and_log_in_code_fields_ask_for_digits(client, make_user):
    user = make_user()
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    response = client.get("/accounts/2fa/totp/activate/")
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302

    page = client.get("/accounts/2fa/totp/activate/")
    assert_numeric_one_time_code(page.content.decode())
    secret = page.context["form"].secret
    assert client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)}).status_code == 302
    client.logout()

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert_numeric_one_time_code(client.get("/accounts/2fa/authenticate/").content.decode())
