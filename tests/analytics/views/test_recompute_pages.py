import pytest

from analytics.models import Snapshot
from audit.models import AuditLogEntry

pytestmark = pytest.mark.django_db

URL = "/analytics/data-bank/snapshots/"


def test_an_analyst_starts_a_recomputation_and_sees_it_listed(client, make_user, django_capture_on_commit_callbacks):
    # given an analyst (the data bank may be empty: a snapshot of nothing is still a snapshot)
    analyst = make_user("analyst")
    client.force_login(analyst)

    # when the analyst presses "Recompute now" (no broker: it runs in-process after commit)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL + "recompute/")

    # then a complete snapshot is current, started by the analyst, and the page lists it
    assert response.status_code == 302 and response["Location"] == URL
    snapshot = Snapshot.objects.get(is_current=True)
    assert snapshot.status == "complete" and snapshot.triggered_by == analyst
    assert AuditLogEntry.objects.filter(action="analytics.recompute_requested", actor=analyst).exists()
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"#{snapshot.pk}" in page and "current" in page


def test_members_may_not_start_a_recomputation(client, make_user):
    client.force_login(make_user())

    assert client.post(URL + "recompute/").status_code == 403
    assert client.get(URL).status_code == 403
    assert not Snapshot.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
