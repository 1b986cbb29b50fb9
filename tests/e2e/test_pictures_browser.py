"""The pictures in Russian, the default language, in headless Chromium: drawn, and without console errors.

In Russian Django printed the network picture's coordinates with a decimal comma (``x1="74,4"``):
Chromium logged an error per attribute and drew no line and no dot. Here the browser itself says
whether each line and dot has a size.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cooperation.choices import ProjectState
from levels.services import levels_recompute
from regions.models import Region
from tests.accounts.factories import PASSWORD, UserFactory
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.levels.factories import InteractionFactory, StructureFactory
from tests.monitoring.factories import EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_locale() -> str:
    return "ru-RU"


@pytest.fixture
def cooperation(reference_data):
    """Lipetsk–Voronezh at level 4, Lipetsk–Novosibirsk at level 1, and an active project with indicators."""
    lipetsk, voronezh, novosibirsk = (Region.objects.get(iso_code=code) for code in ("RU-LIP", "RU-VOR", "RU-NVS"))
    lip, vor, nvs = AgentFactory(region=lipetsk), AgentFactory(region=voronezh), AgentFactory(region=novosibirsk)
    InteractionFactory(participants=[lip, nvs], occurred_on=datetime.date(2024, 6, 1))
    StructureFactory(member_regions=[lipetsk, voronezh], founded_on=datetime.date(2025, 4, 1))
    levels_recompute(as_of=timezone.localdate())
    project = ProjectFactory(lead_agent=lip, state=ProjectState.ACTIVE)
    ParticipantFactory(project=project, agent=vor)
    indicator = IndicatorFactory(effect=EffectFactory(project=project), baseline=Decimal("0.5"), target=Decimal("10.5"))
    IndicatorValueFactory(indicator=indicator, date=datetime.date(2025, 3, 31), value=Decimal("4.25"))
    return project


def console_errors(page: Page) -> list[str]:
    """Errors the page logs from now on (invalid SVG attributes, script errors)."""
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def log_in(page: Page) -> None:
    user = UserFactory()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url("/accounts/login/")


def test_the_network_picture_draws_its_lines_and_dots_in_russian(page: Page, cooperation):
    log_in(page)
    errors = console_errors(page)

    page.goto("/cooperation/network/")

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    lines = page.locator("svg.network-map g.edges line")
    expect(lines).to_have_count(2)
    # each line's box: a line between two distinct centroids has a non-zero length
    lengths = lines.evaluate_all(
        "els => els.map(l => { const b = l.getBBox(); return Math.hypot(b.width, b.height); })"
    )
    assert len(lengths) == 2 and min(lengths) > 1
    radii = page.locator("svg.network-map circle").evaluate_all("els => els.map(c => c.r.baseVal.value)")
    assert len(radii) >= 80 and min(radii) > 0
    # the legend's sample lines are drawn with their width (1.5 for level 1)
    widths = (
        page.locator(".line-legend")
        .first.locator("line")
        .evaluate_all("els => els.map(l => parseFloat(getComputedStyle(l).strokeWidth))")
    )
    assert widths == [1.5, 2.5, 3.5, 6]
    assert errors == []


def test_the_progress_chart_is_drawn_in_russian(page: Page, cooperation):
    errors = console_errors(page)

    page.goto(f"/projects/{cooperation.pk}/monitoring/")

    expect(page.locator("html")).to_have_attribute("lang", "ru")
    canvas = page.locator("canvas[data-monitoring-chart='progress']")
    expect(canvas).to_be_visible()
    assert page.evaluate("() => !!Chart.getChart(document.querySelector(\"canvas[data-monitoring-chart='progress']\"))")
    # the tooltip's figures, formatted for a Russian reader from the JSON numbers
    label = page.evaluate(
        """() => {
            const chart = Chart.getChart(document.querySelector("canvas[data-monitoring-chart='progress']"));
            const callbacks = chart.options.plugins.tooltip.callbacks;
            return callbacks.label.call(chart.tooltip, {dataIndex: 0});
        }"""
    )
    assert any(line.endswith("4,25") for line in label) and any(line.endswith("10,5") for line in label)
    assert errors == []
