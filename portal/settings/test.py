"""Settings for the test suite: fast hashing, in-memory e-mail, deterministic language."""

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
# Tests run tasks in-process unless a test starts a real worker (tests/integration).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# The suite's staff users have no TOTP; the tests of the enrolment requirement turn it on.
SPIRAL_STAFF_MFA_REQUIRED = False
