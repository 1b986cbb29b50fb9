"""Sign-up, confirmation, log-in, rate limiting, password reset and TOTP, through the real allauth views."""

import re
import time

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from accounts.models import User
from tests.accounts.factories import PASSWORD
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_sign_up_confirm_and_log_in(client, django_capture_on_commit_callbacks):
    # when a visitor signs up
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == 302
    user = User.objects.get(email="new@example.org")

    # then they are not logged in before confirming, and a confirmation e-mail is sent
    assert client.get("/accounts/profile/").status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]

    # when they open the link and confirm
    confirm_url = _link(mail.outbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)

    # then the address is verified and they are logged in
    assert response.status_code == 302
    assert user.emailaddress_set.get().verified
    assert client.get("/accounts/profile/").status_code == 200


def test_an_unconfirmed_account_cannot_log_in(client, make_user, django_capture_on_commit_callbacks):
    make_user(email="late@example.org", confirmed=False)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/", {"login": "late@example.org", "password": PASSWORD})

    assert client.get("/accounts/profile/").status_code == 302
    assert mail.outbox and mail.outbox[-1].to == ["late@example.org"]


def test_sign_up_rejects_bad_input_per_field(client, make_user):
    make_user(email="taken@example.org")

    response = client.post(
        "/accounts/signup/",
        {"email": "taken@example.org", "password1": "123", "password2": "456"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    # a taken address is not revealed (allauth's anti-enumeration); weak passwords are explained
    assert "This password is too short. It must contain at least 8 characters." in errors["password1"]
    assert User.objects.filter(email="taken@example.org").count() == 1


def test_repeated_failed_log_ins_are_rate_limited(client, make_user):
    user = make_user()
    for _ in range(5):  # ACCOUNT_RATE_LIMITS: 5 failures per account in 5 minutes
        failed = client.post("/accounts/login/", {"login": user.email, "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en")
        assert "The email address and/or password you specified are not correct." in failed.content.decode()

    # even the right password is refused while the limit holds
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    # the message points the owner to a log-in code by e-mail (tests/accounts/test_login_rate_limits.py)
    assert (
        "Too many failed log-in attempts. Try again later, or sign in with a code sent to your e-mail."
        in response.content.decode()
    )
    assert client.get("/accounts/profile/").status_code == 302


def test_password_reset_sends_a_link_that_sets_a_new_password(client, make_user, django_capture_on_commit_callbacks):
    user = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    reset_url = _link(mail.outbox[-1])
    form_url = (
        client.get(reset_url, follow=True).redirect_chain[-1][0]
        if client.get(reset_url).status_code == 302
        else reset_url
    )
    response = client.post(form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")


def test_totp_enrolment_then_log_in_asks_for_the_code(client, make_user):
    user = make_user()
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302

    # enrolment is a sensitive change: allauth first asks for the password again
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302

    # enrol: the page shows the secret; confirm it with a current code
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    client.logout()

    # log in: the password alone is not enough
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/accounts/profile/").status_code == 302

    # a wrong code is refused, the right one lets them in
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret, at=time.time() + 30)})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_switching_language_is_remembered_for_e_mails(client, make_user):
    user = make_user()
    client.force_login(user)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/regions/"})

    assert response.status_code == 302 and response["Location"] == "/regions/"
    user.refresh_from_db()
    assert user.language == "en"
    assert 'lang="en"' in client.get("/regions/").content.decode()
