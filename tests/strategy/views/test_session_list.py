"""The list of discovery sessions across regions: who sees it, its filters, the link from the country view."""

import datetime

import pytest
from django.utils import timezone

from strategy.models import DiscoverySession
from tests.accounts.factories import UserFactory
from tests.strategy.factories import session_in_state

pytestmark = pytest.mark.django_db


def _opened(session, day: datetime.date) -> DiscoverySession:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    DiscoverySession.objects.filter(pk=session.pk).update(opened_at=moment, title=f"Сессия {session.region.iso_code}")
    session.refresh_from_db()
    return session


@pytest.fixture
def sessions(lipetsk, voronezh):
    return {
        "lipetsk_open": _opened(session_in_state(lipetsk, "open"), datetime.date(2026, 3, 10)),
        "voronezh_closed": _opened(session_in_state(voronezh, "closed"), datetime.date(2026, 6, 1)),
    }


def _listed(client, query=""):
    html = client.get(f"/strategy/sessions/{query}", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return {
        pk for pk in DiscoverySession.objects.values_list("pk", flat=True) if f'href="/strategy/sessions/{pk}/"' in html
    }


def test_a_signed_in_user_sees_every_regions_sessions_and_filters_them(client, sessions):
    client.force_login(UserFactory())
    lipetsk, voronezh = sessions["lipetsk_open"].pk, sessions["voronezh_closed"].pk

    page = client.get("/strategy/sessions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2 sessions found" in page
    assert "Lipetsk Oblast" in page and "Voronezh Oblast" in page and "Closed" in page
    assert _listed(client) == {lipetsk, voronezh}
    assert _listed(client, "?region=RU-VOR") == {voronezh}
    assert _listed(client, "?state=open") == {lipetsk}
    assert _listed(client, "?opened_after=2026-03-10&opened_before=2026-05-31") == {lipetsk}
    assert _listed(client, "?opened_after=2026-03-11") == {voronezh}


def test_a_visitor_is_asked_to_sign_in_and_the_country_view_links_the_list(client, sessions):
    response = client.get("/strategy/sessions/")

    assert response.status_code == 302 and "login" in response["Location"]
    assert 'href="/strategy/sessions/"' in client.get("/strategy/").content.decode()
