"""The item space in headless Chromium, in Russian and English, on a desktop and a phone: drawn (every
dot and line has a size), no console error, no page wider than the screen, and a screenshot kept.

Set ``SPIRAL_SCREENSHOT_DIR`` to keep the screenshots (for a person to look at them).
"""

import os
from pathlib import Path

import pytest

from tests.analytics.public_data import PAPER, build_snapshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_the_item_space_is_drawn(new_context, reference_data, locale, size, tmp_path):
    build_snapshot()
    page = new_context(locale, viewport=SIZES[size]).new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"/analytics/regions/RU-LIP/?dataset={PAPER}")
    figure = page.locator("#relatedness figure").first
    figure.scroll_into_view_if_needed()

    # Table 2: four groups, three lines, two competences (circles), one possible item (a diamond)
    sizes = figure.locator("svg.item-space").evaluate(
        """svg => ({
            box: svg.getBoundingClientRect().width,
            lines: [...svg.querySelectorAll('line')].map(l => l.getTotalLength()),
            dots: [...svg.querySelectorAll('circle, path')].map(e => e.getBBox().width),
        })"""
    )
    assert sizes["box"] > 200
    assert len(sizes["lines"]) == 3 and min(sizes["lines"]) > 10
    assert len(sizes["dots"]) == 4 and min(sizes["dots"]) > 0
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= SIZES[size]["width"]
    folder = Path(os.environ.get("SPIRAL_SCREENSHOT_DIR") or tmp_path)
    figure.screenshot(path=str(folder / f"item-space-{locale}-{size}.png"))
