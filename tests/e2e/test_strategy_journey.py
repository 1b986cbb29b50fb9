"""The coordinator's close-and-adopt step of an entrepreneurial discovery session, in headless Chromium.

A Lipetsk session on the paper's scenario model (Figure 1) has ratings of three helices: closing is
refused with the missing helix named on the page; once civil society has rated, the coordinator closes
the session and adopts the ranked directions, which then appear on the region's page classified as
revealed, related or unsupported. Screenshots at 1280 and 390 px go to ``test-results/``.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.strategy.factories import helix_representatives, open_session, rate_all

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"


@pytest.fixture(params=["ru-RU", "en-US"])
def browser_locale(request) -> str:
    return request.param


def log_in(page: Page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url("/accounts/login/")


def test_the_coordinator_closes_the_session_and_adopts_its_outcome(new_context, lipetsk, browser_locale):
    # given a session rated by government, business and science, not yet by civil society
    session, coordinator = open_session(lipetsk)
    representatives = helix_representatives(lipetsk)
    civil = representatives.pop("civil")
    rate_all(session, representatives, score=4)
    english = browser_locale.startswith("en")
    page = new_context(browser_locale).new_page()
    log_in(page, coordinator)

    # when the coordinator tries to close it
    page.goto(f"/strategy/sessions/{session.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", browser_locale[:2])
    page.locator("#close-session").click()

    # then the page refuses, naming the missing helix
    expect(page.locator(".alert").first).to_contain_text("Civil society" if english else "Гражданское общество")
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "open")

    # when civil society has rated too, the coordinator closes and adopts
    rate_all(session, {"civil": civil}, score=4)
    page.reload()
    page.locator("#close-session").click()
    expect(page.locator("[data-state]")).to_have_attribute("data-state", "closed")
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(RESULTS_DIR / f"strategy-session-{browser_locale[:2]}-{width}.png"), full_page=True)
    page.locator("#adopt-session").click()

    # then the region's page shows the adopted directions, each classified with its numbers
    expect(page).to_have_url(f"/strategy/regions/{lipetsk.iso_code}/")
    rows = page.locator("tr[data-status]")
    expect(rows).to_have_count(session.items.values("item").distinct().count())
    revealed = page.locator("tr[data-status=revealed]")
    expect(revealed.first).to_contain_text("72-83")
    expect(revealed.first).to_contain_text("7,53" if not english else "7.53")
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=str(RESULTS_DIR / f"strategy-priorities-{browser_locale[:2]}-{width}.png"), full_page=True)
