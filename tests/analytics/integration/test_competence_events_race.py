"""Competence events on PostgreSQL: two recordings of the same changes at once write each event once.

Run in the integration pass (``make test-integration``): DATABASE_URL points at PostgreSQL.
"""

import pytest
from django.db import connection

from analytics import selectors
from analytics.models import CompetenceEvent, Snapshot
from analytics.services.competence_events import competence_events_record
from analytics.services.snapshots import snapshot_compute, snapshot_inputs, snapshot_recompute
from tests.analytics.services.test_competence_events import YEAR_2020, YEAR_2021, observe
from tests.concurrency import race

pytestmark = pytest.mark.integration


@pytest.fixture
def postgresql(transactional_db):
    """Fail loudly (not skip) when the integration pass runs without PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.fail("Integration tests need DATABASE_URL=postgres://… (run `make test-integration`).")


def test_two_recordings_racing_write_each_event_once(postgresql, reference_data):
    from analytics.models import Dataset

    dataset = Dataset.objects.create(code="volumes", name_ru="Объёмы", name_en="Volumes")
    observe(dataset, 2020, YEAR_2020)
    observe(dataset, 2021, YEAR_2021)
    first = snapshot_recompute()
    CompetenceEvent.objects.all().delete()
    second = Snapshot.objects.create(inputs_checksum="x", started_at=first.started_at)
    inputs = snapshot_inputs()
    computed = snapshot_compute(inputs)

    def record(snapshot):
        return competence_events_record(
            snapshot=snapshot,
            coefficients=computed.coefficients,
            regions=selectors.region_names(),
            items=selectors.item_names(),
            threshold=inputs.threshold,
        )

    results = race([lambda: record(first), lambda: record(second)])

    assert not [r for r in results if isinstance(r, Exception)], results
    assert CompetenceEvent.objects.count() == 8
    # Each event was written by one of the two runs, and each run reports only what it wrote.
    assert sum(result.added for result in results) == 8
