"""The searchable pickers of the multiple selects (Tom Select through static/core/picker.js), in Chromium.

On the project form a person types part of a competence's name in Russian or in English, sees the
options grouped under their classifier, picks one with the keyboard (arrows, Enter), removes a wrong
choice with Backspace, and the saved project has what was picked. The same form still works without
JavaScript (the plain multiple select); the enhanced form passes axe-core with a picker open; on a
390 px phone the page is no wider than the screen.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, Helix
from cooperation.models import Project
from tests.accounts.factories import PASSWORD
from tests.cooperation.factories import AgentFactory, MembershipFactory

from .helpers import pick

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
LEAD_AGENT = "ООО «Липецкий агрохолдинг»"

# What the person sees and types, per language: the labels, a part of a name, the option it finds.
TEXTS = {
    "ru-RU": {
        "log_in": ("Адрес электронной почты", "Пароль", "Войти"),
        "lead": "Ведущая организация",
        "title": "Название (на русском)",
        "types": ("Виды сотрудничества", "Производственное"),
        "directions": "Направления специализации",
        "rubrics": "Рубрики ГРНТИ",
        "save": "Сохранить черновик",
        "direction": ("сельск", "A — Сельское, лесное хозяйство, охота, рыболовство и рыбоводство"),
        "wrong_direction": ("обрабат", "C — Обрабатывающие производства"),
        "rubric": ("биотех", "62 — Биотехнология"),
        "group": "ОКВЭД2 (NACE Rev. 2): разделы",
        "nothing": "Ничего не найдено по запросу «ёжик»",
        "nothing_typed": "ёжик",
    },
    "en-US": {
        "log_in": ("Email", "Password", "Sign In"),
        "lead": "Lead organisation",
        "title": "Title (Russian)",
        "types": ("Types of cooperation", "Production"),
        "directions": "Specialisation directions",
        "rubrics": "S&T rubrics",
        "save": "Save the draft",
        "direction": ("agricult", "A — Agriculture, forestry, hunting, fishing and fish farming"),
        "wrong_direction": ("manufact", "C — Manufacturing industries"),
        "rubric": ("biotech", "62 — Biotechnology"),
        "group": "OKVED2 (NACE Rev. 2) sections",
        "nothing": "Nothing found for “hedgehog”",
        "nothing_typed": "hedgehog",
    },
}


@pytest.fixture
def lead(lipetsk):
    agent = AgentFactory(region=lipetsk, helix=Helix.BUSINESS, name=LEAD_AGENT, name_en="Lipetsk Agroholding")
    return MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user


def log_in(page: Page, user, texts: dict) -> None:
    email, password, button = texts["log_in"]
    page.goto("/accounts/login/")
    page.get_by_label(email).fill(user.email)
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def fill_the_required_fields(page: Page, texts: dict, title: str) -> None:
    page.get_by_label(texts["title"]).fill(title)
    group, checkbox = texts["types"]
    page.get_by_role("group", name=group).get_by_role("checkbox", name=checkbox).check()


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_a_competence_is_found_by_part_of_its_name_and_picked_with_the_keyboard(new_context, lead, locale):
    texts = TEXTS[locale]
    page = new_context(locale).new_page()
    log_in(page, lead, texts)
    page.goto("/projects/new/")
    fill_the_required_fields(page, texts, f"Агродроны Черноземья {locale}")

    directions = page.get_by_role("combobox", name=texts["directions"])
    expect(directions).to_be_visible()
    # Without JavaScript the select needs Ctrl-click; the picker hides that hint.
    expect(page.get_by_text("Ctrl").filter(visible=True)).to_have_count(0)

    # The options are grouped under their classifier; a word of the name finds its option.
    directions.focus()
    directions.press_sequentially(texts["direction"][0])
    expect(page.get_by_text(texts["group"], exact=True)).to_be_visible()
    expect(page.get_by_role("option", name=texts["direction"][1], selected=True)).to_be_visible()
    directions.press("Enter")
    # A second, wrong choice, typed and picked at once (as a fast typist does), taken back with Backspace.
    directions.press_sequentially(texts["wrong_direction"][0])
    directions.press("Enter")
    chosen = directions.locator("xpath=..")  # the field around the text box holds the chosen items
    expect(chosen).to_contain_text(texts["wrong_direction"][1])
    directions.press("Backspace")
    expect(chosen).not_to_contain_text(texts["wrong_direction"][1])
    expect(chosen).to_contain_text(texts["direction"][1])
    # Another field: a rubric of GRNTI, found among ~70 by part of a word.
    pick(page, texts["rubrics"], *texts["rubric"])
    # Typing what matches nothing says so in the page's language.
    rubrics = page.get_by_role("combobox", name=texts["rubrics"])
    rubrics.press_sequentially(texts["nothing_typed"])
    expect(page.get_by_text(texts["nothing"])).to_be_visible()
    rubrics.press("Escape")

    page.get_by_role("button", name=texts["save"]).click()

    expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
    project = Project.objects.get(title_ru=f"Агродроны Черноземья {locale}")
    assert sorted(project.directions.values_list("code", flat=True)) == ["A"]
    assert list(project.rubrics.values_list("code", flat=True)) == ["62"]


def test_without_javascript_the_plain_multiple_select_still_works(new_context, lead):
    texts = TEXTS["ru-RU"]
    page = new_context("ru-RU", java_script_enabled=False).new_page()
    log_in(page, lead, texts)
    page.goto("/projects/new/")
    fill_the_required_fields(page, texts, "Проект без скриптов")
    expect(page.get_by_text("Чтобы выбрать несколько, удерживайте Ctrl (⌘ на Mac).").first).to_be_visible()
    page.get_by_role("listbox", name=texts["directions"]).select_option(
        label=["A — Сельское, лесное хозяйство, охота, рыболовство и рыбоводство", "C — Обрабатывающие производства"]
    )
    page.get_by_role("button", name=texts["save"]).click()

    expect(page).to_have_url(re.compile(r"/projects/\d+/$"))
    project = Project.objects.get(title_ru="Проект без скриптов")
    assert sorted(project.directions.values_list("code", flat=True)) == ["A", "C"]


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_the_open_picker_passes_axe_and_fits_a_phone(new_context, lead, locale):
    assert ClassifierItem.objects.filter(classifier__code="grnti").count() > 50
    texts = TEXTS[locale]
    # The context bypasses the Content-Security-Policy, which would refuse the injected (inline) axe script.
    page = new_context(locale, bypass_csp=True, viewport={"width": 390, "height": 844}).new_page()
    log_in(page, lead, texts)
    page.goto("/projects/new/")
    pick(page, texts["directions"], *texts["direction"])
    pick(page, texts["rubrics"], *texts["rubric"])
    page.get_by_role("combobox", name=texts["rubrics"]).press("ArrowDown")  # the list stays open

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},"
        " resultTypes: ['violations']})"
    )
    found = [
        f"{violation['id']} at {node['target']}: {violation['help']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
    assert found == [], "\n".join(found)


def test_priorities_are_ranked_in_the_order_picked_and_come_back_in_it(new_context, lipetsk):
    from strategy.models import PrioritySet
    from tests.strategy.factories import coordinator_of

    items = {item.code: item for item in ClassifierItem.objects.filter(classifier__code="nace2", code__in="ACG")}
    label = "Priorities (OKVED2 sections, FEACN groups, GRNTI rubrics), in order"
    page = new_context("en-US").new_page()
    log_in(page, coordinator_of(lipetsk), TEXTS["en-US"])
    page.goto("/strategy/regions/RU-LIP/priorities/new/")
    page.get_by_label("Source document").fill("Стратегия Липецкой области")
    page.get_by_label("Year of the document").fill("2024")

    # picked G, then A; then the cursor moved left of A with the arrow key and C picked there
    def option(code: str) -> tuple[str, str]:
        name = f"{code} — {items[code].name_en}"
        return name, name

    pick(page, label, *option("G"))
    pick(page, label, *option("A"))
    page.get_by_role("combobox", name=label).press("ArrowLeft")
    pick(page, label, *option("C"))
    page.get_by_role("combobox", name=label).press("Escape")
    page.get_by_role("button", name="Save").click()

    expect(page).to_have_url(re.compile(r"/strategy/regions/RU-LIP/$"))
    priority_set = PrioritySet.objects.get(region=lipetsk)
    assert list(priority_set.priorities.order_by("rank").values_list("item__code", flat=True)) == ["G", "C", "A"]
    # the edit page's picker shows them in their ranks, not in the classifier's order
    page.goto(f"/strategy/priority-sets/{priority_set.pk}/edit/")
    chosen = page.get_by_role("combobox", name=label).locator("xpath=..").locator("[data-value]")
    expect(chosen).to_have_count(3)
    assert [value for value in chosen.evaluate_all("items => items.map(item => item.dataset.value)")] == [
        str(items[code].pk) for code in "GCA"
    ]


@pytest.mark.parametrize(
    ("locale", "label", "typed", "region", "district"),
    [
        ("ru-RU", "Регион", "липец", "Липецкая область", "Центральный федеральный округ"),
        ("en-US", "Region", "lipet", "Lipetsk Oblast", "Central Federal District"),
    ],
)
def test_a_region_is_found_under_its_district_and_picked_with_the_keyboard(
    new_context, make_user, reference_data, locale, label, typed, region, district
):
    from accounts.choices import SiteRole

    page = new_context(locale).new_page()
    log_in(page, make_user(SiteRole.MODERATOR), TEXTS[locale])
    page.goto("/projects/moderation/")

    # the open list shows the districts as headings, the first one being the Central district
    field = page.get_by_role("combobox", name=label)
    field.focus()
    field.press("ArrowDown")
    expect(page.locator(".ts-dropdown .optgroup-header").first).to_have_text(district)
    # part of the name finds the region, alone under its district's heading, highlighted for Enter
    field.press_sequentially(typed)
    expect(page.locator(".ts-dropdown .optgroup-header")).to_have_text([district])
    expect(page.get_by_role("option", name=region, selected=True)).to_be_visible()
    field.press("Enter")
    field.press("Escape")
    expect(field.locator("xpath=..")).to_contain_text(region)
    page.get_by_role("button", name="Применить" if locale == "ru-RU" else "Filter", exact=True).click()
    expect(page).to_have_url(re.compile(r"region=RU-LIP"))
