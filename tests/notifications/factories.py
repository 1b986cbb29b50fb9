import factory

from notifications.models import Notification, NotificationSetting
from tests.accounts.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    """An unread notification about an agent's verification; pass ``read_at`` for a read one."""

    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    event = "cooperation/email/agent_verified"
    text = factory.Sequence(lambda n: f"Организация верифицирована: Организация {n}")
    url = factory.Sequence(lambda n: f"/agents/{n}/")


class NotificationSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationSetting

    user = factory.SubFactory(UserFactory)
    event = "cooperation/email/agent_verified"
    portal = True
    email = True
