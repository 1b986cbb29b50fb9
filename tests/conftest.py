"""Fixtures shared by the whole suite: reference data, one user per role, agents.

Django imports stay inside the fixtures, so the pure tests (tests/analytics/computations) also run
with ``-p no:django`` and no settings at all.
"""

import gc
import itertools
import json
import time
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the cache (Redis in the integration run): start each test clean."""
    from django.conf import settings

    if not settings.configured:
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
    # A test that switched the language with ``translation.activate`` (not ``override``) must not leave it to the
    # next test the worker runs: the pages render in the default language, Russian.
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the reference data once into the test database; each test's transaction leaves it intact."""
    from analytics.services import classifiers_load_reference_data
    from regions.services import regions_load_reference_data

    with django_db_blocker.unblock():
        regions_load_reference_data()
        classifiers_load_reference_data()


@pytest.fixture
def reference_data(db):
    """The shipped regions, districts, macro-regions and classifiers.

    Loaded once per session; a transactional test (live server, worker) flushes
    the database at its end, so the next test that needs the data loads it again.
    """
    from tests.worlds import ensure_reference_data

    ensure_reference_data()


@pytest.fixture
def lipetsk(reference_data):
    from regions.models import Region

    return Region.objects.get(iso_code="RU-LIP")


@pytest.fixture
def voronezh(reference_data):
    from regions.models import Region

    return Region.objects.get(iso_code="RU-VOR")


@pytest.fixture
def make_user(db):
    """Create a user with a confirmed e-mail address and, optionally, site roles."""
    from accounts.choices import SiteRole
    from tests.accounts.factories import UserFactory, grant

    def make(*roles: str, region=None, **fields):
        user = UserFactory(**fields)
        for role in roles:
            grant(user, role, region=region if role == SiteRole.COORDINATOR else None)
        return user

    return make


# --- A project's lead: the same three fixtures the discussion, experts and monitoring tests each had.


@pytest.fixture
def lead_agent(lipetsk):
    """An agent in Lipetsk that leads the project of the test."""
    from tests.cooperation.factories import AgentFactory

    return AgentFactory(region=lipetsk)


@pytest.fixture
def lead_member(lead_agent):
    """An approved representative (not an administrator) of ``lead_agent``."""
    from cooperation.choices import AgentRole
    from tests.cooperation.factories import MembershipFactory

    return MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user


@pytest.fixture
def lead_admin(lead_agent):
    """An approved administrator of ``lead_agent``."""
    from cooperation.choices import AgentRole
    from tests.cooperation.factories import MembershipFactory

    return MembershipFactory(agent=lead_agent, role=AgentRole.ADMINISTRATOR).user


# --- What the production pass runs (issue #11; README, "Tests"). The embedded pass (SQLite) runs every test but the
# integration ones; the production pass (PostgreSQL + Redis + a real Celery worker) runs what its engine and
# services can change, and leaves out two kinds of test whose outcome cannot depend on them:
# * ``wiring`` (marked by hand): the permission matrices driven through the pages and the API. They check that
#   each view and endpoint asks the right rule and calls the service; the rules themselves, with the visibility
#   querysets they evaluate in the database, are checked cell by cell in both passes (the ``test_rules`` tests);
# * ``nodb`` (marked here): tests that never touch the database — pure computations, parsers, settings. A test
#   that skips depending on the environment (``skipif``: a real Redis, PostgreSQL) is left unmarked.

DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback", "live_server"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        uses_db = item.get_closest_marker("django_db") is not None or DB_FIXTURES & set(
            getattr(item, "fixturenames", ())
        )
        if not uses_db and item.get_closest_marker("skipif") is None:
            item.add_marker(pytest.mark.nodb)


# --- The reference data after a flush. ``django_db_setup`` loads it once per session, and most tests count on it
# without asking for ``reference_data``. A transactional test (live server, real worker, races) flushes the
# database at its end: pytest-django runs those last, but pytest-xdist hands the browser groups out first
# (``pytest_xdist_make_scheduler`` below), so the data is loaded again right after such a test.


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        {"transactional_db", "live_server"} & fixtures
        or (marker is not None and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    yield
    if nextitem is not None and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        from tests.worlds import ensure_reference_data

        with item.config.stash[blocking_manager_key].unblock():
            ensure_reference_data()
    start = getattr(item, "_spiral_cpu_start", None)  # the test's CPU time (below)
    if start is not None:
        item.user_properties.append(("cpu", f"{time.process_time() - start:.4f}"))


# --- Pages and clicks per journey (issue #12): the browser tests of ``tests/e2e/test_*journey*.py`` append
# one line each to ``test-results/journeys.jsonl`` (``tests/e2e/conftest.py``); the summary prints them.

_JOURNEYS_FILE = Path(__file__).resolve().parents[1] / "test-results" / "journeys.jsonl"


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # the controller (or a run without pytest-xdist)
        _JOURNEYS_FILE.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter):
    if not _JOURNEYS_FILE.exists():
        return
    terminalreporter.section("pages loaded and clicks made per journey (browser tests)")
    for line in _JOURNEYS_FILE.read_text(encoding="utf-8").splitlines():
        journey = json.loads(line)
        terminalreporter.write_line(
            f"{journey['pages']:>4} pages {journey['clicks']:>4} clicks {journey['accounts']:>2} browser contexts"
            f"  {journey['test']}"
        )


