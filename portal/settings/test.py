"""Settings for the test suite: fast hashing, in-memory e-mail, deterministic language."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
# In memory, unless a test shares files with a real worker (tests/integration: the file system, MEDIA_ROOT).
STORAGES = {
    "default": {"BACKEND": env("TEST_DEFAULT_STORAGE", default="django.core.files.storage.InMemoryStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "test-results" / "mail"))  # noqa: F405
# PostgreSQL (the production pass): a test's commits need not wait for the disk (issue #11: the transactional tests
# flush and reload the database). A crash can lose only the last commits of a database that is dropped anyway.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
# Every test client loads the middleware chain again, and WhiteNoise indexes STATIC_ROOT when it is loaded: after a
# `collectstatic` (the benchmarks run one) that is 9,000 files, 80 ms a client, which tripled the API matrix's time.
# Looking files up per request instead (as ``local`` does) costs nothing here: the tests fetch no static file.
WHITENOISE_AUTOREFRESH = True
# Tests run tasks in-process unless a test starts a real worker (tests/integration).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# The suite's staff users have no TOTP; the tests of the enrolment requirement turn it on.
SPIRAL_STAFF_MFA_REQUIRED = False


def _worker_redis_url(url: str, worker: str) -> str:
    """``url`` with its database number moved by the pytest-xdist worker's index (``gw1``: base + 1)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    if database > 15:
        raise ValueError(f"REDIS_URL {url}: worker {worker} would use Redis database {database}; lower the base.")
    return urlunsplit(parts._replace(path=f"/{database}"))


# pytest-xdist: pytest-django gives each worker its own test database; each worker also gets its own Redis
# database (base + worker index), since the tests clear the cache (FLUSHDB) and count on their own broker.
# The derived URL goes into the environment, so a Celery worker a test starts inherits it (and is not moved twice).
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if REDIS_URL and _XDIST_WORKER.startswith("gw") and not os.environ.get("SPIRAL_TEST_REDIS"):  # noqa: F405
    REDIS_URL = _worker_redis_url(REDIS_URL, _XDIST_WORKER)  # noqa: F405
    os.environ["REDIS_URL"] = os.environ["SPIRAL_TEST_REDIS"] = REDIS_URL
    CACHES["default"]["LOCATION"] = REDIS_URL  # noqa: F405
    CELERY_BROKER_URL = CELERY_RESULT_BACKEND = REDIS_URL
