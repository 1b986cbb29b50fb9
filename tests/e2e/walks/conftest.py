"""The page walks (CSP, axe-core, phone width) share one portal filled by ``setup_portal``, set up once.

``setup_portal`` takes 20 s or more; each walk used to run it again, because pytest-django's ``live_server``
makes its tests transactional and flushes the database after each. The walks only read (signing in writes
a session and ``last_login``, nothing a walk looks at), so this package fills the database once, serves it
from a live server of its own, and flushes it after the last walk, leaving the empty database a transactional
test leaves. ``new_context`` is overridden here to point at that server, and the walks take no ``live_server``
(nor a transactional ``django_db`` mark): either would flush the portal after the first walk. Their plain
``django_db`` mark (``pytest_collection_modifyitems`` below) makes pytest-django create the test database even
when no other test of the run needs it; otherwise ``setup_portal`` would fill the developer's own database.
Each walk runs in a transaction that is rolled back (the live server shares the in-memory SQLite connection):
the sessions and ``last_login`` of its sign-ins go, the portal stays.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import BrowserContext
from pytest_django.live_server_helper import LiveServer

from tests.e2e.conftest import context_factory
from tests.worlds import ensure_reference_data

WALKS_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if WALKS_DIR in Path(str(item.path)).parents and not item.get_closest_marker("django_db"):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="package")
def portal_server(request, browser, django_db_setup, django_db_blocker) -> Iterator[LiveServer]:
    """The portal as ``make run`` fills it, on a live server of its own; emptied after the walks."""
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    with django_db_blocker.unblock():
        call_command("setup_portal", verbosity=0)
        server = LiveServer(addr)
        server._live_server_modified_settings.enable()  # noqa: SLF001 - what pytest-django's helper does per test
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()  # noqa: SLF001
            server.stop()
            # The next test starts from the database as the session set it up: the reference data only.
            call_command("flush", interactive=False, verbosity=0)
            ensure_reference_data()


@pytest.fixture
def new_context(browser, portal_server, django_db_blocker, request) -> Iterator[Callable[..., BrowserContext]]:
    """``new_context`` on the filled portal; the test reads the database (which pages to visit) meanwhile."""
    with django_db_blocker.unblock():
        yield from context_factory(browser, portal_server.url, request)
