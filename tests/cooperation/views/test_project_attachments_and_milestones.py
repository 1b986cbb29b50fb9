"""Attachments and milestones on the project page: upload, protected download, removal, the timeline."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

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


@pytest.fixture
def lead_admin(project):
    return MembershipFactory(agent=project.lead_agent, role=AgentRole.ADMINISTRATOR).user


def publish(project):
    project.state = ProjectState.PUBLISHED
    project.save(update_fields=["state"])


# --- Attachments.


def test_uploading_listing_and_downloading_a_file(client, project, lead_member):
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{project.pk}/attachments/",
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"), "title": "План"},
    )

    attachment = Attachment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert "План" in page and f'href="/projects/attachments/{attachment.pk}/"' in page
    download = client.get(f"/projects/attachments/{attachment.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;") and "plan.pdf" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_files_of_private_projects_are_404_to_outsiders(client, project, lead_member, make_user):
    attachment = attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile("a.txt", b"secret"))
    url = f"/projects/attachments/{attachment.pk}/"

    assert client.get(url).status_code == 404
    client.force_login(make_user())
    assert client.get(url).status_code == 404

    publish(project)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 200


def test_files_are_not_served_from_a_public_media_url(client, project, lead_member):
    attachment = attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile("a.txt", b"secret"))
    publish(project)

    html = client.get(f"/projects/{project.pk}/").content.decode()

    assert attachment.file.name not in html
    assert "/media/" not in html


def test_a_too_large_file_comes_back_with_the_error(client, project, lead_member):
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{project.pk}/attachments/",
        {"file": SimpleUploadedFile("big.pdf", b"x" * (MAX_ATTACHMENT_SIZE + 1))},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["The file is too large: at most 10 MB are allowed."]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_forbidden_type_comes_back_with_the_error(client, project, lead_member):
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{project.pk}/attachments/", {"file": SimpleUploadedFile("page.html", b"<script>")}
    )

    assert response.status_code == 200 and "file" in response.context["form"].errors
    assert not Attachment.objects.exists()


def test_outsiders_cannot_upload(client, project, make_user):
    client.force_login(make_user())
    upload = {"file": SimpleUploadedFile("a.txt", b"x")}

    assert client.post(f"/projects/{project.pk}/attachments/", upload).status_code == 404  # a private draft
    publish(project)
    upload = {"file": SimpleUploadedFile("a.txt", b"x")}
    assert client.post(f"/projects/{project.pk}/attachments/", upload).status_code == 403
    assert not Attachment.objects.exists()


def test_the_uploader_and_the_lead_admin_remove_files(client, project, lead_member, lead_admin, make_user):
    first = attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile("a.txt", b"x"))
    second = attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile("b.txt", b"y"))
    other_member = MembershipFactory(agent=project.lead_agent).user

    client.force_login(other_member)
    assert client.post(f"/projects/attachments/{first.pk}/delete/").status_code == 403
    client.force_login(lead_member)
    assert client.post(f"/projects/attachments/{first.pk}/delete/").status_code == 302
    client.force_login(lead_admin)
    assert client.post(f"/projects/attachments/{second.pk}/delete/").status_code == 302

    assert not Attachment.objects.exists()


def test_the_remove_button_is_shown_to_those_who_may_remove(client, project, lead_member):
    attachment = attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile("a.txt", b"x"))
    publish(project)
    delete = f'action="/projects/attachments/{attachment.pk}/delete/"'

    client.force_login(lead_member)
    assert delete in client.get(f"/projects/{project.pk}/").content.decode()
    client.logout()
    assert delete not in client.get(f"/projects/{project.pk}/").content.decode()


# --- Milestones.


def test_the_timeline_marks_milestones_done_overdue_or_upcoming(client, project, lead_member):
    MilestoneFactory(project=project, title="Сделано", due_on=D(2026, 2, 1), done_on=D(2026, 2, 1))
    MilestoneFactory(project=project, title="Просрочено", due_on=D(2000, 1, 1))
    MilestoneFactory(project=project, title="Впереди", due_on=D(2999, 1, 1))
    client.force_login(lead_member)

    response = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="en")

    assert [(entry.milestone.title, entry.status) for entry in response.context["timeline"]] == [
        ("Просрочено", "overdue"),
        ("Сделано", "done"),
        ("Впереди", "upcoming"),
    ]
    html = response.content.decode()
    assert "overdue" in html and "upcoming" in html and "done on" in html
    assert html.index("Просрочено") < html.index("Сделано") < html.index("Впереди")


def test_adding_completing_editing_and_removing_milestones(client, project, lead_member):
    client.force_login(lead_member)

    added = client.post(f"/projects/{project.pk}/milestones/", {"title": "Отчёт", "due_on": "2026-06-30"})
    milestone = Milestone.objects.get()
    completed = client.post(f"/projects/milestones/{milestone.pk}/complete/", {"done": "1"})
    milestone.refresh_from_db()
    assert added.status_code == 302 and completed.status_code == 302 and milestone.done_on is not None

    out_of_range = client.post(f"/projects/milestones/{milestone.pk}/edit/", {"title": "Отчёт", "due_on": "2027-03-01"})
    assert out_of_range.status_code == 200 and "due_on" in out_of_range.context["form"].errors
    edited = client.post(f"/projects/milestones/{milestone.pk}/edit/", {"title": "Итог", "due_on": "2026-07-01"})
    milestone.refresh_from_db()
    assert edited.status_code == 302 and (milestone.title, milestone.due_on) == ("Итог", D(2026, 7, 1))

    removed = client.post(f"/projects/milestones/{milestone.pk}/delete/")
    assert removed.status_code == 302 and not Milestone.objects.exists()


def test_a_milestone_outside_the_project_dates_comes_back_with_the_error(client, project, lead_member):
    client.force_login(lead_member)

    response = client.post(f"/projects/{project.pk}/milestones/", {"title": "Рано", "due_on": "2025-01-01"})

    assert response.status_code == 200 and "due_on" in response.context["form"].errors
    assert not Milestone.objects.exists()


def test_only_the_lead_keeps_the_timeline(client, project, make_user):
    milestone = MilestoneFactory(project=project)
    publish(project)
    client.force_login(make_user())

    assert client.post(f"/projects/{project.pk}/milestones/", {"title": "X", "due_on": "2026-03-01"}).status_code == 403
    assert client.post(f"/projects/milestones/{milestone.pk}/complete/").status_code == 403
    assert client.post(f"/projects/milestones/{milestone.pk}/delete/").status_code == 403
    assert client.get(f"/projects/milestones/{milestone.pk}/edit/").status_code == 403
    milestone.refresh_from_db()
    assert milestone.done_on is None
    assert 'action="/projects/milestones/' not in client.get(f"/projects/{project.pk}/").content.decode()
