"""The region dashboard and the network picture in headless Chromium, in Russian and in English.

What a coordinator (or a screen reader) gets: the level with its rule, the step chart drawn by
Chart.js with its table, the partners, the next steps; the network's regions reachable from the
keyboard as links, and its table alternative.
"""

from datetime import date

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.choices import SiteRole
from cooperation.choices import ProjectState
from levels.services import levels_recompute
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["ru-RU", "en-US"])
def browser_locale(request) -> str:
    return request.param


@pytest.fixture
def coordinator(reference_data):
    from regions.models import Region

    lipetsk, voronezh, tambov = (Region.objects.get(iso_code=code) for code in ("RU-LIP", "RU-VOR", "RU-TAM"))
    lip, vor, tam = AgentFactory(region=lipetsk), AgentFactory(region=voronezh), AgentFactory(region=tambov)
    InteractionFactory(participants=[lip, vor, tam], occurred_on=date(2024, 3, 1), cooperation_types=["scientific"])
    project = ProjectFactory(lead_agent=lip, state=ProjectState.ACTIVE, starts_on=date(2024, 9, 1))
    ParticipantFactory(project=project, agent=vor)
    StructureFactory(member_regions=[lipetsk, voronezh], founded_on=date(2025, 4, 1))
    levels_recompute(as_of=timezone.localdate())
    user = UserFactory()
    grant(user, SiteRole.COORDINATOR, region=lipetsk)
    return user


def log_in(page: Page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url("/accounts/login/")


def test_a_coordinator_sees_the_level_the_progress_the_partners_and_the_next_step(
    page: Page, coordinator, browser_locale
):
    log_in(page, coordinator)
    page.goto("/cooperation/regions/RU-LIP/")
    english = browser_locale.startswith("en")
    expect(page.locator("html")).to_have_attribute("lang", browser_locale[:2])
    expect(page.get_by_role("heading", level=1)).to_contain_text("Lipetsk" if english else "Липецк")
    expect(page.locator(".level-badge-lg")).to_contain_text("4")
    # the step chart is drawn, and its table holds the same data
    canvas = page.locator("canvas[data-level-chart]")
    expect(canvas).to_be_visible()
    assert page.evaluate("() => !!Chart.getChart(document.querySelector('canvas[data-level-chart]'))")
    assert canvas.get_attribute("role") == "img" and canvas.get_attribute("aria-label")
    expect(page.locator("#level-steps tbody tr")).to_have_count(2)  # 2024-03-01 level 1, 2025-04-01 level 4
    # partners, with a link to each one's dashboard
    partners = page.get_by_role("table").filter(has=page.locator("a[href='/cooperation/regions/RU-VOR/']"))
    expect(partners.first).to_be_visible()
    # the next steps name what is missing
    expect(page.locator("#next-heading")).to_be_visible()
    expect(page.locator(".hint").first).to_be_visible()


def test_the_network_regions_are_links_reachable_from_the_keyboard(page: Page, coordinator, browser_locale):
    log_in(page, coordinator)
    page.goto("/cooperation/network/")
    links = page.locator("svg.network-map a")
    expect(links).to_have_count(3)
    page.locator("svg.network-map a").first.focus()
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused and ("4" in focused or "1" in focused)
    expect(page.locator("#network-table tbody tr")).to_have_count(3)
