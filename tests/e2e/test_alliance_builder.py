"""The alliance builder (seed 003) in headless Chromium, in Russian and in English: a coordinator chooses an
OKVED2 section, reads the regions, their organisations and the complementary rubrics, and proposes the alliance
from the prefilled form."""

import pytest
from playwright.sync_api import Page, expect

from accounts.choices import SiteRole
from levels.models import IntegratedStructure
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.cooperation.factories import AgentFactory
from tests.levels.alliance_data import alliance_snapshot
from tests.levels.factories import StructureFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["ru-RU", "en-US"])
def browser_locale(request) -> str:
    return request.param


@pytest.fixture
def coordinator(reference_data):
    from regions.models import Region

    alliance_snapshot()
    lipetsk, belgorod = Region.objects.get(iso_code="RU-LIP"), Region.objects.get(iso_code="RU-BEL")
    AgentFactory(region=lipetsk, helix="business", name="Липецк-Сталь", name_en="Lipetsk Steel", is_verified=True)
    AgentFactory(
        region=belgorod, helix="business", name="Белгородский завод", name_en="Belgorod Works", is_verified=True
    )
    StructureFactory(kind="federal_body", name_ru="Федеральный совет", name_en="Federal council", member_regions=[])
    user = UserFactory()
    grant(user, SiteRole.COORDINATOR, region=lipetsk)
    return user


def log_in(page: Page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url("/accounts/login/")


def test_a_coordinator_builds_and_proposes_an_alliance(page: Page, coordinator, browser_locale):
    english = browser_locale.startswith("en")
    log_in(page, coordinator)
    page.goto("/cooperation/alliances/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alliance builder" if english else "Конструктор альянса")
    page.get_by_label("Sector (OKVED2 section)" if english else "Отрасль (раздел ОКВЭД2)").select_option("C")
    page.get_by_role("button", name="Show" if english else "Показать").click()
    # Lipetsk (2.29 / 1.90) and Belgorod (1.16 / 1.05) are chosen; Voronezh (0.92 / 0.80) is not
    regions = page.locator("table").first
    expect(regions).to_contain_text("Lipetsk Oblast" if english else "Липецкая область")
    expect(regions).to_contain_text("Belgorod Oblast" if english else "Белгородская область")
    expect(regions).not_to_contain_text("Voronezh" if english else "Воронеж")
    expect(regions).to_contain_text("Lipetsk Steel" if english else "Липецк-Сталь")
    # Mechanical engineering complements (Lipetsk 1.92, Belgorod 0.77)
    expect(page.locator("table").nth(1)).to_contain_text("55")
    page.get_by_role("link", name="Propose an alliance" if english else "Предложить альянс").click()
    # the form is prefilled: the sector, both regions, the coordinating body
    expect(page.locator("select[name=sector]")).to_have_value("C")
    selected = page.locator("select[name=member_regions] option:checked")
    expect(selected).to_have_count(2)
    expect(page.locator("select[name=parent] option:checked")).to_contain_text(
        "Federal council" if english else "Федеральный совет"
    )
    page.locator("input[name=name_ru]").fill("Металлургический альянс")
    page.locator("input[name=founded_on]").fill("2025-05-01")
    page.get_by_role("button", name="Propose" if english else "Предложить").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Металлургический альянс")
    structure = IntegratedStructure.objects.get(name_ru="Металлургический альянс")
    assert structure.status == "proposed" and structure.sector.code == "C" and structure.parent is not None
    assert {region.iso_code for region in structure.member_regions.all()} == {"RU-LIP", "RU-BEL"}
    assert structure.member_agents.count() == 2
