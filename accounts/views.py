"""The signed-in user's own pages: profile (name, language, roles, agents) and API token."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView
from rest_framework.authtoken.models import Token

from core.forms import apply_validation_error

from .forms import ProfileForm
from .selectors import api_token_expires_at, api_token_is_expired
from .services import api_token_create, api_token_revoke, user_profile_update


def remember_language(response, language: str):
    """Make ``language`` the interface's from the next page on (the cookie ``LocaleMiddleware`` reads)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class ProfileView(LoginRequiredMixin, FormView):
    """Who the user is: their name and language (editable), their roles, the agents they act for, their API token.

    The agents come from the cooperation app's tag ``cooperation_user_agents`` (accounts sits below it)."""

    template_name = "accounts/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            user_profile_update(user=self.request.user, actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
            return self.form_invalid(form)
        language = form.cleaned_data["language"]
        with translation.override(language):
            messages.success(self.request, _("Your profile is saved."))
        return remember_language(redirect("profile"), language)

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
