from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    """A notification of the caller: its text (in the language it was written for), link and read state."""

    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "event", "text", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    """How many notifications were marked read."""

    marked = serializers.IntegerField()


class EventChoiceSerializer(serializers.Serializer):
    """One registered event and whether the caller receives it in the portal and by e-mail."""

    event = serializers.CharField(help_text=_("The event's key."))
    label = serializers.CharField(read_only=True)
    portal = serializers.BooleanField()
    email = serializers.BooleanField()


class EventChoicePatchSerializer(EventChoiceSerializer):
    """A change of one event's channels; a channel left out keeps its value."""

    portal = serializers.BooleanField(required=False)
    email = serializers.BooleanField(required=False)
