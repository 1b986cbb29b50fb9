from django.utils.decorators import classonlymethod
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.parsers import JSONParser
from notifications.filtersets import NotificationFilterSet
from notifications.selectors import notification_settings_of, notifications_of
from notifications.services import notification_mark_read, notification_settings_update

from .serializers import (
    EventChoicePatchSerializer,
    EventChoiceSerializer,
    MarkedSerializer,
    NotificationSerializer,
)


class NotificationApi(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's notifications, newest first. Anyone else's answer 404."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    ordering_fields = ["created_at"]
    rules_permissions = {
        "list": "notifications.list_notification",
        "retrieve": "notifications.view_notification",
        "read": "notifications.change_notification",
        "read_all": "notifications.list_notification",
    }

    def get_queryset(self):
        return notifications_of(self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the notification read (marking it again changes nothing)."""
        notification = self.get_object()
        notification_mark_read(user=request.user, notification=notification)
        return Response(NotificationSerializer(notification).data)

    @extend_schema(request=None, responses={200: MarkedSerializer})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark all of the caller's notifications read; answers how many changed."""
        return Response({"marked": notification_mark_read(user=request.user)})


class NotificationSettingApi(viewsets.GenericViewSet):
    """Every registered event with the caller's choice of channels (both on unless changed).

    ``PUT`` sets the choices of all events (an event left out goes back to both
    channels on); ``PATCH`` changes only the events it lists, and only the
    channels it names.
    """

    serializer_class = EventChoiceSerializer
    pagination_class = None
    filter_backends: list = []
    parser_classes = [JSONParser]
    rules_permissions = {
        "list": "notifications.view_notificationsetting",
        "replace": "notifications.change_notificationsetting",
        "change": "notifications.change_notificationsetting",
    }

    @classonlymethod
    def as_view(cls, actions=None, **initkwargs):
        # The settings are one resource per user: PUT and PATCH act on the collection URL itself,
        # which the router's list route does not map by default.
        if actions and actions.get("get") == "list":
            actions = {**actions, "put": "replace", "patch": "change"}
        return super().as_view(actions, **initkwargs)

    def _choices(self, request) -> Response:
        return Response(EventChoiceSerializer(notification_settings_of(request.user), many=True).data)

    def list(self, request):
        return self._choices(request)

    def _update(self, request, serializer_class, *, reset_others: bool) -> Response:
        serializer = serializer_class(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        choices = {}
        for item in serializer.validated_data:
            choices[item.pop("event")] = item
        notification_settings_update(user=request.user, choices=choices, reset_others=reset_others)
        return self._choices(request)

    @extend_schema(request=EventChoiceSerializer(many=True), responses={200: EventChoiceSerializer(many=True)})
    def replace(self, request):
        """Set the channels of every event; events left out get both channels on."""
        return self._update(request, EventChoiceSerializer, reset_others=True)

    @extend_schema(request=EventChoicePatchSerializer(many=True), responses={200: EventChoiceSerializer(many=True)})
    def change(self, request):
        """Change the channels of the events listed."""
        return self._update(request, EventChoicePatchSerializer, reset_others=False)
