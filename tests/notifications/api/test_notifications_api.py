"""The notifications API: one's own list, marking read, the settings."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from notifications.models import Notification, NotificationSetting
from notifications.registry import events, get_event
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory, NotificationSettingFactory

pytestmark = pytest.mark.django_db

APPROVED = "cooperation/email/project_approved"
SUBMITTED = "cooperation/email/project_submitted"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def user(api):
    user = UserFactory()
    api.force_authenticate(user)
    return user


def test_visitors_get_nothing(api):
    NotificationFactory()

    assert api.get("/api/notifications/").status_code in (401, 403)
    assert api.post("/api/notifications/read-all/").status_code in (401, 403)
    assert api.get("/api/notification-settings/").status_code in (401, 403)
    assert api.patch("/api/notification-settings/", [], format="json").status_code in (401, 403)


def test_the_list_holds_only_the_callers_notifications_newest_first(api, user):
    old = NotificationFactory(recipient=user)
    new = NotificationFactory(recipient=user)
    NotificationFactory()

    data = api.get("/api/notifications/").data

    assert data["count"] == 2
    assert [n["id"] for n in data["results"]] == [new.pk, old.pk]
    assert set(data["results"][0]) == {"id", "event", "text", "url", "created_at", "read_at", "is_read"}


def test_the_list_filters_unread_and_read(api, user):
    read = NotificationFactory(recipient=user, read_at="2025-01-01T00:00:00Z")
    unread = NotificationFactory(recipient=user)

    assert [n["id"] for n in api.get("/api/notifications/", {"unread": "true"}).data["results"]] == [unread.pk]
    assert [n["id"] for n in api.get("/api/notifications/", {"unread": "false"}).data["results"]] == [read.pk]


def test_the_list_costs_the_same_queries_for_2_and_10_notifications(api, user):
    def queries(count: int) -> int:
        Notification.objects.all().delete()
        NotificationFactory.create_batch(count, recipient=user)
        with CaptureQueriesContext(connection) as captured:
            assert len(api.get("/api/notifications/").data["results"]) == count
        return len(captured)

    assert queries(2) == queries(10)


def test_someone_elses_notification_is_not_found(api, user):
    other = NotificationFactory()

    assert api.get(f"/api/notifications/{other.pk}/").status_code == 404
    assert api.post(f"/api/notifications/{other.pk}/read/").status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_marking_one_read(api, user):
    notification = NotificationFactory(recipient=user)

    response = api.post(f"/api/notifications/{notification.pk}/read/")

    assert response.status_code == 200
    assert response.data["is_read"] is True
    assert response.data["read_at"] is not None
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_marking_all_read_answers_how_many_changed(api, user):
    NotificationFactory.create_batch(3, recipient=user)
    other = NotificationFactory()

    assert api.post("/api/notifications/read-all/").data == {"marked": 3}
    assert api.post("/api/notifications/read-all/").data == {"marked": 0}
    other.refresh_from_db()
    assert other.read_at is None


def test_settings_list_every_event_with_the_callers_choices(api, user):
    NotificationSettingFactory(user=user, event=APPROVED, email=False)
    NotificationSettingFactory(event=SUBMITTED, portal=False)  # someone else's

    data = api.get("/api/notification-settings/").data

    assert [item["event"] for item in data] == [event.key for event in events()]
    by_event = {item["event"]: item for item in data}
    assert by_event[APPROVED] == {
        "event": APPROVED,
        "label": str(get_event(APPROVED).label),
        "portal": True,
        "email": False,
    }
    assert by_event[SUBMITTED]["portal"] is True


def test_patch_changes_only_the_channels_it_names(api, user):
    NotificationSettingFactory(user=user, event=APPROVED, email=False)

    response = api.patch("/api/notification-settings/", [{"event": SUBMITTED, "portal": False}], format="json")

    assert response.status_code == 200
    by_event = {item["event"]: item for item in response.data}
    assert (by_event[SUBMITTED]["portal"], by_event[SUBMITTED]["email"]) == (False, True)
    assert (by_event[APPROVED]["portal"], by_event[APPROVED]["email"]) == (True, False)


def test_put_sets_all_events_and_resets_the_unlisted(api, user):
    NotificationSettingFactory(user=user, event=APPROVED, email=False)

    response = api.put(
        "/api/notification-settings/", [{"event": SUBMITTED, "portal": False, "email": False}], format="json"
    )

    assert response.status_code == 200
    assert list(NotificationSetting.objects.filter(user=user).values_list("event", "portal", "email")) == [
        (SUBMITTED, False, False)
    ]


def test_put_needs_both_channels_and_unknown_events_are_per_field_errors(api, user):
    incomplete = api.put("/api/notification-settings/", [{"event": SUBMITTED, "portal": False}], format="json")
    unknown = api.patch("/api/notification-settings/", [{"event": "no/such/event", "email": False}], format="json")

    assert incomplete.status_code == 400
    assert unknown.status_code == 400
    assert "event" in unknown.data
    assert not NotificationSetting.objects.exists()
