"""Notifications are private: only their recipient sees and marks them; every signed-in user has settings."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("permission", ["notifications.view_notification", "notifications.change_notification"])
def test_only_the_recipient_may_see_or_mark_a_notification(make_user, permission):
    notification = NotificationFactory()

    assert notification.recipient.has_perm(permission, notification)
    assert not make_user().has_perm(permission, notification)
    assert not make_user(SiteRole.ADMINISTRATOR).has_perm(permission, notification)
    assert not make_user(SiteRole.MODERATOR).has_perm(permission, notification)
    assert not AnonymousUser().has_perm(permission, notification)


@pytest.mark.parametrize(
    "permission",
    [
        "notifications.list_notification",
        "notifications.view_notificationsetting",
        "notifications.change_notificationsetting",
    ],
)
def test_signed_in_users_have_a_list_and_settings_visitors_do_not(make_user, permission):
    assert make_user().has_perm(permission)
    assert not AnonymousUser().has_perm(permission)


def test_every_notifications_rule_is_checked_here():
    import rules

    registered = {name for name in rules.permissions.permissions if name.startswith("notifications.")}

    assert registered == {
        "notifications.view_notification",
        "notifications.change_notification",
        "notifications.list_notification",
        "notifications.view_notificationsetting",
        "notifications.change_notificationsetting",
    }, "a notifications rule is not checked by this module: add it to a test above and here"
