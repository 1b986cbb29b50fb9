"""The whole life of a cooperation project in headless Chromium, in Russian (the default language).

An administrator of a Lipetsk agent drafts a project, declares an expected effect with an indicator and
submits it; a moderator approves it from the moderation queue; an administrator of a Voronezh agent finds
it in the catalogue and applies, and the lead accepts; the lead invites an expert, who accepts on their
invitations page; the lead starts the project and records a value of the indicator, which the progress
table and chart show; the lead declares the project completed and publishes the closing report, which an
anonymous visitor then finds in the library of lessons learned by a word of it.

Only the users, their agents, one objective of the catalogue and the expert's profile are made
directly. Everything else goes through the pages: buttons and links are found by their role and
accessible name, fields by their label, sections by their heading, so the test also checks that the
pages can be used with a keyboard and a screen reader (labelled fields, real buttons, named regions,
tables with captions).
"""

import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import BrowserContext, Locator, Page, expect

from accounts.choices import SiteRole
from cooperation.choices import AgentRole, Helix
from regions.models import Region
from tests.accounts.factories import PASSWORD, UserFactory
from tests.cooperation.factories import AgentFactory, MembershipFactory, ObjectiveFactory
from tests.experts.factories import ExpertProfileFactory

from . import helpers
from .helpers import pick, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Центр аддитивных технологий Черноземья"
SUMMARY = "Общий центр прототипирования для машиностроителей Липецка и учёных Воронежа."
OBJECTIVE = "Выход на новые рынки сбыта"
LEAD_AGENT = "ООО «Липецкий станкозавод»"
PARTNER_AGENT = "Воронежский опорный университет"
EXPERT = "Анна Сергеевна Петрова"
INDICATOR = "Число изготовленных прототипов"
LESSONS = "Порошковая печать окупается только при общей загрузке оборудования обоими регионами."
SEARCH_WORD = "порошковая"  # lower case: the library's search ignores the case of Cyrillic letters

TAMBOV_AGENT = "Администрация Тамбовской области"
HELIX_REASON = "Гражданское общество подключим на этапе внедрения."

NO_GOVERNMENT = "Пока не участвует ни один орган власти."
NO_SCIENCE = "Пока не участвует ни одна организация науки или образования."
NO_CIVIL = "Пока не участвует ни одна организация гражданского общества."


@pytest.fixture
def browser_locale() -> str:
    return "ru-RU"


@pytest.fixture
def cast(lipetsk, voronezh, make_user) -> dict:
    """The people of the journey: administrators of a Lipetsk and a Voronezh agent, a moderator, an expert."""
    lead_agent = AgentFactory(region=lipetsk, helix=Helix.BUSINESS, name=LEAD_AGENT, name_en="Lipetsk Machine Tools")
    partner_agent = AgentFactory(
        region=voronezh, helix=Helix.SCIENCE, name=PARTNER_AGENT, name_en="Voronezh University"
    )
    ObjectiveFactory(helix=Helix.BUSINESS, text_ru=OBJECTIVE, text_en="Entering new markets")
    AgentFactory(region=Region.objects.get(iso_code="RU-TAM"), helix=Helix.GOVERNMENT, name=TAMBOV_AGENT)
    return {
        "lead": MembershipFactory(
            agent=lead_agent, role=AgentRole.ADMINISTRATOR, user__full_name="Иван Петрович Сидоров"
        ).user,
        "partner": MembershipFactory(
            agent=partner_agent, role=AgentRole.ADMINISTRATOR, user__full_name="Ольга Николаевна Белова"
        ).user,
        "moderator": make_user(SiteRole.MODERATOR, full_name="Мария Ивановна Орлова"),
        "expert": ExpertProfileFactory(user=UserFactory(full_name=EXPERT)).user,
    }


def short_date(day) -> str:
    """A date as the Russian pages write it in tables (``23.11.2026``)."""
    with translation.override("ru"):
        return date_format(day, "SHORT_DATE_FORMAT")


def long_date(day) -> str:
    """A date as the Russian pages write it in full (``23 ноября 2026 г.``)."""
    with translation.override("ru"):
        return date_format(day, "DATE_FORMAT")


