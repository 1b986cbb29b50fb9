"""The signed-in user's own pages: profile (roles, agents) and API token."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView
from rest_framework.authtoken.models import Token

from cooperation.choices import MembershipStatus


class ProfileView(LoginRequiredMixin, TemplateView):
    """What the user is: their roles, the agents they act for, their API token."""

    template_name = "accounts/profile.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            grants=user.role_grants.select_related("region"),
            memberships=user.agent_memberships.filter(status=MembershipStatus.APPROVED).select_related("agent"),
            token=Token.objects.filter(user=user).first(),
            **kwargs,
        )


class ApiTokenView(LoginRequiredMixin, View):
    """Create (or replace) the user's API token; POST only."""

    def post(self, request):
        Token.objects.filter(user=request.user).delete()
        Token.objects.create(user=request.user)
        messages.success(request, _("A new API token is created; the old one no longer works."))
        return redirect("profile")
