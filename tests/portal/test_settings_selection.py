"""What the production settings choose from the environment (each case in a fresh interpreter).

No S3 server is reachable here: the tests check that the configured storage is django-storages'
S3Storage with the given bucket, endpoint and private options; building it opens no connection.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "DATABASE_URL": "postgres://spiral@127.0.0.1:5432/spiral",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "spiral.example.org",
}
PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "sessions": settings.SESSION_ENGINE,
    "time_limit": settings.CELERY_TASK_TIME_LIMIT,
    "soft_time_limit": settings.CELERY_TASK_SOFT_TIME_LIMIT,
    "lock_timeout": settings.ANALYTICS_RECOMPUTE_LOCK_TIMEOUT,
    "visibility_timeout": settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
    "storage": type(storage).__module__ + "." + type(storage).__name__,
    "storage_options": settings.STORAGES["default"].get("OPTIONS", {}),
    "bucket": getattr(storage, "bucket_name", None),
    "endpoint": getattr(storage, "endpoint_url", None),
    "overwrite": getattr(storage, "file_overwrite", None),
}))
"""


def _production_settings(**environment):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "CELERY_", "ANALYTICS_"))}
    env.update(PRODUCTION, **environment)
    result = subprocess.run(  # noqa: S603 - our own settings
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result


def test_production_degrades_on_a_redis_outage_and_keeps_sessions_in_the_database():
    chosen, _ = _production_settings()

    assert chosen["cache"] == "portal.cache.DegradingRedisCache"
    assert chosen["sessions"] == "django.contrib.sessions.backends.cached_db"


def test_the_visibility_timeout_and_the_lock_follow_the_task_time_limit():
    chosen, _ = _production_settings()
    assert (chosen["soft_time_limit"], chosen["lock_timeout"], chosen["time_limit"], chosen["visibility_timeout"]) == (
        540,  # 9/10 of the hard limit
        570,  # between the soft and the hard limit
        600,
        660,  # a minute above the hard limit, not the transport's hour
    )

    chosen, _ = _production_settings(CELERY_TASK_TIME_LIMIT="20")
    assert (chosen["soft_time_limit"], chosen["lock_timeout"], chosen["visibility_timeout"]) == (18, 19, 80)


def test_a_visibility_timeout_below_the_time_limit_is_refused():
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "CELERY_"))}
    env.update(PRODUCTION, CELERY_VISIBILITY_TIMEOUT="300")

    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert "CELERY_VISIBILITY_TIMEOUT must exceed CELERY_TASK_TIME_LIMIT" in result.stderr


def test_uploaded_files_go_to_the_local_disk_without_a_bucket():
    chosen, _ = _production_settings()

    assert chosen["storage"] == "django.core.files.storage.filesystem.FileSystemStorage"


def test_uploaded_files_go_to_s3_compatible_object_storage_when_a_bucket_is_configured():
    chosen, _ = _production_settings(
        AWS_STORAGE_BUCKET_NAME="spiral-media",
        AWS_S3_ENDPOINT_URL="https://storage.example.org",
        AWS_S3_REGION_NAME="ru-central1",
        AWS_S3_ADDRESSING_STYLE="path",
    )

    assert chosen["storage"] == "storages.backends.s3.S3Storage"
    assert chosen["bucket"] == "spiral-media"
    assert chosen["endpoint"] == "https://storage.example.org"
    assert chosen["overwrite"] is False  # a second upload of "report.pdf" never replaces the first
    options = chosen["storage_options"]
    assert options["region_name"] == "ru-central1" and options["addressing_style"] == "path"
    assert options["location"] == "media"
    # private objects: a URL, if one were ever made, is signed and short-lived
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert options["querystring_expire"] == 300


def test_empty_object_storage_variables_mean_the_defaults():
    # .env.example and docker-compose.yml leave the endpoint and region empty
    chosen, _ = _production_settings(
        AWS_STORAGE_BUCKET_NAME="spiral-media", AWS_S3_ENDPOINT_URL="", AWS_S3_REGION_NAME=""
    )

    assert chosen["storage"] == "storages.backends.s3.S3Storage"
    assert chosen["endpoint"] is None and chosen["storage_options"]["region_name"] is None
