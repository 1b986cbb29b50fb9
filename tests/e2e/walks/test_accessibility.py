"""Every main page passes axe-core's WCAG 2.1 A and AA checks, in Russian and in English.

axe-core (the engine of the browsers' accessibility inspectors) comes from the npm registry as a
development dependency (``package.json``, installed by ``make setup``) and is injected into each
page by the test; it is never served to users. The portal is filled by ``setup_portal`` (reference
data, analytics, demo projects, experts, levels, comments), as ``make run`` fills it, and visited
signed in as the demo administrator (who sees every menu, queue and form) and anonymously. The
contexts bypass the Content-Security-Policy, which would refuse the injected (inline) axe script.
"""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from cooperation.models import Agent, Project
from experts.models import ExpertProfile
from levels.models import IntegratedStructure, Interaction
from tests.e2e.walks.test_csp import sign_in

AXE = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ANONYMOUS_PAGES = [
    "/",
    "/regions/",
    "/agents/",
    "/projects/",
    "/experts/",
    "/reports/",
    "/analytics/",
    "/accounts/login/",
]


def violations(page: Page, path: str) -> list[str]:
    page.goto(path)
    expect(page.locator("main")).to_be_visible()
    page.add_script_tag(path=str(AXE))
    # Only the violations are read: resultTypes spares axe the node lists of the passes (every check still runs).
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG
    )
    return [
        f"{path}: {violation['id']} ({violation['impact']}) at {node['target']}: {violation['help']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def signed_in_pages() -> list[str]:
    project = Project.objects.filter(state="active").order_by("pk").first()
    published = Project.objects.filter(state="published").order_by("pk").first()
    # The states whose moderation buttons show: a submitted project ("Ask for changes"), a project not featured
    # yet ("Feature on the home page") and an agent awaiting verification ("Ask for details").
    submitted = Project.objects.filter(state="submitted").order_by("pk").first()
    not_featured = Project.objects.filter(state="active", is_featured=False, is_hidden=False).order_by("pk").first()
    pending = Agent.objects.filter(is_verified=False, review_status="pending").order_by("pk").first()
    return [
        "/",
        "/regions/RU-VOR/",
        f"/agents/{Agent.objects.order_by('pk').first().pk}/",
        f"/agents/{pending.pk}/",
        f"/projects/{project.pk}/",
        f"/projects/{submitted.pk}/",
        f"/projects/{not_featured.pk}/",
        f"/projects/{project.pk}/monitoring/",
        f"/projects/{project.pk}/complete/",  # a confirmation page
        f"/projects/{published.pk}/start/",  # a confirmation page with the actual start date
        "/projects/new/",
        "/projects/mine/",
        "/projects/moderation/",
        "/agents/moderation/",
        f"/experts/{ExpertProfile.objects.filter(is_published=True).order_by('pk').first().pk}/",
        "/experts/invitations/",
        "/search/?q=кластер",
        "/search/saved/",
        "/search/watches/",
        "/analytics/regions/RU-VOR/",
        "/analytics/map/",
        "/cooperation/network/",
        "/cooperation/regions/RU-VOR/",
        "/cooperation/interactions/",
        f"/cooperation/interactions/{Interaction.objects.order_by('pk').first().pk}/",
        f"/cooperation/structures/{IntegratedStructure.objects.order_by('pk').first().pk}/",
        "/notifications/",
        "/notifications/settings/",
        "/moderation/reports/",
        "/audit/",
        "/accounts/profile/",
    ]


@pytest.mark.parametrize("locale", ["ru-RU", "en-US"])
def test_the_main_pages_pass_axe_core_wcag_a_and_aa(new_context, locale):
    assert AXE.is_file(), f"{AXE} is missing: run `make setup` (npm ci installs axe-core)"
    found = []

    visitor = new_context(locale, bypass_csp=True).new_page()
    for path in ANONYMOUS_PAGES:
        found += violations(visitor, path)

    admin = new_context(locale, bypass_csp=True).new_page()
    sign_in(admin, "admin@spiral.example")
    for path in signed_in_pages():
        found += violations(admin, path)

    assert found == [], "\n".join(found)
