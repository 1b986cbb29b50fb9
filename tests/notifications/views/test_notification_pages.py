"""The notification list, opening and marking read, the settings page and the navbar count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Notification, NotificationSetting
from notifications.selectors import forget_unread_notification_count
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

APPROVED = "cooperation/email/project_approved"


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_visitors_are_sent_to_log_in(client):
    for url in ("/notifications/", "/notifications/settings/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_list_shows_the_users_notifications_newest_first_unread_highlighted(client, user):
    old = NotificationFactory(recipient=user, text="Старое", read_at="2025-01-01T00:00:00Z")
    new = NotificationFactory(recipient=user, text="Новое")
    NotificationFactory(text="Чужое")

    response = client.get("/notifications/")

    assert list(response.context["notifications"]) == [new, old]
    html = response.content.decode()
    assert "Чужое" not in html
    assert html.count("notification-unread") == 1
    assert html.index("Новое") < html.index("Старое")


def test_the_unread_tab_lists_only_unread_notifications(client, user):
    NotificationFactory(recipient=user, read_at="2025-01-01T00:00:00Z")
    unread = NotificationFactory(recipient=user)

    response = client.get("/notifications/", {"unread": "1"})

    assert list(response.context["notifications"]) == [unread]


def test_the_list_is_paginated(client, user):
    NotificationFactory.create_batch(25, recipient=user)

    first = client.get("/notifications/")
    second = client.get("/notifications/", {"page": 2})

    assert len(first.context["notifications"]) == 20
    assert len(second.context["notifications"]) == 5


def test_the_list_page_costs_the_same_queries_for_2_and_10_notifications(client, user):
    client.get("/notifications/")  # the user's cached state (roles, memberships) is warm for both measured requests

    def queries(count: int) -> int:
        Notification.objects.all().delete()
        NotificationFactory.create_batch(count, recipient=user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/notifications/").status_code == 200
        return len(captured)

    assert queries(2) == queries(10)


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, user):
    notification = NotificationFactory(recipient=user, url="/agents/7/")

    response = client.post(f"/notifications/{notification.pk}/open/")

    assert response.status_code == 302
    assert response["Location"] == "/agents/7/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_never_redirects_off_site(client, user):
    notification = NotificationFactory(recipient=user, url="https://evil.example/")

    response = client.post(f"/notifications/{notification.pk}/open/")

    assert response["Location"] == "/notifications/"


def test_opening_or_marking_is_a_post_only_action(client, user):
    notification = NotificationFactory(recipient=user)

    assert client.get(f"/notifications/{notification.pk}/open/").status_code == 405
    assert client.get(f"/notifications/{notification.pk}/read/").status_code == 405
    assert client.get("/notifications/read-all/").status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_marking_one_read_returns_to_the_list(client, user):
    notification = NotificationFactory(recipient=user)

    response = client.post(f"/notifications/{notification.pk}/read/", {"next": "/notifications/?page=1"})

    assert response["Location"] == "/notifications/?page=1"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_not_found(client, user):
    other = NotificationFactory()

    assert client.post(f"/notifications/{other.pk}/open/").status_code == 404
    assert client.post(f"/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read(client, user):
    NotificationFactory.create_batch(3, recipient=user)
    other = NotificationFactory()

    response = client.post("/notifications/read-all/", follow=True)

    assert response.redirect_chain[-1][0] == "/notifications/"
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.read_at is None


def test_the_navbar_shows_the_unread_count_with_a_text_for_screen_readers(client, user):
    NotificationFactory.create_batch(3, recipient=user)
    NotificationFactory(recipient=user, read_at="2025-01-01T00:00:00Z")
    NotificationFactory()

    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<span class="badge rounded-pill text-bg-danger ms-1" aria-hidden="true">3</span>' in html
    assert '<span class="visually-hidden">, 3 unread</span>' in html


def test_the_navbar_count_is_one_query_and_absent_without_unread(client, user):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load notifications_tags %}{% unread_notification_count as n %}{{ n }}")
    NotificationFactory.create_batch(2, recipient=user)

    with CaptureQueriesContext(connection) as captured:
        first = template.render(Context({"request": request}))
        second = template.render(Context({"request": request}))

    assert (first, second) == ("2", "2")
    assert len(captured) == 1
    # A write without the ORM's signals drops the user's cached count itself (as the services do).
    Notification.objects.filter(recipient=user).update(read_at="2025-01-01T00:00:00Z")
    forget_unread_notification_count([user.pk])
    assert "text-bg-danger" not in client.get("/").content.decode()


def test_the_settings_page_lists_every_event_with_labelled_check_boxes(client, user):
    html = client.get("/notifications/settings/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "<caption" in html
    assert "A project of my organisation was approved" in html
    field = "email-cooperation-email-project_approved"
    assert f'name="{field}" id="id_{field}" checked' in html
    assert f'<label class="visually-hidden" for="id_{field}">' in html


def test_saving_the_settings_form_stores_the_unchecked_boxes(client, user):
    page = client.get("/notifications/settings/")
    form = page.context["form"]
    data = {name: "on" for name in form.fields}
    del data["email-cooperation-email-project_approved"]
    del data["portal-cooperation-email-project_submitted"]

    response = client.post("/notifications/settings/", data)

    assert response.status_code == 302
    assert set(NotificationSetting.objects.filter(user=user).values_list("event", "portal", "email")) == {
        (APPROVED, True, False),
        ("cooperation/email/project_submitted", False, True),
    }
    again = client.get("/notifications/settings/").context["form"]
    assert again["email-cooperation-email-project_approved"].value() is False


def test_the_profile_links_to_the_settings(client, user):
    assert 'href="/notifications/settings/"' in client.get("/accounts/profile/").content.decode()
