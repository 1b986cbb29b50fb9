"""The living-laboratory home in headless Chromium.

An anonymous visitor sees the featured and the newly opened projects and follows one; an agent
administrator sees the invitation of their agent awaiting an answer, follows it to the project page,
accepts it there, and the home page no longer lists it. Links and buttons are found by their accessible
role and name and the lists by the headings that label their sections, as a screen reader would.
"""

import pytest
from playwright.sync_api import Page, expect

from cooperation.choices import AgentRole, Helix, ParticipantStatus, ProjectState
from cooperation.models import ProjectTransition
from tests.accounts.factories import PASSWORD
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

FEATURED = "Agro-biotechnology cluster of the Black Earth"
NEW = "Interregional additive manufacturing centre"
INVITING = "Joint laboratory of seed production"


def published(**fields):
    project = ProjectFactory(state=ProjectState.PUBLISHED, **fields)
    ProjectTransition.objects.create(
        project=project, from_state=ProjectState.SUBMITTED, to_state=ProjectState.PUBLISHED
    )
    return project


def section(page: Page, heading: str):
    """The region (``<section aria-labelledby>``) named by ``heading``."""
    return page.get_by_role("region", name=heading)


def log_in(page: Page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url("/accounts/login/")


def test_an_anonymous_visitor_sees_featured_and_newly_opened_projects_and_follows_one(page: Page, lipetsk):
    ProjectFactory(
        state=ProjectState.ACTIVE, is_featured=True, title_ru="Агробиотехнологический кластер", title_en=FEATURED
    )
    published(title_ru="Межрегиональный центр аддитивных технологий", title_en=NEW)

    page.goto("/")

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(section(page, "Featured projects").get_by_role("link", name=FEATURED)).to_be_visible()
    new = section(page, "Newly opened for partners")
    expect(new.get_by_role("listitem")).to_have_count(1)
    new.get_by_role("link", name=NEW).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEW)
    # signed out, no interaction or level is shown: an invitation to log in instead
    page.goto("/")
    expect(section(page, "Cooperation between regions").get_by_role("link", name="Log in")).to_be_visible()


def test_an_agent_administrator_follows_a_pending_invitation_and_answers_it(page: Page, lipetsk, voronezh):
    membership = MembershipFactory(
        agent=AgentFactory(
            region=lipetsk, name="Липецкий технопарк", name_en="Lipetsk Technopark", helix=Helix.BUSINESS
        ),
        role=AgentRole.ADMINISTRATOR,
    )
    project = published(
        title_ru="Совместная лаборатория семеноводства",
        title_en=INVITING,
        lead_agent=AgentFactory(region=voronezh, name_en="Voronezh Agrarian University", helix=Helix.SCIENCE),
    )
    ParticipantFactory(project=project, agent=membership.agent, status=ParticipantStatus.INVITED)
    log_in(page, membership.user)

    page.goto("/")
    pending = section(page, "Awaiting your answer")
    expect(pending).to_contain_text("Lipetsk Technopark is invited by Voronezh Agrarian University to")
    pending.get_by_role("link", name=INVITING).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(INVITING)
    page.get_by_role("button", name="Accept").click()

    page.goto("/")
    expect(section(page, "Awaiting your answer")).to_contain_text("Nothing awaits your answer.")
    expect(section(page, "Projects of your organisations").get_by_role("link", name=INVITING)).to_be_visible()


def test_the_navigation_of_a_moderator_fits_a_1280_pixel_screen_without_sideways_scrolling(page: Page, make_user):
    from accounts.choices import SiteRole

    # a moderator has the most navigation entries (project moderation, agent moderation, reports)
    log_in(page, make_user(SiteRole.MODERATOR))

    page.goto("/")

    assert page.viewport_size["width"] == 1280
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    navigation = page.get_by_role("navigation", name="Main navigation")
    # one row: the brand, the main entries, the menus and the account entries share a line
    tops = {
        round(box["y"])
        for box in navigation.locator(".nav-link, .navbar-brand").evaluate_all(
            "elements => elements.map(element => element.getBoundingClientRect().toJSON())"
        )
    }
    assert max(tops) - min(tops) < 20, tops
    for name in ("Projects", "Notifications"):
        expect(navigation.get_by_role("link", name=name).first).to_be_visible()
    # the moderation entries are one menu away, reachable from the keyboard
    menu = navigation.get_by_role("button", name="Moderation")
    menu.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    expect(navigation.get_by_role("link", name="Organisations to verify")).to_be_focused()
    for name in ("Project moderation", "Reports"):
        expect(navigation.get_by_role("link", name=name)).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_focused()
    expect(navigation.get_by_role("link", name="Reports")).to_be_hidden()


@pytest.mark.parametrize("browser_locale", ["ru-RU", "en-US"])
def test_a_long_email_as_the_account_name_keeps_the_navigation_on_one_row(page: Page, make_user, browser_locale):
    """A new member has no name yet: the account menu shows their e-mail, which may be long (found walking
    issue #12's sign-up journey at 1280 px: the bar broke onto two lines). The button shows the start of it;
    its accessible name is still the whole address."""
    email = "firstname.middlename-lastname.department@example-organisation.org"
    log_in(page, make_user(email=email, full_name=""))

    page.goto("/")

    navigation = page.locator("header").get_by_role("navigation")  # named in the page's language
    tops = {
        round(box["y"])
        for box in navigation.locator(".nav-link, .navbar-brand").evaluate_all(
            "elements => elements.map(element => element.getBoundingClientRect().toJSON())"
        )
    }
    assert max(tops) - min(tops) < 20, tops
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    expect(navigation.get_by_role("button", name=email, exact=True)).to_be_visible()
