"""The signed-in user's own pages: profile (roles, agents) and API token."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token

from .selectors import api_token_expires_at, api_token_is_expired
from .services import api_token_create, api_token_revoke


class ProfileView(LoginRequiredMixin, TemplateView):
    """What the user is: their roles, the agents they act for, their API token.

    The agents come from the cooperation app's tag ``cooperation_user_agents`` (accounts sits below it)."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        token = Token.objects.filter(user=user).first()
        return super().get_context_data(
            grants=user.role_grants.select_related("region"),
            token=token,
            token_expires_at=api_token_expires_at(token) if token else None,
            token_expired=api_token_is_expired(token, now=timezone.now()) if token else False,
            token_ttl_days=settings.SPIRAL_API_TOKEN_TTL_DAYS,
            **kwargs,
        )


class ApiTokenView(LoginRequiredMixin, View):
    """Create (or replace) the user's API token; POST only."""

    def post(self, request):
        api_token_create(user=request.user, actor=request.user)
        messages.success(request, _("A new API token is created; the old one no longer works."))
        return redirect("profile")


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """Revoke the user's API token; POST only."""

    def post(self, request):
        if api_token_revoke(user=request.user, actor=request.user, reason="user"):
            messages.success(request, _("The API token is revoked; it no longer works."))
        return redirect("profile")
