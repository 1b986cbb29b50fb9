"""Helpers for the browser tests: reading the e-mail outbox, computing TOTP codes, the pickers and the menus."""

import re
import time

from django.core import mail

from tests.accounts.totp import totp_code as totp

TOTP_STEP = 30


def fresh_totp(secret: str, margin: float = 4.0) -> str:
    """The current code, first waiting for the next time step if this one ends within ``margin`` seconds.

    Belt and braces: allauth also accepts the neighbouring step (MFA_TOTP_TOLERANCE = 1).
    """
    remaining = TOTP_STEP - time.time() % TOTP_STEP
    if remaining < margin:
        time.sleep(remaining + 0.2)
    return totp(secret)


def wait_for_mail(to: str, subject_contains: str = "", timeout: float = 5.0) -> mail.EmailMessage:
    """The newest e-mail to ``to`` whose subject contains ``subject_contains``, waiting a little for it.

    E-mails are sent on transaction commit by a Celery task that runs eagerly in the live server's
    thread, so they normally arrive before the response; the short wait only absorbs scheduling.
    """
    deadline = time.monotonic() + timeout
    while True:
        for message in reversed(mail.outbox):
            if to in message.to and subject_contains in message.subject:
                return message
        if time.monotonic() > deadline:
            seen = [(m.to, m.subject) for m in mail.outbox]
            raise AssertionError(f"No e-mail to {to} with {subject_contains!r} in the subject; outbox: {seen}")
        time.sleep(0.05)


def link_path(body: str, path_prefix: str) -> str:
    """The path of the first absolute link in ``body`` whose path starts with ``path_prefix``."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_prefix) + r"\S*)", body)
    assert match, f"No link to {path_prefix} in the e-mail:\n{body}"
    return match.group(1)


def pick(scope, label: str, typed: str, option: str) -> None:
    """Choose ``option`` in the searchable picker labelled ``label`` from the keyboard, as a person would:
    focus the field, type part of the name, check that the wanted option is the highlighted one, Enter.

    ``scope`` is a Playwright ``Page`` or ``Locator``. The picker (static/core/picker.js) is a combobox
    named by the select's label whose options are ARIA options; the highlighted one has aria-selected.
    """
    from playwright.sync_api import expect

    field = scope.get_by_role("combobox", name=label)
    field.focus()
    field.press_sequentially(typed)
    expect(scope.get_by_role("option", name=option, selected=True)).to_be_visible()
    field.press("Enter")


def open_menu(page, navigation, name: str) -> None:
    """Open the menu ``name`` of ``navigation`` (a Locator) from the keyboard: focus its button, Enter.

    First the page's ``load``: before Bootstrap's script has run, Enter opens nothing (seen under load right after
    a log-in, when the navbar is already shown).
    """
    from playwright.sync_api import expect

    page.wait_for_load_state("load")
    button = navigation.get_by_role("button", name=name, exact=True)
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
