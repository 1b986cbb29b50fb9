"""The "My account" page shows the API token with its expiry and a revoke button; a new password revokes it."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rest_framework.authtoken.models import Token

from audit.models import AuditLogEntry
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_profile_shows_the_token_its_expiry_and_a_revoke_button(client, make_user):
    user = make_user()
    client.force_login(user)
    client.post("/accounts/profile/token/")
    token = Token.objects.get(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=31))

    page = client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert token.key in page
    assert 'action="/accounts/profile/token/revoke/"' in page and ">Revoke</button>" in page
    assert "expired" in page
    assert "A token works for 30 days after it is created" in page


def test_the_revoke_button_revokes_the_token(client, make_user):
    user = make_user()
    client.force_login(user)
    client.post("/accounts/profile/token/")
    assert AuditLogEntry.objects.filter(action="api_token.created", actor=user).count() == 1

    response = client.post("/accounts/profile/token/revoke/")

    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    assert not Token.objects.filter(user=user).exists()
    assert AuditLogEntry.objects.get(action="api_token.revoked").data == {"reason": "user"}
    assert "You have no API token." in client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_changing_the_password_revokes_the_token(client, make_user):
    user = make_user()
    client.force_login(user)
    client.post("/accounts/profile/token/")

    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )

    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert AuditLogEntry.objects.get(action="api_token.revoked").data == {"reason": "password_changed"}


def test_resetting_the_password_revokes_the_token(client, make_user, django_capture_on_commit_callbacks):
    user = make_user()
    Token.objects.create(user=user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    reset_url = re.search(r"https?://[^/\s]+(/\S+)", mail.outbox[-1].body).group(1)
    form_url = client.get(reset_url, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"})

    assert response.status_code == 302
    assert not Token.objects.filter(user=user).exists()
    assert AuditLogEntry.objects.get(action="api_token.revoked").data == {"reason": "password_reset"}


def test_a_password_set_by_an_administrator_in_the_admin_revokes_the_token(client, make_user):
    user, admin = make_user(), make_user("administrator")
    Token.objects.create(user=user)
    client.force_login(admin)

    response = client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "true", "password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert not Token.objects.filter(user=user).exists()
    entry = AuditLogEntry.objects.get(action="api_token.revoked")
    assert (entry.actor, entry.data) == (admin, {"reason": "password_changed"})


def test_a_refused_admin_password_form_keeps_the_token(client, make_user):
    user, admin = make_user(), make_user("administrator")
    Token.objects.create(user=user)
    client.force_login(admin)

    client.post(f"/admin/accounts/user/{user.pk}/password/", {"password1": "one-passphrase", "password2": "other"})

    assert Token.objects.filter(user=user).exists()
