"""Fixtures of the search tests. Imports stay inside the fixtures: the pure tests (``computations/``) need no Django."""

import pytest


@pytest.fixture
def corpus(reference_data):
    """The fixed corpus (``tests/search/corpus.py``), indexed."""
    from search.services import index_rebuild
    from tests.search.corpus import build_corpus

    built = build_corpus()
    index_rebuild()
    return built


@pytest.fixture
def cbe_maps(reference_data):
    """The shipped data set "cbe-2020" (the paper's Tables 2–5), the default concordance, and a current
    snapshot computed from them by the analytics recomputation."""
    from django.utils import timezone

    from analytics.services.shipped import shipped_load_cbe_2020, shipped_load_concordance
    from analytics.services.snapshots import snapshot_recompute

    shipped_load_cbe_2020()
    shipped_load_concordance()
    return snapshot_recompute(now=timezone.now())


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the code schedules after the commit (the re-index, the alerts) as if it had committed."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def _default_language():
    """A test may activate English; the next one starts again in the default language."""
    yield
    from django.conf import settings

    if settings.configured:
        from django.utils import translation

        translation.deactivate()
