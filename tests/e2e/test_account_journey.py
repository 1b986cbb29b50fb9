"""The account journey in a real browser: sign up, confirm the e-mail, turn on TOTP, log in with it.

The browser speaks English (``Accept-Language: en-US``), so the pages use the English source strings
while the Russian catalogue is being written. Fields are found by their labels, which also checks
that the forms are labelled for screen readers.
"""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from tests.accounts.factories import PASSWORD

from .helpers import fresh_totp, link_path, open_menu, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "violet-lantern-orbit-42"


def navigation(page: Page):
    return page.get_by_role("navigation", name="Main navigation")


def label(text: str) -> re.Pattern:
    """A field label as Django renders it (``Email:``), without depending on the colon."""
    return re.compile(rf"^{re.escape(text)}:?$")


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(password)
    page.get_by_role("button", name="Sign In").click()


def open_account_menu(page: Page, name: str) -> None:
    """Open the signed-in user's menu (its button shows their short name) from the keyboard."""
    open_menu(page, navigation(page), name)


def expect_logged_in(page: Page, email: str) -> None:
    nav = navigation(page)
    expect(nav.get_by_role("link", name="Log in")).to_have_count(0)
    open_account_menu(page, email)  # the short name of a user without a full name
    expect(nav.get_by_role("link", name="My organisations")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    page.keyboard.press("Escape")


def test_sign_up_confirm_activate_totp_and_log_in_with_it(page: Page, live_server):
    email = "ada@example.org"
    password = "quartz-meadow-sprocket-17"

    # Sign up.
    page.goto("/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label(label("Email")).fill(email)
    page.get_by_label(label("Password")).fill(password)
    page.get_by_label(label("Password (again)")).fill(password)
    page.get_by_role("button", name="Sign Up").click()
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify Your Email Address")
    # Mandatory confirmation: not logged in yet.
    expect(navigation(page).get_by_role("link", name="Log in")).to_be_visible()

    # The confirmation e-mail, sent through the Celery task on commit.
    message = wait_for_mail(email, "Please Confirm Your Email Address")
    assert message.subject.startswith("[Spiral] ")
    confirm_path = link_path(message.body, "/accounts/confirm-email/")

    # Opening the link only shows a page with a button (ACCOUNT_CONFIRM_EMAIL_ON_GET is off).
    page.goto(confirm_path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Email Address")
    expect(page.locator("main")).to_contain_text(email)
    page.get_by_role("button", name="Confirm").click()

    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: logged in straight away.
    expect(page).to_have_url(live_server.url + "/")
    expect_logged_in(page, email)
    user = User.objects.get(email=email)
    assert user.emailaddress_set.get(email=email).verified

    # Two-factor authentication with an authenticator app. Logging in by the confirmation link is not
    # a password authentication, so allauth first asks for the password again ("Confirm Access").
    page.goto("/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm Access")
    page.get_by_label(label("Password")).fill(password)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate Authenticator App")
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret), secret
    page.get_by_label(label("Authenticator code")).fill(fresh_totp(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "Authenticator app activated."
    )
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    # Log out.
    open_account_menu(page, email)
    navigation(page).get_by_role("button", name="Log out").click()
    expect(navigation(page).get_by_role("link", name="Log in")).to_be_visible()
    expect(navigation(page).get_by_role("link", name="My organisations")).to_have_count(0)

    # Log in again: the password alone is not enough any more.
    log_in(page, email, password)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-Factor Authentication")
    expect(navigation(page).get_by_role("link", name="My organisations")).to_have_count(0)
    code_field = page.get_by_label(label("Code"))
    code = fresh_totp(secret)
    code_field.fill(f"{(int(code) + 1) % 10**6:06d}")  # a wrong code is refused, next to the field
    page.get_by_role("button", name="Sign In").click()
    expect(code_field).to_have_attribute("aria-invalid", "true")
    expect(code_field).to_have_accessible_description("Incorrect code.")
    code_field.fill(fresh_totp(secret))
    page.get_by_role("button", name="Sign In").click()

    expect(page).to_have_url(live_server.url + "/")
    expect_logged_in(page, email)


def test_wrong_password_shows_an_error(page: Page, make_user):
    user = make_user()
    log_in(page, user.email, "not-the-password")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert").first).to_contain_text(
        "The email address and/or password you specified are not correct."
    )
    expect(navigation(page).get_by_role("link", name="Log in")).to_be_visible()
    # The e-mail typed is kept, the password is not.
    expect(page.get_by_label(label("Email"))).to_have_value(user.email)
    expect(page.get_by_label(label("Password"))).to_have_value("")


def test_login_error_is_shown_and_announced_once(page: Page, make_user):
    user = make_user()
    log_in(page, user.email, "not-the-password")

    alerts = page.get_by_role("alert")
    expect(alerts.first).to_contain_text("not correct")
    assert alerts.count() == 1, alerts.all_inner_texts()


def test_signup_errors_are_tied_to_their_fields(page: Page):
    page.goto("/accounts/signup/")
    page.get_by_label(label("Email")).fill("not-an-email")
    page.get_by_label(label("Password")).fill("abc")
    page.get_by_label(label("Password (again)")).fill("abc")
    page.get_by_role("button", name="Sign Up").click()

    email = page.get_by_label(label("Email"))
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("Enter a valid email address.")
    password = page.get_by_label(label("Password"))
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile(r"This password is too short\."))
    assert not User.objects.exists()
    assert mail.outbox == []


def test_password_reset_sends_a_link_that_sets_a_new_password(page: Page, live_server, make_user):
    user = make_user(full_name="Grace Hopper")

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/$"))
    page.get_by_label(label("Email")).fill(user.email)
    page.get_by_role("button", name="Reset My Password").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/$"))

    message = wait_for_mail(user.email, "Password Reset")
    assert message.subject.startswith("[Spiral] ")
    assert len(mail.outbox) == 1

    page.goto(link_path(message.body, "/accounts/password/reset/key/"))
    page.get_by_label(label("New Password")).fill(NEW_PASSWORD)
    page.get_by_label(label("New Password (again)")).fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change Password")
    expect(page.locator("main")).to_contain_text("Your password is now changed.")

    log_in(page, user.email, PASSWORD)
    expect(page.get_by_role("alert").first).to_contain_text("not correct")
    log_in(page, user.email, NEW_PASSWORD)
    expect(page).to_have_url(live_server.url + "/")
    expect(navigation(page).get_by_role("button", name="Grace", exact=True)).to_be_visible()
