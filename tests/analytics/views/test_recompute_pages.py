import re

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


def test_a_run_still_running_past_the_time_limit_is_shown_interrupted_on_the_page_and_the_api(
    client, make_user, settings
):
    # given a run whose worker was killed 11 minutes ago (the time limit is 10 minutes), and one running now
    from datetime import timedelta

    from django.utils import timezone

    settings.CELERY_TASK_TIME_LIMIT = 600
    dead = Snapshot.objects.create(
        status="running", inputs_checksum="a", started_at=timezone.now() - timedelta(minutes=11)
    )
    alive = Snapshot.objects.create(
        status="running", inputs_checksum="b", started_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(make_user("analyst"))

    # when an analyst looks at the page and the API
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    api = {entry["id"]: entry["status"] for entry in client.get("/api/analytics/snapshots/").json()["results"]}

    # then the dead run is interrupted, the live one running
    assert api == {dead.pk: "interrupted", alive.pk: "running"}
    rows = {row.split("</th>")[0]: row for row in page.split('<th scope="row">#')[1:]}
    assert "Interrupted" in rows[str(dead.pk)] and "Its worker stopped" in rows[str(dead.pk)]
    assert "Running" in rows[str(alive.pk)] and "Interrupted" not in rows[str(alive.pk)]


def test_when_the_only_running_snapshot_is_interrupted_the_page_does_not_say_a_recomputation_is_running(
    client, make_user
):
    from datetime import timedelta

    from django.utils import timezone

    Snapshot.objects.create(status="running", inputs_checksum="a", started_at=timezone.now() - timedelta(hours=2))
    client.force_login(make_user("analyst"))

    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "A recomputation is running." not in page
    assert "Interrupted" in page


def test_durations_show_one_decimal_each(client, make_user):
    # Walk-through of issue #12: "18,455" beside "15,35" — one format for the column.
    from django.utils import timezone

    for checksum, total in (("a", 18.455), ("b", 15.35), ("c", 7)):
        Snapshot.objects.create(
            status="complete",
            inputs_checksum=checksum,
            started_at=timezone.now(),
            row_counts={"seconds": {"total": total}},
        )
    client.force_login(make_user("analyst"))

    page = client.get(URL).content.decode()
    seconds = re.findall(r'<td class="text-end">([^<]*)</td>(?=\s*<td><code>)', page)

    assert sorted(seconds) == ["15,4", "18,5", "7,0"]
    assert "18,455" not in page and "15,35" not in page
