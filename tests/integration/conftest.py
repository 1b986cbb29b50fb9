"""The production path: PostgreSQL, Redis and a real Celery worker in its own process.

These tests run in the second pass of ``make test`` (``make test-integration``),
where DATABASE_URL points at PostgreSQL and REDIS_URL at Redis.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def production_services(transactional_db):
    """Fail loudly (not skip) when the integration pass runs without its services."""
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.fail(
            "Integration tests need DATABASE_URL=postgres://… and REDIS_URL=redis://… (run `make test-integration`)."
        )


@pytest.fixture
def celery_worker(production_services, tmp_path):
    """Start ``celery -A portal worker`` against the test database and Redis; yield its mail folder."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    celery_app.control.purge()
    process = subprocess.Popen(  # noqa: S603 - our own worker
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            f"--hostname=test-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("The Celery worker exited:\n" + process.stdout.read())
            if celery_app.control.ping(timeout=1):
                break
        else:
            pytest.fail("The Celery worker did not answer a ping within 60 s")
        celery_app.conf.task_always_eager = False
        yield mail_dir
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
