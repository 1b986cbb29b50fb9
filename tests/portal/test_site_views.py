"""Site-wide views: health check, favicon."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_favicon_is_served_from_our_static_files(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


def test_the_health_check_answers_when_the_database_does(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
