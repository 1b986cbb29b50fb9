"""The "My account" page lets the user give their first and last name and their language (issue #12: "the profile
has no name or language"); the language is the one of their e-mails and of the interface once they sign in."""

import pytest
from django.conf import settings

from accounts.models import User
from audit.models import AuditLogEntry
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_profile_offers_the_name_and_the_language(client, make_user):
    user = make_user(full_name="Анна Петрова")
    client.force_login(user)

    page = client.get("/accounts/profile/").content.decode()

    assert 'name="first_name"' in page and 'value="Анна"' in page
    assert 'name="last_name"' in page and 'value="Петрова"' in page
    assert 'name="language"' in page and '<option value="en"' in page
    assert "Имя" in page and "Фамилия" in page and "Язык" in page


def test_saving_the_profile_changes_the_name_and_the_language(client, make_user):
    user = make_user(full_name="", language="ru")
    client.force_login(user)

    response = client.post("/accounts/profile/", {"first_name": " Anna ", "last_name": "Petrova", "language": "en"})

    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    user = User.objects.get(pk=user.pk)
    assert (user.first_name, user.last_name, user.full_name, user.language) == ("Anna", "Petrova", "Anna Petrova", "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    entry = AuditLogEntry.objects.get(action="user.profile_updated")
    assert entry.actor == user and entry.data["fields"] == ["first_name", "last_name", "language"]
    # the page after the redirect speaks the chosen language and names the user
    page = client.get("/accounts/profile/").content.decode()
    assert '<html lang="en">' in page and "Your profile is saved." in page and 'value="Petrova"' in page


def test_a_language_outside_the_portal_is_refused(client, make_user):
    user = make_user(language="ru")
    client.force_login(user)

    response = client.post("/accounts/profile/", {"first_name": "Анна", "last_name": "", "language": "de"})

    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    assert User.objects.get(pk=user.pk).language == "ru"


def test_signing_in_switches_the_interface_to_the_users_language(client, make_user):
    user = make_user(language="en")

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get("/accounts/profile/").content.decode()


def test_an_account_at_the_default_language_keeps_the_language_it_browses_in(client, make_user):
    user = make_user()  # Russian, the default: not a choice that should override the visitor's English

    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302 and settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert '<html lang="en">' in client.get("/accounts/profile/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_signing_up_keeps_the_language_of_the_pages(client):
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "a-long-passphrase-1", "password2": "a-long-passphrase-1"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert User.objects.get(email="new@example.org").language == "en"
