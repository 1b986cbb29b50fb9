"""Site-wide views: health checks, favicon."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_favicon_is_served_from_our_static_files(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"


def test_the_readiness_check_reports_each_dependency(client, settings):
    # the embedded default: no Redis, tasks in-process (also in the PostgreSQL pass, which sets REDIS_URL)
    settings.REDIS_URL = ""
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "redis": "not configured", "broker": "not configured"},
    }


def test_the_readiness_check_answers_503_naming_the_dependency_that_is_down(client, monkeypatch, settings):
    from portal import health

    settings.REDIS_URL = ""  # the embedded default, in both passes

    def down():
        raise ConnectionError("refused")

    monkeypatch.setitem(health.CHECKS, "database", down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unavailable", "redis": "not configured", "broker": "not configured"},
    }


def test_the_liveness_check_asks_no_dependency(client, monkeypatch):
    from portal import health

    def fail():
        raise AssertionError("liveness must not check dependencies")

    for name in health.CHECKS:
        monkeypatch.setitem(health.CHECKS, name, fail)

    response = client.get("/livez")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
