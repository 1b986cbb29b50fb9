"""The two helpers behind the pictures and the e-mails: numbers for machines, links for mail readers."""

from decimal import Decimal

import pytest
from django.utils import translation

from core.numbers import machine_number
from core.site import absolute_links, absolute_url, email_context


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (74.4, 2, "74.4"),
        (6, 2, "6"),
        (1.5, 2, "1.5"),
        (0.83333, 2, "0.83"),
        (Decimal("120.50"), 2, "120.5"),
        (-0.001, 2, "0"),
        (1234567.891, 1, "1234567.9"),
        (10, 0, "10"),
        (2.5, 0, "2"),  # round half to even, as Python rounds
    ],
)
def test_machine_numbers_have_a_decimal_point_and_no_grouping_in_every_language(value, places, expected):
    with translation.override("ru"):
        assert machine_number(value, places) == expected


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://spiral.example.org"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/agents/22/", "https://spiral.example.org/agents/22/"),
        ("/projects/3/#comment-7", "https://spiral.example.org/projects/3/#comment-7"),
        (
            "/search/?q=кластер&kind=agent",
            "https://spiral.example.org/search/?q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80&kind=agent",
        ),
        # allauth builds its links from the request's host: they move onto the configured site
        ("http://localhost:8000/accounts/confirm-email/KEY/", "https://spiral.example.org/accounts/confirm-email/KEY/"),
        ("", ""),
    ],
)
def test_absolute_urls_are_on_the_configured_site(site, url, expected):
    assert absolute_url(url) == expected


def test_every_link_of_a_mail_context_is_made_absolute_and_nothing_else_changes(site):
    project = object()
    context = {
        "project": project,
        "url": "/projects/1/",
        "search_url": "/search/?q=x",
        "title": "/not/a/link",
        "matches": [{"title_ru": "Завод", "url": "/agents/22/"}],
    }

    converted = absolute_links(context)

    assert converted["project"] is project
    assert converted["url"] == "https://spiral.example.org/projects/1/"
    assert converted["search_url"] == "https://spiral.example.org/search/?q=x"
    assert converted["title"] == "/not/a/link"
    assert converted["matches"] == [{"title_ru": "Завод", "url": "https://spiral.example.org/agents/22/"}]
    assert context["url"] == "/projects/1/"  # the caller's context (also used for the portal's notification) is kept


@pytest.mark.parametrize(("language", "name"), [("ru", "Спираль"), ("en", "Spiral")])
def test_the_mail_context_names_the_site_in_the_active_language(site, language, name):
    with translation.override(language):
        context = email_context({})

    assert context["site_name"] == name
    assert context["site_url"] == "https://spiral.example.org"
