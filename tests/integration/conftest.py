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


def _start_worker(*, mail_dir: Path, env: dict[str, str] | None = None, name: str = "test") -> subprocess.Popen:
    """Start ``celery -A portal worker`` (solo pool) against the test database and Redis; wait for its ping.

    ``env`` adds or overrides environment variables of the worker (e.g. a test hook setting).
    """
    db = connection.settings_dict
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **(env or {}),
    }
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
            f"--hostname={name}-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=worker_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("The Celery worker exited:\n" + process.stdout.read())
        if celery_app.control.ping(timeout=1):
            break
    else:
        process.kill()
        pytest.fail("The Celery worker did not answer a ping within 60 s")
    return process


def _stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)


@pytest.fixture
def celery_worker_factory(production_services, tmp_path):
    """Start real workers on demand: ``start(env=None, name="test") -> Popen``; all are stopped at the end.

    For tests that need a worker with extra environment (test hooks), or several
    workers in sequence (kill one, start another).  The queue is purged first.
    """
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    processes: list[subprocess.Popen] = []

    def start(*, env: dict[str, str] | None = None, name: str = "test") -> subprocess.Popen:
        process = _start_worker(mail_dir=mail_dir, env=env, name=name)
        processes.append(process)
        celery_app.conf.task_always_eager = False
        return process

    celery_app.control.purge()
    try:
        yield start
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        for process in processes:
            _stop_worker(process)


@pytest.fixture
def celery_worker(production_services, tmp_path):
    """Start ``celery -A portal worker`` against the test database and Redis; yield its mail folder."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    celery_app.control.purge()
    process = _start_worker(mail_dir=mail_dir)
    try:
        celery_app.conf.task_always_eager = False
        yield mail_dir
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        _stop_worker(process)
