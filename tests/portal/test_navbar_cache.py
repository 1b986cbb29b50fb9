"""The navbar is rendered once per audience, language and address, then served from the cache
(``portal.templatetags.navbar_tags``): no visitor is served another's navbar, a change a visitor makes shows on
their next request, and the request's own parts (CSRF token, the address the language switch returns to) are
always this request's."""

import re

import pytest
from django.test import Client

from accounts.choices import SiteRole
from accounts.models import User
from tests.accounts.factories import UserFactory, grant
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

NAVBAR_INCLUDE = "cooperation/includes/navbar_projects.html"


def navbar(response) -> str:
    html = response.content.decode()
    return html[html.index("<header>") : html.index("</header>")]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def get(client: Client, path: str = "/about/", language: str = "en"):
    return client.get(path, HTTP_ACCEPT_LANGUAGE=language)


def test_the_second_request_is_served_the_cached_navbar():
    client = signed_in(UserFactory())

    first, second = get(client), get(client)

    assert NAVBAR_INCLUDE in [template.name for template in first.templates]
    assert NAVBAR_INCLUDE not in [template.name for template in second.templates]
    assert navbar(second).count("csrfmiddlewaretoken") == 2  # the language switch and the log-out


def test_each_user_sees_their_own_name_and_count_on_the_same_page():
    alice, bob = UserFactory(full_name="Alice Anders"), UserFactory(full_name="Bob Berg")
    NotificationFactory.create_batch(3, recipient=alice)

    as_alice = navbar(get(signed_in(alice)))
    as_bob = navbar(get(signed_in(bob)))
    anonymous = navbar(get(Client()))

    assert "Alice" in as_alice and ", 3 unread" in as_alice
    assert "Alice" not in as_bob and "unread" not in as_bob and "Bob" in as_bob
    assert "Alice" not in anonymous and "Bob" not in anonymous and "Log in" in anonymous


def test_a_moderator_sees_the_moderation_menu_and_the_next_user_does_not():
    moderator, user = UserFactory(), UserFactory()
    grant(moderator, SiteRole.MODERATOR)

    assert "Moderation" in navbar(get(signed_in(moderator)))
    assert "Moderation" not in navbar(get(signed_in(user)))


def test_a_role_granted_a_new_name_and_a_new_notification_show_on_the_next_request(django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Carol Clark")
    client = signed_in(user)
    assert "Carol" in navbar(get(client)) and "Moderation" not in navbar(get(client))

    user.full_name = "Dana Doyle"
    user.save()
    assert "Dana" in navbar(get(client)) and "Carol" not in navbar(get(client))

    with django_capture_on_commit_callbacks(execute=True):
        NotificationFactory(recipient=user)
    assert ", 1 unread" in navbar(get(client))

    with django_capture_on_commit_callbacks(execute=True):
        grant(user, SiteRole.MODERATOR)
    assert "Moderation" in navbar(get(client))


def test_the_language_and_the_current_entry_follow_the_request():
    client = signed_in(UserFactory())

    english, russian = navbar(get(client, "/regions/")), navbar(get(client, "/regions/", "ru"))
    organisations = navbar(get(client, "/agents/"))

    assert "Organisations" in english and "Организации" in russian
    assert re.search(r'href="/regions/" aria-current="page"', english)
    assert not re.search(r'href="/regions/" aria-current="page"', organisations)
    assert re.search(r'href="/agents/" aria-current="page"', organisations)


def test_the_language_switch_returns_to_this_requests_address_with_this_requests_token():
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory())
    get(client, "/about/?from=a")  # fills the cache

    html = navbar(get(client, "/about/?from=b&x=<y>"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    assert 'name="next" type="hidden" value="/about/?from=b&amp;x=%3Cy%3E"' in html
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/about/", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
