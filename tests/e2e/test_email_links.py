"""E-mails lead somewhere: in Russian, the default language, a person opens the absolute link of a mail
in the browser and lands on the page it is about.

``SITE_URL`` is the live server's address, as it would be the portal's public address in production.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.choices import SiteRole
from cooperation.choices import AgentRole, ProjectState
from cooperation.services.projects import project_request_changes
from tests.accounts.factories import PASSWORD, UserFactory, grant
from tests.cooperation.factories import MembershipFactory, ProjectFactory

from .helpers import wait_for_mail

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_locale() -> str:
    return "ru-RU"


@pytest.fixture(autouse=True)
def _site_url(settings, live_server):
    settings.SITE_URL = live_server.url


def mail_link(body: str, site: str, path_prefix: str) -> str:
    """The first absolute link of ``body`` to ``path_prefix`` on ``site``; every link must be on ``site``."""
    links = re.findall(r"https?://\S+", body)
    assert links and all(link.startswith(f"{site}/") for link in links), links
    matching = [link for link in links if link.startswith(f"{site}{path_prefix}")]
    assert matching, f"No link to {path_prefix} in:\n{body}"
    return matching[0]


def test_the_sign_up_mail_names_the_portal_and_its_link_confirms_the_address(page: Page, live_server):
    email = "olga@example.org"
    page.goto("/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()

    message = wait_for_mail(email)
    assert message.subject.startswith("[Спираль] ")
    assert "Вас приветствует портал «Спираль»!" in message.body
    link = mail_link(message.body, live_server.url, "/accounts/confirm-email/")

    page.goto(link)
    expect(page.locator("main")).to_contain_text(email)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/")


def test_a_request_for_changes_mail_opens_the_project_with_the_comment(page: Page, live_server, reference_data):
    project = ProjectFactory(state=ProjectState.SUBMITTED, title_ru="Кластер датчиков")
    lead = MembershipFactory(agent=project.lead_agent, role=AgentRole.ADMINISTRATOR, user__language="ru").user
    moderator = UserFactory()
    grant(moderator, SiteRole.MODERATOR)
    comment = "Уточните бюджет по этапам."

    project_request_changes(project=project, actor=moderator, comment=comment)

    message = wait_for_mail(lead.email, "Кластер датчиков")
    assert message.subject.startswith("[Спираль] ")
    assert comment in message.body
    link = mail_link(message.body, live_server.url, f"/projects/{project.pk}/")
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(lead.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Кластер датчиков")
    expect(page.locator("main")).to_contain_text(comment)
