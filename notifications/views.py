"""Pages of the notifications app: the list, opening and marking read, the settings. Views are thin."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView
from rules.contrib.views import PermissionRequiredMixin

from core.forms import apply_validation_error

from .forms import NotificationSettingsForm
from .models import Notification
from .selectors import notification_settings_of, notifications_of
from .services import notification_mark_read, notification_settings_update


class NotificationListView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """The signed-in user's notifications, newest first; unread ones stand out."""

    permission_required = "notifications.list_notification"
    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 20

    def unread_only(self) -> bool:
        return self.request.GET.get("unread") in ("1", "true")

    def get_queryset(self):
        return notifications_of(self.request.user, unread=True if self.unread_only() else None)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["unread_only"] = self.unread_only()
        return context


class OwnNotificationMixin:
    """Loads one of the user's notifications from the URL; anyone else's is a 404, like a missing one."""

    def get_notification(self) -> Notification:
        if not hasattr(self, "_notification"):
            try:
                self._notification = notifications_of(self.request.user).get(pk=self.kwargs["pk"])
            except Notification.DoesNotExist as error:
                raise Http404 from error
        return self._notification

    def get_permission_object(self):
        return self.get_notification()


def _back_to_list(request) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("notifications:list")
    return HttpResponseRedirect(target)


class NotificationOpenView(LoginRequiredMixin, OwnNotificationMixin, PermissionRequiredMixin, View):
    """Marks the notification read, then goes to the page it is about (or back to the list)."""

    permission_required = "notifications.change_notification"
    http_method_names = ["post"]

    def post(self, request, pk):
        notification = self.get_notification()
        notification_mark_read(user=request.user, notification=notification)
        if notification.url and url_has_allowed_host_and_scheme(
            notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return HttpResponseRedirect(notification.url)
        return _back_to_list(request)


class NotificationMarkReadView(LoginRequiredMixin, OwnNotificationMixin, PermissionRequiredMixin, View):
    """Marks one notification read and stays on the list."""

    permission_required = "notifications.change_notification"
    http_method_names = ["post"]

    def post(self, request, pk):
        notification_mark_read(user=request.user, notification=self.get_notification())
        return _back_to_list(request)


class NotificationMarkAllReadView(LoginRequiredMixin, PermissionRequiredMixin, View):
    """Marks all of the user's notifications read."""

    permission_required = "notifications.list_notification"
    http_method_names = ["post"]

    def post(self, request):
        count = notification_mark_read(user=request.user)
        if count:
            messages.success(request, _("All notifications are marked as read."))
        return _back_to_list(request)


class NotificationSettingsView(LoginRequiredMixin, PermissionRequiredMixin, FormView):
    """Which events the user receives in the portal and by e-mail."""

    permission_required = "notifications.change_notificationsetting"
    template_name = "notifications/settings.html"
    form_class = NotificationSettingsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "choices": notification_settings_of(self.request.user)}

    def form_valid(self, form):
        try:
            notification_settings_update(user=self.request.user, choices=form.choices())
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Your notification settings are saved."))
        return redirect("notifications:settings")
