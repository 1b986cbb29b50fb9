"""The audit log in the API: /api/audit-log/, read-only, for administrators."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from audit.services import audit_log
from tests.cooperation.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_only_administrators_read_the_log(api, make_user):
    entry = audit_log(actor=None, action="x.y")

    assert api.get("/api/audit-log/").status_code in (401, 403)
    api.force_authenticate(make_user(SiteRole.MODERATOR))
    assert api.get("/api/audit-log/").status_code == 403
    assert api.get(f"/api/audit-log/{entry.pk}/").status_code == 403
    api.force_authenticate(make_user(SiteRole.ADMINISTRATOR))
    assert api.get(f"/api/audit-log/{entry.pk}/").status_code == 200


def test_the_log_cannot_be_written_through_the_api(api, make_user):
    entry = audit_log(actor=None, action="x.y")
    api.force_authenticate(make_user(SiteRole.ADMINISTRATOR))

    assert api.post("/api/audit-log/", {"action": "forged"}, format="json").status_code == 405
    assert api.delete(f"/api/audit-log/{entry.pk}/").status_code == 405


def test_entries_newest_first_with_filters(api, make_user):
    administrator = make_user(SiteRole.ADMINISTRATOR, email="boss@example.org")
    project = ProjectFactory()
    audit_log(actor=administrator, action="project.hidden", target=project, reason="Спам")
    audit_log(actor=make_user(), action="report.created", target=project)
    api.force_authenticate(administrator)

    everything = api.get("/api/audit-log/").data["results"]
    assert [e["action"] for e in everything] == ["report.created", "project.hidden"]
    first = everything[1]
    assert (first["actor"]["email"], first["target_type"], first["target_id"], first["data"]) == (
        "boss@example.org",
        "cooperation.project",
        str(project.pk),
        {"reason": "Спам"},
    )
    assert [e["action"] for e in api.get("/api/audit-log/", {"action": "project."}).data["results"]] == [
        "project.hidden"
    ]
    assert [e["action"] for e in api.get("/api/audit-log/", {"actor": "boss@"}).data["results"]] == ["project.hidden"]
    assert api.get("/api/audit-log/", {"target_type": "no.such"}).status_code == 400


def test_the_list_takes_a_constant_number_of_queries(api, make_user):
    api.force_authenticate(make_user(SiteRole.ADMINISTRATOR))

    def add(n):
        for _ in range(n):
            audit_log(actor=make_user(), action="project.hidden", target=ProjectFactory())

    add(2)
    api.get("/api/audit-log/")
    with CaptureQueriesContext(connection) as few:
        api.get("/api/audit-log/")
    add(8)
    with CaptureQueriesContext(connection) as many:
        api.get("/api/audit-log/")

    assert len(many) == len(few)
