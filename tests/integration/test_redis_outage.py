"""A Redis outage on the production path: pages still render, /healthz says what is down.

Redis is the cache, the session cache, allauth's rate-limit store, the Celery broker and the result
backend. The test does not stop the shared Redis server: it points every one of those at a closed
port (``redis://127.0.0.1:1/0``), with the production settings' cache backend and session engine,
and the database is the real PostgreSQL.
"""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from cooperation.choices import ProjectState
from portal.celery import app as celery_app
from tests.accounts.factories import PASSWORD
from tests.cooperation.factories import ProjectFactory

DOWN = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(production_services, settings):
    """Cache, sessions, rate limits, broker and result backend all on a port where nothing listens."""
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.DegradingRedisCache",
            "LOCATION": DOWN,
            "OPTIONS": settings.REDIS_CACHE_OPTIONS,
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.REDIS_URL = DOWN
    saved = {key: celery_app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}
    celery_app.conf.update(broker_url=DOWN, result_backend=DOWN, task_always_eager=False)
    _forget_celery_connections()
    try:
        yield
    finally:
        celery_app.conf.update(saved)
        _forget_celery_connections()


def _forget_celery_connections() -> None:
    """Celery caches its connection pools and result backend; drop them so the next use reads the URLs."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    celery_app._local.__dict__.pop("backend", None)


def test_with_redis_down_the_pages_render_and_the_readiness_check_names_it(
    client, redis_down, reference_data, make_user, caplog
):
    project = ProjectFactory(state=ProjectState.PUBLISHED)
    user = make_user(email="outage@example.org")

    # the cache answers misses instead of raising
    assert cache.get("anything", "missed") == "missed"

    # anonymous pages, including the cached fragments of the home page
    for url in ("/", project.get_absolute_url(), "/search/?q=project", "/accounts/login/"):
        assert client.get(url).status_code == 200, url

    # the log-in POST: the rate limit cannot count (the cache is down), the session goes to the database
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/notifications/").status_code == 200

    # a sign-up queues its confirmation e-mail after the commit: the broker is down, the request is not
    client.logout()
    with caplog.at_level(logging.ERROR, logger="portal.celery"):
        response = client.post(
            "/accounts/signup/", {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD}
        )
    assert response.status_code == 302
    assert "not sent, the broker is unavailable" in caplog.text

    # readiness names what is down; liveness does not ask
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "unavailable", "broker": "unavailable"},
    }
    assert client.get("/livez").status_code == 200


@override_settings()
def test_with_redis_up_the_readiness_check_is_ok(client, production_services):
    celery_app.conf.task_always_eager = False
    try:
        response = client.get("/healthz")
    finally:
        celery_app.conf.task_always_eager = True

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok", "broker": "ok"}}
