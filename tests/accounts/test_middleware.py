"""Staff must enrol in TOTP before any staff page or API call works (SPIRAL_STAFF_MFA_REQUIRED)."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages
from django.core.checks import run_checks
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.choices import SiteRole

pytestmark = pytest.mark.django_db

STAFF_ROLES = [SiteRole.ADMINISTRATOR, SiteRole.MODERATOR, SiteRole.ANALYST, SiteRole.COORDINATOR]
ENROL = "/accounts/2fa/totp/activate/"


@pytest.fixture
def mfa_required(settings):
    settings.SPIRAL_STAFF_MFA_REQUIRED = True


@pytest.fixture
def staff(make_user, lipetsk):
    def make(role):
        return make_user(role, region=lipetsk)

    return make


@pytest.mark.usefixtures("mfa_required")
@pytest.mark.parametrize("role", STAFF_ROLES)
@pytest.mark.parametrize("path", ["/", "/audit/", "/analytics/data-bank/", "/admin/", "/accounts/profile/"])
def test_staff_without_totp_are_sent_to_enrol(client, staff, role, path):
    client.force_login(staff(role))

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302 and response["Location"] == ENROL
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "needs two-factor authentication" in message


@pytest.mark.usefixtures("mfa_required")
def test_the_enrolment_page_explains_why_in_russian(client, staff):
    client.force_login(staff(SiteRole.MODERATOR))

    response = client.get("/moderation/", follow=True)

    assert response.redirect_chain[0] == (ENROL, 302)
    assert "двухфакторн" in response.content.decode()


@pytest.mark.usefixtures("mfa_required")
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_totp_get_a_json_403_from_the_api_by_session_and_by_token(staff, role):
    user = staff(role)
    by_session, by_token = APIClient(), APIClient()
    by_session.force_login(user)
    by_token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")

    for api in (by_session, by_token):
        response = api.get("/api/regions/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 403
        assert response.json()["detail"].startswith("Your role requires two-factor authentication")


@pytest.mark.usefixtures("mfa_required")
def test_staff_with_totp_and_members_without_it_pass(client, staff, make_user):
    admin = staff(SiteRole.ADMINISTRATOR)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    assert client.get("/audit/").status_code == 200
    assert client.get("/api/regions/").status_code == 200

    client.force_login(make_user())
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/api/regions/").status_code == 200


@pytest.mark.usefixtures("mfa_required")
def test_enrolment_log_out_language_and_static_stay_open(client, staff):
    client.force_login(staff(SiteRole.ANALYST))

    # the activation page first asks for the password again, and that page is open too
    response = client.get(ENROL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    assert client.get("/healthz").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_demo_and_the_test_settings_may_relax_it(client, staff, settings):
    settings.SPIRAL_STAFF_MFA_REQUIRED = False
    client.force_login(staff(SiteRole.ADMINISTRATOR))

    assert client.get("/audit/").status_code == 200


def test_check_deploy_warns_when_it_is_relaxed(settings):
    settings.SPIRAL_STAFF_MFA_REQUIRED = False

    ids = [message.id for message in run_checks(include_deployment_checks=True)]

    assert "accounts.W001" in ids


@pytest.mark.usefixtures("mfa_required")
def test_the_totp_state_is_cached_per_user_and_dropped_when_it_changes(client, staff, django_assert_num_queries):
    """A staff user's TOTP check is one cache read per request; enrolling or removing the authenticator drops it."""
    from allauth.mfa.models import Authenticator

    from accounts.selectors import user_has_totp

    admin = staff(SiteRole.ADMINISTRATOR)
    client.force_login(admin)
    assert client.get("/audit/").status_code == 302  # not enrolled: caches "no TOTP"

    TOTP.activate(admin, generate_totp_secret())
    assert client.get("/audit/").status_code == 200
    with django_assert_num_queries(0):
        assert user_has_totp(admin) is True

    Authenticator.objects.filter(user=admin).delete()
    assert client.get("/audit/").status_code == 302
