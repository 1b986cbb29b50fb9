"""API tokens expire SPIRAL_API_TOKEN_TTL_DAYS after they are made."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _api_with_token_made(user, *, days_ago: float) -> APIClient:
    token = Token.objects.create(user=user)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(days=days_ago))
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api


def test_a_token_works_until_its_expiry(make_user):
    api = _api_with_token_made(make_user(), days_ago=29.9)  # the default lifetime is 30 days

    response = api.get("/api/regions/")

    assert response.status_code == 200


def test_an_expired_token_is_refused_with_a_reason(make_user):
    api = _api_with_token_made(make_user(), days_ago=30.1)

    response = api.get("/api/regions/", HTTP_ACCEPT_LANGUAGE="en")

    # 403, not 401: session authentication comes first, and DRF answers with the first class's scheme
    assert response.status_code == 403
    assert response.json()["detail"].startswith("The API token has expired")


def test_the_lifetime_is_a_setting(make_user, settings):
    settings.SPIRAL_API_TOKEN_TTL_DAYS = 7
    api = _api_with_token_made(make_user(), days_ago=8)

    assert api.get("/api/regions/").status_code == 403
