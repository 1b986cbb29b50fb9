"""The public pages that explain Spiral lead an anonymous visitor only where they may go, or say that a page needs
logging in (walking issue #12's visitor journey, "How Spiral works" sent them to the network of cooperation and the
home page to the structures: both answered with the log-in page, unannounced)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


def internal_links(html: str) -> set[str]:
    return {
        href.replace("&amp;", "&")
        for href in re.findall(r'href="(/[^"#]*)"', html)
        if not href.startswith(("/static/", "/media/"))
    }


@pytest.mark.parametrize("page", ["home", "about"])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_no_link_of_the_explaining_pages_hits_a_log_in_wall_unannounced(client, page, language):
    html = client.get(reverse(page), headers={"accept-language": language}).content.decode()
    links = internal_links(html)

    assert len(links) > 10  # the scan found the page's links
    walled = []
    for href in sorted(links):
        if href.startswith(LOGIN) or href.startswith(reverse("account_signup")):
            continue  # a link to the log-in page says so
        response = client.get(href, headers={"accept-language": language})
        if response.status_code == 302 and response.url.startswith(LOGIN):
            walled.append(href)
    assert walled == []


def test_the_pages_for_signed_in_users_are_offered_through_the_log_in_page(client):
    html = client.get(reverse("about"), headers={"accept-language": "en"}).content.decode()

    assert f'href="{LOGIN}?next=/cooperation/network/"' in html
    assert f'href="{LOGIN}?next=/cooperation/structures/"' in html
    assert "after logging in" in html
