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


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["left"] >= outer["left"] - 1
        and inner["right"] <= outer["right"] + 1
        and inner["top"] >= outer["top"] - 1
        and inner["bottom"] <= outer["bottom"] + 1
    )


RECT = (
    "e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }"
)


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_managerial_matrix_reads_at_a_glance(new_context, snapshot, browser_locale, width, height):
    page = new_context(locale=browser_locale, viewport={"width": width, "height": height}).new_page()
    page.goto(f"/analytics/macroregions/central-black-earth/?dataset={PAPER}")

    box = page.locator("#matrix-scroll")
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("role", "region")
    # Its accessible name is the matrix's title.
    expect(box).to_have_accessible_name(re.compile("^(Managerial matrix|Управленческая матрица)"))
    box.scroll_into_view_if_needed()
    # The box fits in the window, so its horizontal scrollbar is on screen, not under a 6,600 px table.
    assert box.evaluate("e => e.getBoundingClientRect().height") <= height
    # Keyboard: the box takes the focus and the arrow keys scroll it.
    box.focus()
    assert page.evaluate("() => document.activeElement.id") == "matrix-scroll"

    last_region = page.locator("#table-matrix thead th").last
    expect(last_region).to_contain_text("Тамбовская область" if browser_locale.startswith("ru") else "Tambov Oblast")
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    assert _inside(last_region.evaluate(RECT), box.evaluate(RECT))

    # Scrolled down to the last direction, the regions' row is still in view (sticky), and so is the direction.
    box.evaluate("e => { e.scrollTop = e.scrollHeight; }")
    assert box.evaluate("e => e.scrollTop") > 0
    assert _inside(last_region.evaluate(RECT), box.evaluate(RECT))
    box.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    last_direction = page.locator("#table-matrix tbody th[scope='row']").last
    assert _inside(last_direction.evaluate(RECT), box.evaluate(RECT))

    # The cross-cutting competences once, as their own row; a cell's competences open from the keyboard.
    expect(page.locator("#table-matrix").get_by_text(re.compile("Cross-cutting|Сквозн"))).to_have_count(1)
    summary = page.locator("#table-matrix tbody td details summary").nth(5)
    summary.focus()
    page.keyboard.press("Enter")
    expect(summary.locator("xpath=..").locator("li").first).to_be_visible()

    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"test-results/matrix-{browser_locale}-{width}.png")
