"""The unread count in every signed-in page's header is cached per user: each write of their notifications drops it."""

import pytest
from django.db import transaction

from notifications.models import Notification
from notifications.selectors import unread_notification_count
from notifications.services import notification_mark_read, notify
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import AgentFactory
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db

EVENT = "cooperation/email/agent_verified"


def test_the_count_is_read_once_then_served_from_the_cache(django_assert_num_queries):
    user = UserFactory()
    NotificationFactory(recipient=user)

    with django_assert_num_queries(1):
        assert unread_notification_count(user) == 1
    with django_assert_num_queries(0):
        assert unread_notification_count(user) == 1


def test_a_notification_created_or_deleted_changes_the_cached_count():
    user = UserFactory()
    assert unread_notification_count(user) == 0

    notification = NotificationFactory(recipient=user)
    assert unread_notification_count(user) == 1

    notification.delete()
    assert unread_notification_count(user) == 0


def test_notify_drops_the_recipients_cached_count(lipetsk, django_capture_on_commit_callbacks):
    """``notify`` writes with ``bulk_create``, which sends no signal."""
    user = UserFactory()
    assert unread_notification_count(user) == 0

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        notify(users=[user], template=EVENT, context={"agent": AgentFactory(region=lipetsk)})

    assert Notification.objects.filter(recipient=user).count() == 1
    assert unread_notification_count(user) == 1


@pytest.mark.parametrize("one", [True, False], ids=["one", "all"])
def test_marking_read_drops_the_cached_count(one):
    """Marking read is a queryset ``update``, which sends no signal."""
    user = UserFactory()
    first = NotificationFactory(recipient=user)
    NotificationFactory(recipient=user)
    assert unread_notification_count(user) == 2

    notification_mark_read(user=user, notification=first if one else None)

    assert unread_notification_count(user) == (1 if one else 0)


def test_the_header_shows_the_new_count_after_a_notification_arrives(client):
    user = UserFactory()
    client.force_login(user)
    client.get("/accounts/profile/")  # caches the count 0

    NotificationFactory(recipient=user)

    assert client.get("/accounts/profile/").context["request"]._unread_notification_count == 1


def test_one_users_count_is_not_served_to_another():
    first, second = UserFactory(), UserFactory()
    NotificationFactory(recipient=first)

    assert unread_notification_count(first) == 1
    assert unread_notification_count(second) == 0