def navigation(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Основная навигация")


def open_menu(page: Page, name: str) -> None:
    """Open a menu of the navigation from the keyboard (``tests.e2e.helpers.open_menu``)."""
    helpers.open_menu(page, navigation(page), name)


def log_in(context: BrowserContext, user) -> Page:
    """Log in on the log-in page; the page stays open for the user's next steps."""
    page = context.new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Адрес электронной почты").fill(user.email)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти", exact=True).click()
    expect(navigation(page).get_by_role("button", name=user.get_short_name(), exact=True)).to_be_visible()
    return page


def section(scope: Page | Locator, heading: str) -> Locator:
    """A section of a page, found by its heading (the sections are regions labelled by their headings)."""
    return scope.get_by_role("region", name=heading, exact=True)


def confirm(page: Page, heading: str, button: str) -> None:
    """On a confirmation page (an irreversible step): wait for it, read what happens, press its button."""
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(section(page, "Что произойдёт").get_by_role("listitem").first).to_be_visible()
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)


def submit_through_the_checklist(page: Page) -> None:
    """From the project page: the submit link, the checklist (every line ✓), the button; the state changes."""
    page.get_by_role("link", name="Отправить на модерацию").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Отправить проект на модерацию")
    checklist = section(page, "Перед отправкой").get_by_role("list", name="Контрольный список")
    expect(checklist.get_by_role("listitem")).to_have_count(6)  # four lines that block, two warnings (principles)
    expect(checklist).not_to_contain_text("Не выполнено:")
    page.get_by_role("button", name="Отправить на модерацию", exact=True).click()
    expect(state_badge(page)).to_have_text("Отправлен на модерацию")


def state_badge(page: Page) -> Locator:
    """The project's state: a badge under the title whose text names the state."""
    return page.get_by_role("main").locator("header .badge").first


