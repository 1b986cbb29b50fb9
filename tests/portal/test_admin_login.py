"""The Django admin logs in only through allauth, so two-factor authentication and the rate limits hold for it."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.choices import SiteRole
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_with_totp(make_user):
    user = make_user(SiteRole.ADMINISTRATOR)
    TOTP.activate(user, generate_totp_secret())
    return user


def test_the_admin_password_form_does_not_log_in_a_user_with_totp(client, superuser_with_totp):
    # when the administrator's password alone is posted to the admin's own log-in form
    client.post("/admin/login/?next=/admin/", {"username": superuser_with_totp.email, "password": PASSWORD})

    # then nobody is logged in: the admin and the audit log still ask to log in through allauth
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/audit/").status_code == 403
    assert "_auth_user_id" not in client.session


def test_the_admin_log_in_page_sends_to_allauth_and_back(client):
    response = client.get("/admin/login/?next=/admin/accounts/rolegrant/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Faccounts%2Frolegrant%2F"


def test_the_admin_log_in_asks_for_the_totp_code_after_the_password(client, superuser_with_totp):
    response = client.post("/accounts/login/?next=/admin/", {"login": superuser_with_totp.email, "password": PASSWORD})

    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302


def test_wrong_passwords_on_the_admin_log_in_count_towards_the_rate_limit(client, make_user):
    user = make_user(SiteRole.ADMINISTRATOR)
    for _ in range(5):  # ACCOUNT_RATE_LIMITS: 5 failures per account in 5 minutes, wherever they are posted
        client.post("/admin/login/", {"username": user.email, "password": "wrong"})
        client.post("/accounts/login/", {"login": user.email, "password": "wrong"})

    # the admin's form logs nobody in; allauth's refuses even the right password while the limit holds
    client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "Too many failed log-in attempts" in response.content.decode()
