"""The public analytics pages in a real browser, in Russian and in English: the map and a region's page.

Checks what a visitor (or a screen reader) gets: the chart drawn by Chart.js on a canvas and the
table with the same figures, the SVG map whose regions are links reachable from the keyboard, and
the table alternative of the map.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.analytics.public_data import PAPER, ROSSTAT, build_snapshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["ru-RU", "en-US"])
def browser_locale(request) -> str:
    return request.param


@pytest.fixture
def snapshot(reference_data):
    return build_snapshot()


def test_region_page_draws_the_trend_chart_and_keeps_its_table(page: Page, snapshot, browser_locale):
    page.goto(f"/analytics/regions/RU-LIP/?dataset={PAPER}")

    expect(page.locator("html")).to_have_attribute("lang", browser_locale[:2])
    heading = "Липецкая область" if browser_locale.startswith("ru") else "Lipetsk Oblast"
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    canvas = page.locator("canvas[data-chart='trend-national_localisation-data']")
    expect(canvas).to_be_visible()
    # Chart.js has drawn: it sizes the canvas and registers the chart on it.
    assert page.evaluate("() => !!Chart.getChart(document.querySelector('canvas[data-chart]'))")
    assert canvas.evaluate("c => c.width") > 0
    table = page.locator("#table-trend-national_localisation")
    expect(table).to_have_count(1)
    expect(table.locator("caption")).to_contain_text("2009")
    page.locator("#trend details summary").first.click()
    expect(table).to_be_visible()
    # item + 2009..2022 (OKVED1 sections continued into OKVED2 where equivalent) + the note
    expect(table.locator("thead th")).to_have_count(1 + 14 + 1)
    # The scenario model of Figure 1 is on the page as text.
    expect(page.locator("#scenario")).to_contain_text("01-24")


def test_map_links_every_region_and_has_a_table_alternative(page: Page, snapshot, browser_locale):
    page.goto(f"/analytics/map/?dataset={ROSSTAT}&indicator=national_localisation&item=A")

    svg = page.locator("svg.country-map")
    expect(svg).to_be_visible()
    links = svg.locator("a")
    expect(links).to_have_count(83)
    lipetsk = svg.locator("a[href^='/analytics/regions/RU-LIP/']")
    name = "Липецкая область" if browser_locale.startswith("ru") else "Lipetsk Oblast"
    value = "2,50" if browser_locale.startswith("ru") else "2.50"
    expect(lipetsk).to_have_attribute("aria-label", re.compile(rf"^{name}: {re.escape(value)}"))
    # Keyboard: the region is a focusable link, and Enter follows it.
    lipetsk.focus()
    assert page.evaluate("() => document.activeElement.getAttribute('href')").startswith("/analytics/regions/RU-LIP/")
    table = page.locator("#table-map-values")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(85)
    expect(page.locator("figcaption")).to_contain_text("OpenStreetMap")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"/analytics/regions/RU-LIP/\?dataset={ROSSTAT}$"))
    expect(page.locator("canvas[data-chart]").first).to_be_visible()