def test_a_project_from_draft_to_its_closing_report_in_the_library(new_context, cast):
    today = timezone.localdate()

    # 1. The administrator of the Lipetsk agent drafts the project…
    lead = log_in(new_context("ru-RU"), cast["lead"])
    navigation(lead).get_by_role("link", name="Проекты", exact=True).click()
    lead.get_by_role("link", name="Подготовить проект").click()
    expect(lead).to_have_url(re.compile(r"/projects/new/$"))
    expect(lead.get_by_role("heading", level=1)).to_have_text("Подготовить проект")
    lead.get_by_label("Ведущая организация").select_option(label=LEAD_AGENT)
    lead.get_by_label("Название (на русском)").fill(TITLE)
    lead.get_by_label("Краткое описание (на русском)").fill(SUMMARY)
    lead.get_by_role("group", name="Виды сотрудничества").get_by_role("checkbox", name="Производственное").check()
    lead.get_by_role("group", name="Цели").get_by_role("checkbox", name=OBJECTIVE).check()
    # A partner of another region is invited from the draft (the pre-submit checklist asks for two regions).
    pick(lead, "Пригласить партнёров", "Тамбов", f"{TAMBOV_AGENT} — Тамбовская область")
    lead.get_by_label("Почему участвуют не все четыре звена спирали").fill(HELIX_REASON)
    lead.get_by_role("button", name="Сохранить черновик").click()

    expect(lead).to_have_url(re.compile(r"/projects/\d+/$"))
    project_path = re.sub(r"^https?://[^/]+", "", lead.url)
    expect(lead.get_by_role("status").first).to_contain_text("Черновик сохранён.")
    expect(lead.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(state_badge(lead)).to_have_text("Черновик")
    about = section(lead, "О проекте")
    expect(about).to_contain_text(OBJECTIVE)
    expect(about).to_contain_text("Производственное")
    # Only the lead's link of the spiral takes part: the balance names the three missing ones.
    warning = section(lead, "Баланс четырёхзвенной спирали").get_by_role("status")
    expect(warning).to_contain_text("Четырёхзвенная спираль пока не полная")
    for missing in (NO_GOVERNMENT, NO_SCIENCE, NO_CIVIL):
        expect(warning).to_contain_text(missing)

    # …declares an expected effect with one indicator on the monitoring page of the project…
    section(lead, "Мониторинг и оценка результатов").get_by_role(
        "link", name="Эффекты, показатели и значения: управление"
    ).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Мониторинг и оценка результатов")
    effect_form = section(lead, "Заявить ожидаемый эффект")
    effect_form.get_by_label("Вид эффекта").select_option(label="Экономический эффект")
    effect_form.get_by_label("Чего ожидает проект").fill("Новые заказы для машиностроителей обоих регионов.")
    effect_form.get_by_role("button", name="Заявить эффект").click()
    indicator_form = section(lead, "Добавить показатель")
    indicator_form.get_by_label("Эффект").select_option(label="Экономический эффект")
    indicator_form.get_by_label("Название (на русском)").fill(INDICATOR)
    indicator_form.get_by_label("Единица измерения").fill("шт.")
    indicator_form.get_by_label("Базовое значение").fill("0")
    indicator_form.get_by_label("Целевое значение").fill("20")
    indicator_form.get_by_role("button", name="Добавить показатель").click()
    indicators = lead.get_by_role("table", name=re.compile(r"^Показатели:"))
    expect(indicators.get_by_role("row", name=re.compile(INDICATOR))).to_contain_text("ещё не измерялся")

    # …and submits it for moderation from the project page.
    lead.get_by_role("main").get_by_role("link", name=TITLE).first.click()
    expect(lead).to_have_url(re.compile(re.escape(project_path) + "$"))
    submit_through_the_checklist(lead)
    expect(lead.get_by_role("link", name="Отправить на модерацию")).to_have_count(0)
    assert "Проект ожидает модерации" in wait_for_mail(cast["moderator"].email, TITLE).subject

    # 2. A moderator opens the queue from the navbar and approves the project.
    moderator = log_in(new_context("ru-RU"), cast["moderator"])
    open_menu(moderator, "Модерация")
    navigation(moderator).get_by_role("link", name="Модерация проектов").click()
    expect(moderator.get_by_role("heading", level=1)).to_have_text("Проекты, ожидающие модерации")
    queued = moderator.get_by_role("article", name=TITLE)
    expect(queued).to_contain_text(LEAD_AGENT)
    expect(queued).to_contain_text("Липецкая область")
    queued.get_by_role("link", name=f"Одобрить и опубликовать — {TITLE}").press("Enter")  # from the keyboard
    confirm(moderator, "Одобрить и опубликовать проект", "Одобрить и опубликовать")
    expect(moderator).to_have_url(re.compile(r"/projects/moderation/"))
    expect(moderator.get_by_role("article", name=TITLE)).to_have_count(0)
    expect(moderator.get_by_role("main")).to_contain_text("Нечего модерировать.")

    # 3. The administrator of the Voronezh agent finds the published project in the catalogue and applies.
    partner = log_in(new_context("ru-RU"), cast["partner"])
    navigation(partner).get_by_role("link", name="Проекты", exact=True).click()
    filters = partner.get_by_role("search", name="Фильтр проектов")
    filters.get_by_label("Поиск").fill("аддитивных")
    filters.get_by_role("group", name="Состояние").get_by_role("checkbox", name="Опубликован").check()
    filters.get_by_role("button", name="Применить").click()
    expect(partner).to_have_url(re.compile(r"\?.*state=published"))
    found = section(partner, "Найден 1 проект")
    expect(found.get_by_role("article")).to_contain_text(LEAD_AGENT)
    found.get_by_role("link", name=TITLE).click()
    expect(state_badge(partner)).to_have_text("Опубликован")
    application = section(partner, "Подать заявку на участие")
    application.get_by_label("Организация").select_option(label=PARTNER_AGENT)
    application.get_by_label("Мотивация").fill("Наша лаборатория аддитивных технологий готова к совместным испытаниям.")
    application.get_by_role("button", name="Подать заявку").click()
    expect(partner.get_by_role("status").first).to_have_text("Ваша заявка отправлена ведущей организации проекта.")
    expect(section(partner, "Участники")).to_contain_text(
        f"{PARTNER_AGENT}: заявка подана {short_date(today)}; ведущая организация ещё не приняла решение."
    )

    # The lead accepts the application on "My projects".
    navigation(lead).get_by_role("link", name="Проекты", exact=True).click()
    # The catalogue's own button: until its stylesheet applies, the account menu's item of the same name counts as
    # visible too (a strict-mode failure seen once under load).
    expect(lead.get_by_role("heading", level=1)).to_have_text("Проекты сотрудничества")
    lead.get_by_role("main").get_by_role("link", name="Мои проекты").click()
    applications = lead.get_by_role("table", name="Заявки, ожидающие вашего решения")
    expect(applications.get_by_role("row", name=re.compile(PARTNER_AGENT))).to_contain_text(TITLE)
    applications.get_by_role("button", name=f"Принять — {PARTNER_AGENT}").click()
    expect(lead.get_by_role("table", name="Заявки, ожидающие вашего решения")).to_have_count(0)
    assert "Ваша заявка на участие" in wait_for_mail(cast["partner"].email, TITLE).subject
    lead.get_by_role("main").get_by_role("link", name=TITLE).first.click()
    participants = lead.get_by_role("table", name="Организации, участвующие в проекте")
    expect(
        participants.get_by_role("row", name=f"{PARTNER_AGENT} Наука и образование Воронежская область Партнёр")
    ).to_be_visible()
    expect(lead.get_by_role("main").locator("header")).to_contain_text("Межрегиональный")
    # Science and education take part now; the government and civil society are still missing.
    warning = section(lead, "Баланс четырёхзвенной спирали").get_by_role("status")
    expect(warning).to_contain_text(NO_GOVERNMENT)
    expect(warning).to_contain_text(NO_CIVIL)
    expect(warning).not_to_contain_text(NO_SCIENCE)

    # 4. The lead invites the expert from the experts panel of the project page…
    experts = section(lead, "Эксперты")
    experts.get_by_label("Кого пригласить").select_option(label=f"{EXPERT} — Воронежская область")
    experts.get_by_label("Сообщение эксперту").fill("Помогите выбрать режимы печати.")
    experts.get_by_role("button", name="Пригласить").click()
    expect(section(lead, "Эксперты")).to_contain_text(
        f"{EXPERT} (Воронежская область), приглашение от {short_date(today)}"
    )

    # …and the expert, told by a notification, accepts on their invitations page.
    expert = log_in(new_context("ru-RU"), cast["expert"])
    navigation(expert).get_by_role("link", name=re.compile(r"^Уведомления\W+1 непрочитанное$")).click()
    expert.get_by_role("button", name=f"Приглашение экспертом в проект «{TITLE}»", exact=True).click()
    expect(expert).to_have_url(re.compile(r"/experts/invitations/$"))
    expect(expert.get_by_role("heading", level=1)).to_have_text("Мои приглашения")
    received = expert.get_by_role("table", name="Приглашения вам; сначала ожидающие ответа")
    expect(received.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Помогите выбрать режимы печати.")
    received.get_by_role("button", name=f"Принять приглашение в проект «{TITLE}»").click()
    expect(received.get_by_role("row", name=re.compile(TITLE))).to_contain_text("Принято")
    received.get_by_role("link", name=TITLE).click()
    expect(section(expert, "Эксперты").get_by_role("table").get_by_role("link", name=EXPERT)).to_be_visible()

    # 5. The lead starts the project and records a value of the indicator on the project page.
    lead.reload()
    expect(section(lead, "Эксперты").get_by_role("table").get_by_role("link", name=EXPERT)).to_be_visible()
    lead.get_by_role("link", name="Начать реализацию").click()
    confirm(lead, "Начать реализацию", "Начать реализацию")  # the actual start: today, as offered
    expect(state_badge(lead)).to_have_text("Реализуется")
    value_form = section(lead, "Мониторинг и оценка результатов").get_by_role("form", name="Внести значение")
    value_form.get_by_label("Показатель").select_option(label=f"{INDICATOR} (шт.) · Экономический эффект")
    value_form.get_by_label("Дата").fill(today.isoformat())
    value_form.get_by_label("Значение").fill("5")
    value_form.get_by_role("button", name="Внести значение").click()
    monitoring = section(lead, "Мониторинг и оценка результатов")
    row = monitoring.get_by_role("table", name=re.compile(r"^Показатели:")).get_by_role(
        "row", name=re.compile(INDICATOR)
    )
    expect(row.get_by_role("cell").nth(4)).to_have_text(f"5 ({short_date(today)})")  # the latest value
    expect(row.get_by_role("cell").nth(5)).to_have_text("25 %")  # 5 of the way from 0 to 20
    # The chart (a canvas with a text alternative) is drawn by Chart.js with the same figure.
    chart = monitoring.get_by_role("img", name=re.compile("диаграмма"))
    expect(chart).to_be_visible()
    lead.wait_for_function("canvas => window.Chart && Chart.getChart(canvas)", arg=chart.element_handle())
    assert chart.evaluate("canvas => Chart.getChart(canvas).data.datasets[0].data") == [25]

    # 6. The lead declares the project completed and publishes the closing report.
    lead.get_by_role("link", name="Объявить завершённым").click()
    confirm(lead, "Объявить проект завершённым", "Объявить завершённым")
    expect(state_badge(lead)).to_have_text("Завершён")
    lead.get_by_role("link", name="Написать итоговый отчёт").click()
    expect(lead.get_by_role("heading", level=1)).to_have_text("Итоговый отчёт")
    report_form = section(lead, "Написать итоговый отчёт")
    report_form.get_by_label("Краткое изложение на русском").fill("Центр изготовил первые прототипы для трёх заводов.")
    report_form.get_by_label("Краткое изложение на английском").fill(
        "The centre made the first prototypes for three plants."
    )
    report_form.get_by_label("Извлечённые уроки, на русском").fill(LESSONS)
    report_form.get_by_label("Опубликовать отчёт").check()
    report_form.get_by_role("button", name="Сохранить отчёт").click()
    expect(lead.get_by_role("status").first).to_have_text("Итоговый отчёт сохранён и опубликован.")
    expect(lead.get_by_role("article", name="Отчёт")).to_contain_text(f"Опубликован {long_date(today)}")

    # An anonymous visitor finds the report in the library of lessons learned by a word of it…
    visitor = new_context("ru-RU").new_page()
    visitor.goto("/")
    open_menu(visitor, "Аналитика")
    navigation(visitor).get_by_role("link", name="Извлечённые уроки").click()
    library = visitor.get_by_role("search", name="Поиск по итоговым отчётам")
    library.get_by_label("Поиск").fill(SEARCH_WORD)
    library.get_by_role("button", name="Поиск", exact=True).click()
    expect(visitor).to_have_url(re.compile(r"\?q="))
    found = section(visitor, "Найден 1 отчёт")
    expect(found.get_by_role("article")).to_contain_text(LESSONS)
    expect(found.get_by_role("article")).to_contain_text("Воронежская область, Липецкая область")
    found.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Итоговый отчёт")
    expect(visitor.get_by_role("article", name="Отчёт")).to_contain_text(LESSONS)
    # …a word the report does not contain finds nothing…
    visitor.get_by_role("link", name="Библиотека извлечённых уроков").click()
    visitor.get_by_role("search", name="Поиск по итоговым отчётам").get_by_label("Поиск").fill("гидропоника")
    visitor.keyboard.press("Enter")  # the search field submits its form
    expect(visitor.get_by_role("heading", level=2, name="Найдено 0 отчётов")).to_be_visible()
    expect(visitor.get_by_role("main")).to_contain_text("Ни один итоговый отчёт не подходит под условия поиска.")
    # …and the completed project shows its partner and its expert to everyone.
    visitor.goto(project_path)
    expect(state_badge(visitor)).to_have_text("Завершён")
    expect(visitor.get_by_role("table", name="Организации, участвующие в проекте")).to_contain_text(PARTNER_AGENT)
    expect(section(visitor, "Эксперты").get_by_role("table")).to_contain_text(EXPERT)
    expect(
        section(visitor, "Мониторинг и оценка результатов").get_by_role("link", name="Читать итоговый отчёт")
    ).to_be_visible()


# --- The proposer's journey with one account (issue #12).

PROPOSER_TITLE = "Испытательный полигон беспилотников"
PLANNED_START = "2027-02-01"


@pytest.fixture
def proposer_cast(lipetsk, voronezh, make_user) -> dict:
    """A representative (not an administrator) of the Lipetsk agent, the Voronezh university's administrator,
    a moderator; the lead agent also has an administrator, who takes no step."""
    lead_agent = AgentFactory(region=lipetsk, helix=Helix.BUSINESS, name=LEAD_AGENT, name_en="Lipetsk Machine Tools")
    MembershipFactory(agent=lead_agent, role=AgentRole.ADMINISTRATOR, user__full_name="Пётр Ильич Админов")
    partner_agent = AgentFactory(
        region=voronezh, helix=Helix.SCIENCE, name=PARTNER_AGENT, name_en="Voronezh University"
    )
    ObjectiveFactory(helix=Helix.BUSINESS, text_ru=OBJECTIVE, text_en="Entering new markets")
    return {
        "proposer": MembershipFactory(
            agent=lead_agent, role=AgentRole.REPRESENTATIVE, user__full_name="Светлана Андреевна Котова"
        ).user,
        "partner": MembershipFactory(
            agent=partner_agent, role=AgentRole.ADMINISTRATOR, user__full_name="Ольга Николаевна Белова"
        ).user,
        "moderator": make_user(SiteRole.MODERATOR, full_name="Мария Ивановна Орлова"),
    }


def test_the_proposer_runs_their_project_from_the_draft_to_its_completion(new_context, proposer_cast):
    today = timezone.localdate()
    actual_start = today - timezone.timedelta(days=10)

    # 1. The representative drafts the project with its partner and planned dates…
    proposer = log_in(new_context("ru-RU"), proposer_cast["proposer"])
    navigation(proposer).get_by_role("link", name="Проекты", exact=True).click()
    proposer.get_by_role("link", name="Подготовить проект").click()
    expect(proposer.get_by_role("heading", level=1)).to_have_text("Подготовить проект")
    proposer.get_by_label("Название (на русском)").fill(PROPOSER_TITLE)
    proposer.get_by_role("group", name="Виды сотрудничества").get_by_role("checkbox", name="Производственное").check()
    proposer.get_by_role("group", name="Цели").get_by_role("checkbox", name=OBJECTIVE).check()
    pick(proposer, "Пригласить партнёров", "опорный", f"{PARTNER_AGENT} — Воронежская область")
    proposer.get_by_label("Почему участвуют не все четыре звена спирали").fill(HELIX_REASON)
    proposer.get_by_label("Дата начала").fill(PLANNED_START)
    proposer.get_by_role("button", name="Сохранить черновик").click()
    expect(state_badge(proposer)).to_have_text("Черновик")
    project_path = re.sub(r"^https?://[^/]+", "", proposer.url)
    pending = proposer.get_by_role("table", name="Заявки и приглашения, ожидающие ответа")
    expect(pending.get_by_role("row", name=re.compile(PARTNER_AGENT))).to_contain_text(
        "Приглашение будет отправлено после публикации проекта"
    )

    # …opens the submission, whose checklist sends them to declare an effect with an indicator…
    proposer.get_by_role("link", name="Отправить на модерацию").click()
    checklist = section(proposer, "Перед отправкой").get_by_role("list", name="Контрольный список")
    expect(checklist.get_by_role("listitem").filter(has_text="Не выполнено:")).to_have_count(1)
    expect(proposer.get_by_role("button", name="Отправить на модерацию")).to_have_count(0)
    checklist.get_by_role("link", name="Заявить эффекты и показатели").click()
    expect(proposer.get_by_role("heading", level=1)).to_have_text("Мониторинг и оценка результатов")
    effect_form = section(proposer, "Заявить ожидаемый эффект")
    effect_form.get_by_label("Вид эффекта").select_option(label="Экономический эффект")
    effect_form.get_by_label("Чего ожидает проект").fill("Заказы на испытания от трёх заводов.")
    effect_form.get_by_role("button", name="Заявить эффект").click()
    indicator_form = section(proposer, "Добавить показатель")
    indicator_form.get_by_label("Эффект").select_option(label="Экономический эффект")
    indicator_form.get_by_label("Название (на русском)").fill(INDICATOR)
    indicator_form.get_by_label("Единица измерения").fill("шт.")
    indicator_form.get_by_label("Базовое значение").fill("0")
    indicator_form.get_by_label("Целевое значение").fill("20")
    indicator_form.get_by_role("button", name="Добавить показатель").click()
    expect(proposer.get_by_role("table", name=re.compile(r"^Показатели:"))).to_contain_text(INDICATOR)

    # …and goes back from the monitoring page to the checklist, every line checked now, and submits it.
    submit_through_the_checklist(proposer)

    # 2. A moderator approves it; the partner invited from the draft is told now.
    moderator = log_in(new_context("ru-RU"), proposer_cast["moderator"])
    moderator.goto(project_path)
    moderator.get_by_role("link", name="Одобрить и опубликовать").click()
    confirm(moderator, "Одобрить и опубликовать проект", "Одобрить и опубликовать")
    expect(state_badge(moderator)).to_have_text("Опубликован")
    assert "Приглашение к участию" in wait_for_mail(proposer_cast["partner"].email, PROPOSER_TITLE).subject

    # 3. The university's administrator accepts the invitation on the project page.
    partner = log_in(new_context("ru-RU"), proposer_cast["partner"])
    partner.goto(project_path)
    invitations = section(partner, "Приглашения вашим организациям")
    invitations.get_by_role("button", name=f"Принять — {PARTNER_AGENT}").click()
    expect(partner.get_by_role("status").first).to_have_text("Ваша организация присоединяется к проекту.")

    # 4. The proposer starts the project on the day the work began, before the planned start…
    proposer.goto(project_path)
    expect(proposer.get_by_role("table", name="Организации, участвующие в проекте")).to_contain_text(PARTNER_AGENT)
    proposer.get_by_role("link", name="Начать реализацию").click()
    expect(proposer.get_by_role("heading", level=1)).to_have_text("Начать реализацию")
    expect(proposer.get_by_label("Фактическая дата начала")).to_have_value(today.isoformat())
    proposer.get_by_label("Фактическая дата начала").fill(actual_start.isoformat())
    proposer.get_by_role("button", name="Начать реализацию", exact=True).click()
    expect(state_badge(proposer)).to_have_text("Реализуется")
    expect(section(proposer, "О проекте")).to_contain_text(f"Фактически начат {long_date(actual_start)}")

    # …records a value dated at the actual start (before the planned one)…
    value_form = section(proposer, "Мониторинг и оценка результатов").get_by_role("form", name="Внести значение")
    value_form.get_by_label("Показатель").select_option(label=f"{INDICATOR} (шт.) · Экономический эффект")
    value_form.get_by_label("Дата").fill(actual_start.isoformat())
    value_form.get_by_label("Значение").fill("5")
    value_form.get_by_role("button", name="Внести значение").click()
    row = (
        section(proposer, "Мониторинг и оценка результатов")
        .get_by_role("table", name=re.compile(r"^Показатели:"))
        .get_by_role("row", name=re.compile(INDICATOR))
    )
    expect(row.get_by_role("cell").nth(4)).to_have_text(f"5 ({short_date(actual_start)})")

    # …and declares it completed: the first time they cancel on the confirmation page, and nothing happens.
    proposer.get_by_role("link", name="Объявить завершённым").click()
    expect(proposer.get_by_role("heading", level=1)).to_have_text("Объявить проект завершённым")
    expect(section(proposer, "Что произойдёт")).to_contain_text("Завершённый проект нельзя возобновить.")
    proposer.get_by_role("main").get_by_role("link", name="Отмена").click()
    expect(state_badge(proposer)).to_have_text("Реализуется")
    proposer.get_by_role("link", name="Объявить завершённым").click()
    confirm(proposer, "Объявить проект завершённым", "Объявить завершённым")
    expect(state_badge(proposer)).to_have_text("Завершён")