# --- CPU time per test (issue #11): the JUnit files' ``time`` is wall time, which a busy machine inflates; each test's
# CPU time of this process (set-up, call and teardown) goes into the JUnit file as the property ``cpu``, which
# ``scripts/test_times.py --cpu`` sums. The database server's own CPU (PostgreSQL) is not in it.


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    item._spiral_cpu_start = time.process_time()
    yield


# Recorded at the end of each test's teardown, in ``pytest_runtest_teardown`` above.


# --- Garbage collection (issue #11). A test process holds a large, long-lived heap (Django's app registry, the URL
# resolver, thousands of collected test items) that CPython's cyclic collector scans again and again while each
# request allocates and frees short-lived objects. The collector runs ten times less often here, and what exists
# once the tests are collected is frozen (``gc.freeze``: kept out of every later collection). Measured on the
# project page matrix's moderator rows: 16.0 → 12.4 s of CPU (−22 %), 80 MB more memory per process.


def pytest_configure(config):
    gc.set_threshold(50_000, 50, 100)  # CPython's default: 700, 10, 10


def pytest_collection_finish(session):
    gc.collect()
    gc.freeze()


# --- pytest-xdist (``--dist loadgroup``): the browser tests' groups first (issue #11).


#: Tests handed out first, after the browser groups: the long CPU-bound shards of the fuzz and the hostile input
#: (``HEAVY_PATHS``) alternating with the tests that mostly wait on a real Celery worker (a time limit, a visibility
#: timeout: ``WAITING_PATHS``). Each worker starts with one of each kind, so one computes while the other waits;
#: handed out in collection order, the waiting tests met each other at the start (a core idle) and the shards ended
#: the production pass on one worker.
HEAVY_PATHS = ("tests/portal/test_api_schema_fuzz.py", "tests/portal/test_api_hostile_input.py")
WAITING_PATHS = ("tests/integration/",)
FIRST_PATHS = HEAVY_PATHS + WAITING_PATHS


def first_order(scopes) -> list[str]:
    """The scopes handed out first, in order: the browser groups, then heavy and waiting tests alternating."""
    browser = [scope for scope in scopes if scope.startswith("e2e")]
    heavy = [scope for scope in scopes if scope.startswith(HEAVY_PATHS)]
    waiting = [scope for scope in scopes if scope.startswith(WAITING_PATHS)]
    alternating = [scope for pair in itertools.zip_longest(heavy, waiting) for scope in pair if scope is not None]
    return browser + alternating


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadgroup`` with the browser tests' groups (``tests/e2e/conftest.py``) and ``FIRST_PATHS`` first.

    pytest-xdist hands out the biggest groups and modules first, by number of tests: the page walks' group
    (8 tests, minutes of work) came after 100 modules, near the end of a worker's queue, and the run waited
    for it. Each worker starts with one browser group, then takes the other folders' modules.
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class BrowserGroupsFirst(LoadGroupScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            """A group; else the module, so that a module's world (``tests/worlds.py``) is built on one worker only
            (``loadgroup`` made each other test a unit of its own, and both workers built most worlds); the tests of
            ``FIRST_PATHS`` stay units of their own, so that both workers share the fuzz's shards."""
            scope = super()._split_scope(nodeid)
            if scope != nodeid or nodeid.startswith(FIRST_PATHS):
                return scope
            return nodeid.split("::", 1)[0]

        def _assign_work_unit(self, node):
            if not self.ordered:  # the queue is complete at the first assignment; reorder it once
                for scope in reversed(first_order(list(self.workqueue))):
                    self.workqueue.move_to_end(scope, last=False)
                self.ordered = True
            super()._assign_work_unit(node)

    return BrowserGroupsFirst(config, log)
