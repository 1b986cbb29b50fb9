"""Saved-search alerts on PostgreSQL: two deliveries of the same alert task at once notify once.

Run in the integration pass (``make test-integration``: DATABASE_URL=postgres://…).
"""

import pytest
from django.db import connection

from notifications.models import Notification
from search.models import SavedSearchMatch
from search.services import MATCH_EVENT, index_refresh, saved_search_alerts
from tests.concurrency import race as _race
from tests.cooperation.factories import AgentFactory
from tests.search.factories import SavedSearchFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres(transactional_db, reference_data):
    """Fail loudly (not skip) when the integration pass runs without PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs DATABASE_URL=postgres://… (run `make test-integration`).")


def test_a_redelivered_alert_task_racing_the_first_notifies_once(postgres, make_user):
    owner = make_user()
    SavedSearchFactory(user=owner, query="q=кластер")
    agent = AgentFactory(name="Кластер робототехники")
    index_refresh(refs=[("agent", agent.pk)])  # (outside a transaction: its own alert runs at once)
    Notification.objects.all().delete()
    SavedSearchMatch.objects.all().delete()

    results = _race([lambda: saved_search_alerts(refs=[("agent", agent.pk)]) for _ in range(4)])

    assert sorted(results) == [0, 0, 0, 1], results
    assert SavedSearchMatch.objects.count() == 1
    assert Notification.objects.filter(recipient=owner, event=MATCH_EVENT).count() == 1
