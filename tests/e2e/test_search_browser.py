"""The partner search in headless Chromium: type a query, apply a filter, share and save the search."""

import re

import pytest
from playwright.sync_api import Page, expect

from search.models import SavedSearch
from search.services import index_rebuild
from tests.accounts.factories import PASSWORD, UserFactory
from tests.search.corpus import build_corpus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["ru-RU", "en-US"])
def browser_locale(request) -> str:
    return request.param


@pytest.fixture
def indexed(reference_data):
    corpus = build_corpus()
    index_rebuild()
    return corpus


def log_in(page: Page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def test_find_filter_and_save_partners(page: Page, indexed, browser_locale):
    english = browser_locale.startswith("en")
    user = UserFactory(language=browser_locale[:2])
    log_in(page, user)
    page.goto("/")
    page.locator("#main-nav a[href='/search/']").click()
    expect(page).to_have_url(re.compile(r"/search/$"))

    # type a query (Russian plural: the singular is found too) and search with the keyboard
    query = page.get_by_role("searchbox")
    query.fill("кластеры")
    query.press("Enter")
    expect(page).to_have_url(re.compile(r"q=%D0%BA"))
    results = page.locator("#search-results article")
    # five: "кластерной" in the university's description begins with the stem too
    expect(results).to_have_count(5)
    expect(results.first).to_contain_text(
        "Interregional biotechnology cluster" if english else "Межрегиональный кластер"
    )

    # apply a filter: agents only (its count is shown beside it)
    agents = page.locator("#facet-kind input[value=agent]")
    expect(page.locator("#facet-kind label[for=f-kind-agent] [data-count]")).to_have_text("3")
    agents.check()
    page.locator("aside").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"kind=agent"))
    expect(results).to_have_count(3)
    expect(page.locator("#facet-kind input[value=agent]")).to_be_checked()

    # the address is the search: the link field holds it, and opening it gives the same results
    shared = page.locator("#share-url").input_value()
    assert "kind=agent" in shared and "q=" in shared

    # save it
    page.locator("#save-search summary").click()
    page.locator("#save-search input[name=name]").fill("Кластеры-агенты")
    page.locator("#save-search").get_by_role("button").click()
    expect(page.locator("[role=status]").first).to_contain_text("Кластеры-агенты")
    saved = SavedSearch.objects.get(user=user)
    assert saved.query.endswith("kind=agent") and saved.alerts_enabled

    # the saved search runs again from the list
    page.goto("/search/saved/")
    page.locator("#saved-searches").get_by_role("link", name="Кластеры-агенты", exact=True).click()
    expect(results).to_have_count(3)
    other = page.context.browser.new_context(base_url=page.url.split("/search/")[0]).new_page()
    other.goto(shared)
    expect(other.locator("#search-results article")).to_have_count(3)
    other.context.close()


def test_why_each_result_matched_on_a_phone(new_context, indexed, browser_locale):
    """#12: partial matches of several words, the matched field with its words marked, no sideways scroll at 390 px;
    a query nothing matches says so and offers related competences."""
    english = browser_locale.startswith("en")
    context = new_context(viewport={"width": 390, "height": 844}, locale=browser_locale)
    page = context.new_page()
    page.goto("/search/?q=кластер+квантовый")

    results = page.locator("#search-results article")
    first = results.first
    expect(first).to_contain_text("Interregional biotechnology cluster" if english else "Межрегиональный кластер")
    why = first.locator("[data-why]")
    expect(why).to_contain_text("1 of 2 words" if english else "1 из 2 слов")
    expect(why.locator("mark").first).to_have_text(re.compile("cluster|кластер", re.I))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.goto("/search/?q=квантовая+гравитация")
    expect(page.locator("#search-nothing")).to_contain_text(
        "Nothing matches “квантовая гравитация”" if english else "Ничто не подходит к «квантовая гравитация»"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
