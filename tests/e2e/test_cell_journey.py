"""From the competence map to a cooperation, in Chromium, in Russian and in English.

The regional coordinator of Lipetsk (who works for the Lipetsk government) opens the managerial matrix of
the Central Black Earth macro-region and, in three clicks — the matrix cell of section C × Lipetsk, "Start a
project here", "Save draft" — has a draft project on section C with a Tambov and a Voronezh organisation
invited. On the way, the cell page says what the paper's Table 5 says: Lipetsk lacks Instrumentation and
Electronics. Radio engineering; Tambov holds Instrumentation at 3.57, Voronezh Electronics at 3.46.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, Helix, ParticipantStatus, ProjectState
from cooperation.models import Project
from regions.models import Region
from tests.accounts.factories import PASSWORD
from tests.analytics.public_data import PAPER, build_snapshot
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

TAMBOV = "Тамбовский приборостроительный завод"
VORONEZH = "Воронежский НИИ радиоэлектроники"


@pytest.fixture(params=["ru-RU", "en-US"])
def browser_locale(request) -> str:
    return request.param


@pytest.fixture
def coordinator(reference_data, make_user):
    from cooperation.services.objectives import objectives_load_reference_data

    build_snapshot()
    objectives_load_reference_data()
    lipetsk = Region.objects.get(iso_code="RU-LIP")
    government = AgentFactory(region=lipetsk, helix=Helix.GOVERNMENT, name="Правительство Липецкой области")
    tambov = AgentFactory(region=Region.objects.get(iso_code="RU-TAM"), name=TAMBOV, name_en="Tambov Instruments")
    tambov.competences.set([ClassifierItem.objects.get(classifier__code="grnti", name_en="Instrumentation")])
    voronezh = AgentFactory(
        region=Region.objects.get(iso_code="RU-VOR"), helix=Helix.SCIENCE, name=VORONEZH, name_en="Voronezh Radio"
    )
    voronezh.competences.set(
        [ClassifierItem.objects.get(classifier__code="grnti", name_en="Electronics. Radio engineering")]
    )
    user = make_user(SiteRole.COORDINATOR, region=lipetsk, full_name="Ольга Координаторова")
    MembershipFactory(agent=government, user=user, role=AgentRole.REPRESENTATIVE)
    return user, government, tambov, voronezh


def test_from_the_matrix_to_a_draft_in_three_clicks(page: Page, coordinator, browser_locale):
    user, government, tambov, voronezh = coordinator
    english = browser_locale.startswith("en")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.goto(f"/analytics/macroregions/central-black-earth/?dataset={PAPER}")

    # Click 1: the matrix cell of section C in Lipetsk's column (national level: Lipetsk 2.29, a "+").
    page.locator("#table-matrix a.cell-link[href^='/search/cells/RU-LIP/nace2/C/']").first.click()

    expect(page).to_have_url(re.compile(r"/search/cells/RU-LIP/nace2/C/"))
    lacks = page.locator("#cell-lacks-list")
    expect(lacks).to_contain_text("Instrumentation" if english else "Приборостроение")
    expect(lacks).to_contain_text("3.57" if english else "3,57")
    expect(lacks).to_contain_text("3.46" if english else "3,46")
    tambov_box = page.get_by_role("checkbox", name="Tambov Instruments" if english else TAMBOV)
    voronezh_box = page.get_by_role("checkbox", name="Voronezh Radio" if english else VORONEZH)
    expect(tambov_box).to_be_checked()
    expect(voronezh_box).to_be_checked()

    # Click 2: "Start a project here" opens the draft form, prefilled.
    page.locator("#cell-start").click()

    expect(page).to_have_url(re.compile(r"/projects/new/\?"))
    selected = page.locator("#id_partners option:checked")
    expect(selected).to_have_count(2)
    expect(page.locator("#id_directions option:checked")).to_have_count(1)
    expect(page.locator("#id_directions option:checked")).to_contain_text("C")
    # Government (the lead: the user acts for one organisation), business (Tambov), science (Voronezh): the first
    # Table II objective of each helix involved, not all fifteen of them (a walk-through found 15 ticked).
    expect(page.locator("input[name=objectives]:checked")).to_have_count(3)
    page.locator("#id_title_ru").fill("Приборы и радиоэлектроника для заводов Липецка")
    page.locator("#id_summary_ru").fill("Тамбовские приборы и воронежская электроника для липецкой промышленности.")
    page.locator("input[name=cooperation_types]").first.check()
    if page.locator("#id_level").count():  # the level field may go (another change removes it)
        page.locator("#id_level").select_option("3")

    # Click 3: save the draft.
    page.get_by_role("button", name="Save the draft" if english else "Сохранить черновик").click()

    expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
    project = Project.objects.get(lead_agent=government)
    assert project.state == ProjectState.DRAFT
    assert list(project.directions.values_list("code", flat=True)) == ["C"]
    invited = set(project.participants.filter(status=ParticipantStatus.INVITED).values_list("agent__name", flat=True))
    assert invited == {TAMBOV, VORONEZH}
