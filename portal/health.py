"""What the readiness check asks of each dependency (``/healthz``); liveness (``/livez``) asks nothing.

Each check answers ``"ok"``, ``"unavailable"`` (the dependency is configured and did not answer) or
``"not configured"`` (the embedded default: in-memory cache, tasks run in-process). The checks bypass
the portal's degrading cache on purpose: the pages survive a Redis outage, the readiness check must
still report it. Every check has a short timeout, so a dependency that hangs cannot hang the check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

OK = "ok"
UNAVAILABLE = "unavailable"
NOT_CONFIGURED = "not configured"
#: Seconds each network check may take.
TIMEOUT = 2


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def check_redis() -> str | None:
    """The cache's Redis answers PING (a fresh client: not the cache's, which hides an outage)."""
    import redis

    if not settings.REDIS_URL:
        return NOT_CONFIGURED
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT)
    try:
        client.ping()
    finally:
        client.close()
    return None


def check_broker() -> str | None:
    """The Celery broker accepts a connection (tasks sent from requests would otherwise be lost)."""
    from portal.celery import app

    if app.conf.task_always_eager or app.conf.broker_url.startswith("memory://"):
        return NOT_CONFIGURED
    with app.connection_for_write() as broker:
        broker.ensure_connection(max_retries=1, timeout=TIMEOUT)
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": check_database,
    "redis": check_redis,
    "broker": check_broker,
}


def readiness() -> dict[str, str]:
    """Each dependency's state, by name (``database``, ``redis``, ``broker``)."""
    states = {}
    for name, check in CHECKS.items():
        try:
            states[name] = check() or OK
        except Exception as error:  # noqa: BLE001 - any failure of a dependency means "not ready"
            logger.warning("Readiness: %s unavailable: %s: %s", name, type(error).__name__, error)
            states[name] = UNAVAILABLE
    return states
