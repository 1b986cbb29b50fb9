"""The monitoring chart's date labels never print over each other (issue #12: "overlapping date labels on the
monitoring chart"), in Russian, at 1280 and at 390 px.

Values recorded a few days apart got a tick each: on a year-long axis their labels were drawn over one another.
The chart is a canvas, so the browser's Chart.js says where each label is and how wide it is.
"""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cooperation.choices import ProjectState
from tests.cooperation.factories import ProjectFactory
from tests.monitoring.factories import EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Three values within a month, then two months apart, then half a year later: 325 days in all.
DATES = ("2025-01-10", "2025-01-20", "2025-02-01", "2025-04-01", "2025-06-01", "2025-12-01")

LABEL_BOXES = """() => {
    const chart = Chart.getChart(document.querySelector("canvas[data-monitoring-chart='series']"));
    const axis = chart.scales.x;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = Chart.helpers.toFont(axis.options.ticks.font).string;
    const boxes = axis.ticks.map((tick, i) => {
        const centre = axis.getPixelForTick(i);
        const width = ctx.measureText(tick.label).width;
        return {label: tick.label, left: centre - width / 2, right: centre + width / 2};
    });
    ctx.restore();
    return {rotation: axis.labelRotation, boxes, canvas: chart.width};
}"""


@pytest.fixture
def project(reference_data):
    project = ProjectFactory(state=ProjectState.ACTIVE)
    indicator = IndicatorFactory(effect=EffectFactory(project=project), baseline=Decimal("0"), target=Decimal("10"))
    for number, day in enumerate(DATES, start=1):
        IndicatorValueFactory(indicator=indicator, date=datetime.date.fromisoformat(day), value=Decimal(number))
    return project


@pytest.mark.parametrize("width", [1280, 390])
def test_date_labels_do_not_overlap(new_context, project, width):
    page = new_context("ru-RU", viewport={"width": width, "height": 844}).new_page()

    page.goto(f"/projects/{project.pk}/monitoring/")

    expect(page.locator("canvas[data-monitoring-chart='series']")).to_be_visible()
    drawn = page.evaluate(LABEL_BOXES)
    boxes = drawn["boxes"]
    assert drawn["rotation"] == 0  # horizontal, readable
    assert boxes[-1]["label"] == "01.12.2025"  # the latest value keeps its date
    assert len(boxes) >= 2
    for before, after in zip(boxes, boxes[1:], strict=False):
        assert after["left"] - before["right"] >= 4, (before, after)
    assert all(0 <= box["left"] and box["right"] <= drawn["canvas"] for box in boxes)


PROGRESS_LABELS = """() => {
    const chart = Chart.getChart(document.querySelector("canvas[data-monitoring-chart='progress']"));
    const axis = chart.scales.y;
    const ctx = chart.ctx;
    ctx.save();
    ctx.font = Chart.helpers.toFont(axis.options.ticks.font).string;
    const lines = axis.ticks.flatMap((tick) => [].concat(tick.label));
    const widest = Math.max(...lines.map((line) => ctx.measureText(line).width));
    ctx.restore();
    return {lines, widest, axis: axis.width, left: axis.left};
}"""


def test_progress_labels_fit_beside_the_bars_on_a_phone(new_context, project):
    # Issue #12 (walk at 390 px): "Число моделей предприятий (шт.)" was cut at the canvas's left edge
    # ("сло моделей…"): the label was wider than the room Chart.js gives the axis on a phone.
    indicator = project.effects.get().indicators.get()
    indicator.name_ru = "Число моделей предприятий"
    indicator.unit = "шт."
    indicator.save(update_fields=["name_ru", "unit"])
    page = new_context("ru-RU", viewport={"width": 390, "height": 844}).new_page()

    page.goto(f"/projects/{project.pk}/monitoring/")

    expect(page.locator("canvas[data-monitoring-chart='progress']")).to_be_visible()
    drawn = page.evaluate(PROGRESS_LABELS)
    assert drawn["left"] >= 0
    assert drawn["widest"] <= drawn["axis"], drawn
    assert "".join(drawn["lines"]).replace(" ", "").startswith("Числомоделей")  # wrapped, not cut
