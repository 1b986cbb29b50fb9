"""Marking notifications read and changing what one receives."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from notifications.models import Notification, NotificationSetting
from notifications.selectors import notification_settings_of, unread_notification_count
from notifications.services import notification_mark_read, notification_settings_update
from tests.accounts.factories import UserFactory
from tests.notifications.factories import NotificationFactory, NotificationSettingFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
APPROVED = "cooperation/email/project_approved"
SUBMITTED = "cooperation/email/project_submitted"


def test_marking_one_notification_read_leaves_the_others_unread():
    first = NotificationFactory()
    second = NotificationFactory(recipient=first.recipient)

    changed = notification_mark_read(user=first.recipient, notification=first, now=NOW)

    assert changed == 1
    assert Notification.objects.get(pk=first.pk).read_at == NOW
    assert Notification.objects.get(pk=second.pk).read_at is None
    assert unread_notification_count(first.recipient) == 1


def test_marking_a_read_notification_again_keeps_its_first_reading_time():
    earlier = NOW - datetime.timedelta(days=1)
    notification = NotificationFactory(read_at=earlier)

    assert notification_mark_read(user=notification.recipient, notification=notification, now=NOW) == 0
    assert Notification.objects.get(pk=notification.pk).read_at == earlier


def test_nobody_marks_someone_elses_notification():
    notification = NotificationFactory()

    with pytest.raises(PermissionDenied):
        notification_mark_read(user=UserFactory(), notification=notification)
    assert Notification.objects.get(pk=notification.pk).read_at is None


def test_marking_all_read_touches_only_the_users_own_notifications():
    mine = NotificationFactory.create_batch(3)[0].recipient
    NotificationFactory.create_batch(2, recipient=mine)
    other = NotificationFactory()

    changed = notification_mark_read(user=mine, now=timezone.now())

    assert changed == 3
    assert unread_notification_count(mine) == 0
    assert unread_notification_count(other.recipient) == 1


def test_settings_start_with_every_channel_on():
    choices = {c.event: c for c in notification_settings_of(UserFactory())}

    assert choices[APPROVED].portal and choices[APPROVED].email
    assert str(choices[APPROVED].label)


def test_changing_one_channel_keeps_the_other():
    user = UserFactory()

    notification_settings_update(user=user, choices={APPROVED: {"email": False}})
    notification_settings_update(user=user, choices={APPROVED: {"portal": False}})

    setting = NotificationSetting.objects.get(user=user, event=APPROVED)
    assert (setting.portal, setting.email) == (False, False)


def test_switching_both_channels_back_on_stores_nothing():
    user = UserFactory()
    NotificationSettingFactory(user=user, event=APPROVED, email=False)

    notification_settings_update(user=user, choices={APPROVED: {"email": True, "portal": True}})

    assert not NotificationSetting.objects.filter(user=user).exists()


def test_resetting_the_others_puts_unlisted_events_back_to_both_on():
    user = UserFactory()
    NotificationSettingFactory(user=user, event=SUBMITTED, email=False)

    notification_settings_update(user=user, choices={APPROVED: {"portal": True, "email": False}}, reset_others=True)

    assert list(NotificationSetting.objects.filter(user=user).values_list("event", "portal", "email")) == [
        (APPROVED, True, False)
    ]


def test_unknown_events_and_channels_are_refused():
    user = UserFactory()

    with pytest.raises(ValidationError) as unknown_event:
        notification_settings_update(user=user, choices={"nothing/email/here": {"email": False}})
    with pytest.raises(ValidationError) as unknown_channel:
        notification_settings_update(user=user, choices={APPROVED: {"sms": False}})
    with pytest.raises(ValidationError):
        notification_settings_update(user=user, choices={APPROVED: {"email": "no"}})

    assert "event" in unknown_event.value.error_dict
    assert "sms" in unknown_channel.value.error_dict
    assert not NotificationSetting.objects.exists()


def test_settings_of_one_user_do_not_touch_anothers():
    user, other = UserFactory(), UserFactory()
    NotificationSettingFactory(user=other, event=APPROVED, portal=False)

    notification_settings_update(user=user, choices={}, reset_others=True)

    assert NotificationSetting.objects.filter(user=other).count() == 1
