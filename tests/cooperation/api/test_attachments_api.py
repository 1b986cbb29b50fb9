"""The API of project attachments and milestones: same permissions as the pages, 400/403/404/409 as documented."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cooperation.choices import AgentRole, ProjectState
from cooperation.models import Attachment, Milestone
from cooperation.models.attachments import MAX_ATTACHMENT_SIZE
from cooperation.services.attachments import attachment_upload
from tests.cooperation.factories import AgentFactory, MembershipFactory, MilestoneFactory, ProjectFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def project(lipetsk):
    return ProjectFactory(lead_agent=AgentFactory(region=lipetsk), starts_on=D(2026, 1, 1), ends_on=D(2026, 12, 31))


@pytest.fixture
def lead_member(project):
    return MembershipFactory(agent=project.lead_agent).user


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def upload(client, project, name="plan.pdf", content=b"%PDF-1.4", **extra):
    return client.post(
        "/api/project-attachments/",
        {"project": project.pk, "file": SimpleUploadedFile(name, content), **extra},
        format="multipart",
    )


def set_state(project, state):
    project.state = state
    project.save(update_fields=["state"])


# --- Attachments.


def test_upload_list_download_and_delete(project, lead_member):
    client = api(lead_member)

    created = upload(client, project, title="План")
    listed = client.get("/api/project-attachments/", {"project": project.pk})
    download = client.get(f"/api/project-attachments/{created.data['id']}/download/")
    deleted = client.delete(f"/api/project-attachments/{created.data['id']}/")

    assert created.status_code == 201, created.data
    assert created.data["title"] == "План" and created.data["filename"] == "plan.pdf"
    assert created.data["size"] == 8 and created.data["content_type"] == "application/pdf"
    assert created.data["download"].endswith(f"/projects/attachments/{created.data['id']}/")
    assert [item["id"] for item in listed.data["results"]] == [created.data["id"]]
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
    assert deleted.status_code == 204 and not Attachment.objects.exists()


def test_upload_errors_are_per_field(project, lead_member):
    client = api(lead_member)

    too_large = upload(client, project, name="big.pdf", content=b"x" * (MAX_ATTACHMENT_SIZE + 1))
    wrong_type = upload(client, project, name="page.html", content=b"<html>")

    assert too_large.status_code == 400 and "file" in too_large.data
    assert wrong_type.status_code == 400 and "file" in wrong_type.data
    assert not Attachment.objects.exists()


def test_closed_projects_answer_409_with_their_state(project, lead_member):
    set_state(project, ProjectState.ARCHIVED)

    response = upload(api(lead_member), project)

    assert response.status_code == 409 and response.data["state"] == "archived"


def test_outsiders_get_403_on_visible_projects_and_400_on_hidden_ones(project, make_user):
    outsider = api(make_user())

    hidden = upload(outsider, project)  # a draft: as if it did not exist
    set_state(project, ProjectState.PUBLISHED)
    visible = upload(outsider, project)
    anonymous = upload(api(), project)

    assert hidden.status_code == 400 and "project" in hidden.data
    assert visible.status_code == 403
    assert anonymous.status_code in (401, 403)
    assert not Attachment.objects.exists()


def test_attachments_of_private_projects_are_invisible(project, lead_member, make_user):
    attachment = attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile("a.txt", b"secret"))
    outsider = api(make_user())

    assert outsider.get("/api/project-attachments/").data["results"] == []
    assert outsider.get(f"/api/project-attachments/{attachment.pk}/").status_code == 404
    assert outsider.get(f"/api/project-attachments/{attachment.pk}/download/").status_code == 404
    assert outsider.delete(f"/api/project-attachments/{attachment.pk}/").status_code == 404
    set_state(project, ProjectState.PUBLISHED)
    assert api().get(f"/api/project-attachments/{attachment.pk}/download/").status_code == 200
    assert outsider.delete(f"/api/project-attachments/{attachment.pk}/").status_code == 403
    assert Attachment.objects.count() == 1


def test_the_attachment_list_query_count_is_constant(project, lead_member):
    set_state(project, ProjectState.PUBLISHED)
    client = api()

    def create(n):
        for index in range(n):
            attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile(f"{index}.txt", b"x"))

    create(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/project-attachments/")
    create(8)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/project-attachments/")

    assert response.data["count"] == 10
    assert len(many) == len(few)


# --- Milestones.


def test_milestones_through_the_api(project, lead_member):
    client = api(lead_member)

    created = client.post("/api/project-milestones/", {"project": project.pk, "title": "Отчёт", "due_on": "2026-06-30"})
    pk = created.data["id"]
    moved = client.patch(f"/api/project-milestones/{pk}/", {"due_on": "2026-07-15"})
    done = client.post(f"/api/project-milestones/{pk}/complete/", {})
    again = client.post(f"/api/project-milestones/{pk}/complete/", {})
    reopened = client.post(f"/api/project-milestones/{pk}/complete/", {"done": False})
    listed = client.get("/api/project-milestones/", {"project": project.pk})
    removed = client.delete(f"/api/project-milestones/{pk}/")

    assert created.status_code == 201 and created.data["status"] in ("upcoming", "overdue")
    assert moved.status_code == 200 and moved.data["due_on"] == "2026-07-15"
    assert done.status_code == 200 and done.data["status"] == "done"
    assert again.status_code == 409 and again.data["state"] == "done"
    assert reopened.status_code == 200 and reopened.data["done_on"] is None
    assert [item["id"] for item in listed.data["results"]] == [pk]
    assert removed.status_code == 204 and not Milestone.objects.exists()


def test_a_milestone_outside_the_project_dates_is_a_400(project, lead_member):
    response = api(lead_member).post(
        "/api/project-milestones/", {"project": project.pk, "title": "Поздно", "due_on": "2027-06-30"}
    )

    assert response.status_code == 400 and "due_on" in response.data


def test_only_the_lead_keeps_the_timeline(project, make_user, voronezh):
    set_state(project, ProjectState.ACTIVE)
    milestone = MilestoneFactory(project=project)
    partner_admin = MembershipFactory(agent=AgentFactory(region=voronezh), role=AgentRole.ADMINISTRATOR).user

    for client in (api(make_user()), api(partner_admin)):
        assert client.get(f"/api/project-milestones/{milestone.pk}/").status_code == 200
        assert client.post(f"/api/project-milestones/{milestone.pk}/complete/", {}).status_code == 403
        assert client.patch(f"/api/project-milestones/{milestone.pk}/", {"title": "X"}).status_code == 403
        assert client.delete(f"/api/project-milestones/{milestone.pk}/").status_code == 403
        created = client.post("/api/project-milestones/", {"project": project.pk, "title": "X", "due_on": "2026-03-01"})
        assert created.status_code == 403
    assert Milestone.objects.get() == milestone


def test_milestones_of_private_projects_are_404(project, make_user):
    milestone = MilestoneFactory(project=project)
    client = api(make_user())

    assert client.get(f"/api/project-milestones/{milestone.pk}/").status_code == 404
    assert client.post(f"/api/project-milestones/{milestone.pk}/complete/", {}).status_code == 404
    assert client.get("/api/project-milestones/").data["results"] == []


def test_closed_projects_answer_409_on_milestones(project, lead_member):
    milestone = MilestoneFactory(project=project)
    set_state(project, ProjectState.REJECTED)

    response = api(lead_member).post(f"/api/project-milestones/{milestone.pk}/complete/", {})

    assert response.status_code == 409 and response.data["state"] == "rejected"


def test_the_milestone_list_query_count_is_constant(project):
    set_state(project, ProjectState.PUBLISHED)
    client = api()

    MilestoneFactory.create_batch(2, project=project)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/project-milestones/")
    MilestoneFactory.create_batch(8, project=project)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/project-milestones/")

    assert response.data["count"] == 10
    assert len(many) == len(few)
