"""Browser tests: a real headless Chromium (Playwright, sync API) against pytest-django's live server.

Every test in this folder is marked ``e2e``. The browser is Debian's ``chromium-headless-shell`` package
(``playwright install`` cannot download browsers here); set ``SPIRAL_E2E_CHROMIUM`` to use another
binary. Each test gets a fresh browser context (cookies, storage, locale); a screenshot of the page
is saved to ``test-results/<test>.png`` when a test fails.
"""

import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

#: Debian's ``chromium-headless-shell`` (``make browser`` installs it): Chromium's headless build without the desktop
#: browser's interface, which Playwright itself uses for headless runs; the full ``chromium`` is the fallback. The
#: browser tests took 188 s of Chromium's CPU under the shell, 353 s under the full browser (issue #11).
CHROMIUM = os.environ.get("SPIRAL_E2E_CHROMIUM") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium") if Path(path).is_file()),
    "/usr/bin/chromium-headless-shell",
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_TIMEOUT_MS = 10_000
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
E2E_DIR = Path(__file__).resolve().parent
#: Pages loaded and clicks made by each journey test (``test_*journey*.py``), one JSON object a line; the
#: closing notes' "pages and clicks per journey" come from here (``tests/conftest.py`` prints a summary).
JOURNEYS_FILE = RESULTS_DIR / "journeys.jsonl"
#: Counts the user's clicks (trusted events only: Playwright's clicks and Enter on a button, not a script's).
_CLICK_COUNTER = """
document.addEventListener("click", (event) => { if (event.isTrusted) window.__spiralClick(); }, true);
"""

expect.set_options(timeout=DEFAULT_TIMEOUT_MS)


#: The browser tests form two pytest-xdist groups of about the same time (``--durations=0``), one per worker: the
#: page walks of ``walks/`` (one ``setup_portal``, then long walks) and every other file.
WALKS_DIR = E2E_DIR / "walks"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder ``e2e`` and put it in its xdist group (the hook sees the whole session's items).

    Under pytest-xdist (``--dist loadgroup``) each group is run by one worker, its tests one after the other:
    one Chromium per worker, and no test of another folder between them while Playwright's loop runs. First
    among the hooks, so that the marks are there when pytest-xdist's own hook reads them, even when this
    conftest is loaded before pytest-xdist's worker plugin (``pytest tests/e2e``).
    """
    for item in items:
        path = Path(str(item.path))
        if E2E_DIR in path.parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group("e2e-walks" if WALKS_DIR in path.parents else "e2e"))


# A second implementation of the hook, after pytest-xdist's (pytest reads only names that start with pytest_).
@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems__xdist_groups(config, items):
    """Put each item's ``xdist_group`` in its node id (``…@e2e``), where ``--dist loadgroup`` reads it.

    pytest-xdist 3.8 writes the suffix into ``item._nodeid``, which pytest 9.2 no longer reads (its node ids are
    structured, ``item._id``): every group was silently ignored and the browser tests went to both workers one by
    one, between other folders' tests (pytest-xdist#1386, fix proposed in #1388). Nothing to do when xdist did it.
    """
    if not config.getoption("loadgroup", False):  # set on a pytest-xdist worker under --dist loadgroup
        return
    for item in items:
        marks = item.iter_markers("xdist_group")
        names = {str(mark.args[0] if mark.args else mark.kwargs.get("name", "default")) for mark in marks}
        suffix = "@" + "_".join(sorted(names))
        if names and not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = type(item._id).parse(item.nodeid + suffix)  # noqa: SLF001 - what pytest-xdist means to do


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so that the ``page`` fixture can see a failed test."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"_e2e_report_{report.when}", report)


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One Chromium for all the tests of this folder.

    Package scope rather than session scope: while Playwright runs, its asyncio event loop is the
    running loop of the main thread, which breaks ``async_to_sync`` (and Django's async-safety check)
    in any test that would run after this folder in the same session. For the same reason
    ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set only while the browser is up: the ORM calls of the tests and
    fixtures here are made in the main thread, which Django would otherwise refuse.
    """
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            f"The browser tests need Chromium at {CHROMIUM}, which is missing. "
            "Install it with `apt-get install chromium-headless-shell` (or point SPIRAL_E2E_CHROMIUM at a Chromium "
            "binary); `playwright install` cannot download browsers in this environment.",
            pytrace=False,
        )
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _eager_celery():
    """E-mails go through a Celery task: run it in this process so ``mail.outbox`` receives them.

    The SQLite run is eager anyway; the integration run (``REDIS_URL`` set) would otherwise hand the
    task to a separate worker whose e-mails the test cannot read.
    """
    from portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def new_context(browser, live_server, request) -> Iterator[Callable[..., BrowserContext]]:
    """Factory for isolated browser contexts on the live server; ``locale`` sets Accept-Language.

    Other keyword arguments go to Playwright's ``new_context`` (``bypass_csp=True`` for a test that
    injects its own script into the page, ``viewport`` for a phone).
    """
    yield from context_factory(browser, live_server.url, request)


def context_factory(browser: Browser, base_url: str, request) -> Iterator[Callable[..., BrowserContext]]:
    """The body of ``new_context`` for any server: also used by the page walks' own server (``walks/``)."""
    contexts: list[BrowserContext] = []
    counts: Counter[str] = Counter()
    journey = "journey" in Path(str(request.node.path)).name

    def count_pages(page: Page) -> None:
        page.on("load", lambda _page: counts.update(["pages"]))

    def make(locale: str = "en-US", **options) -> BrowserContext:
        # 1280 x 800 unless asked otherwise: wide enough for the expanded (lg) navbar.
        options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(
            **options,
            base_url=base_url,
            locale=locale,
            timezone_id="Europe/Moscow",
        )
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        context.set_default_navigation_timeout(DEFAULT_TIMEOUT_MS)
        if journey:
            context.expose_function("__spiralClick", lambda: counts.update(["clicks"]))
            context.add_init_script(_CLICK_COUNTER)
            context.on("page", count_pages)
        contexts.append(context)
        return context

    yield make

    failed = any(
        getattr(getattr(request.node, f"_e2e_report_{when}", None), "failed", False) for when in ("setup", "call")
    )
    if journey and not failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        line = {
            "test": request.node.nodeid,
            "accounts": len(contexts),
            "pages": counts["pages"],
            "clicks": counts["clicks"],
        }
        with JOURNEYS_FILE.open("a", encoding="utf-8") as journeys:
            journeys.write(json.dumps(line) + "\n")
    for index, context in enumerate(contexts):
        if failed:
            _screenshot(context, request.node.nodeid, index)
        context.close()


def _screenshot(context: BrowserContext, nodeid: str, index: int) -> None:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1]).strip("_")
    RESULTS_DIR.mkdir(exist_ok=True)
    for page_index, page in enumerate(context.pages):
        suffix = "" if index == page_index == 0 else f"-{index}-{page_index}"
        try:
            page.screenshot(path=str(RESULTS_DIR / f"{name}{suffix}.png"), full_page=True)
        except Exception:  # noqa: BLE001, S110 - a screenshot must never hide the real failure
            pass


@pytest.fixture
def browser_locale() -> str:
    """The browser's locale; override in a module (or parametrize) for another language."""
    return "en-US"


@pytest.fixture
def page(new_context, browser_locale) -> Page:
    """A fresh page in a fresh context (no cookies), speaking ``browser_locale``."""
    return new_context(browser_locale).new_page()
