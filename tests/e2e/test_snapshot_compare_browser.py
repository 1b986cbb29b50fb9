"""The comparison of two snapshots on a phone (390 px), in Russian and English: tables scroll in their own box.

The snapshots page links each snapshot's count of competences gained and lost to the comparison; followed with
the keyboard, the comparison opens and no page is wider than the screen.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.analytics.snapshot_data import three_snapshots

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def snapshots(reference_data):
    return three_snapshots()


PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_the_comparison_fits_a_phone_and_is_reached_from_the_snapshots_page(
    new_context,
    make_user,
    snapshots,
    locale,
):
    analyst = make_user("analyst")
    page: Page = new_context(locale, viewport=PHONE).new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(analyst.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto("/analytics/data-bank/snapshots/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    newest, middle = snapshots[-1], snapshots[1]
    link = page.locator(f"a[href$='?after={newest.pk}&before={middle.pk}']")
    link.focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/analytics/data-bank/snapshots/compare/"))
    expect(page.locator("#comparison-summary")).to_contain_text(f"#{middle.pk}")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for table in ("#comparison-by-region", "#comparison-competences", "#comparison-moved"):
        expect(page.locator(table)).to_be_visible()
        box = page.locator(table).locator("xpath=..")
        assert box.evaluate("b => b.getBoundingClientRect().right") <= PHONE["width"]
