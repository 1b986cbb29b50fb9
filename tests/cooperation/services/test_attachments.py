"""Attachments: who may upload and remove files, which files, and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, ProjectState
from cooperation.models import Attachment
from cooperation.models.attachments import MAX_ATTACHMENT_SIZE
from cooperation.services.attachments import attachment_delete, attachment_upload
from core.exceptions import InvalidStateError
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def pdf(name="plan.pdf", size=None):
    content = b"%PDF-1.4 test" if size is None else b"x" * size
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def project(lipetsk):
    return ProjectFactory(lead_agent=AgentFactory(region=lipetsk))


@pytest.fixture
def lead_member(project):
    return MembershipFactory(agent=project.lead_agent).user


@pytest.fixture
def lead_admin(project):
    return MembershipFactory(agent=project.lead_agent, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def partner_member(project, voronezh):
    partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    return MembershipFactory(agent=partner.agent).user


def set_state(project, state):
    project.state = state
    project.save(update_fields=["state"])


def test_a_lead_member_attaches_a_file_to_a_draft(project, lead_member):
    attachment = attachment_upload(project=project, actor=lead_member, file=pdf(), title="  План работ ")

    attachment.refresh_from_db()
    assert attachment.title == "План работ"
    assert attachment.size == len(b"%PDF-1.4 test")
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == lead_member
    assert attachment.file.name.startswith(f"projects/{project.pk}/") and attachment.filename == "plan.pdf"
    assert attachment.file.read() == b"%PDF-1.4 test"
    entry = AuditLogEntry.objects.get(action="attachment.uploaded")
    assert entry.actor == lead_member and entry.data["project"] == project.pk


def test_the_title_defaults_to_the_file_name(project, lead_member):
    attachment = attachment_upload(project=project, actor=lead_member, file=pdf("отчёт.pdf"))

    assert attachment.title == "отчёт.pdf"


def test_the_type_is_decided_by_the_extension_not_by_the_browser(project, lead_member):
    upload = SimpleUploadedFile("data.csv", b"a;b\n1;2\n", content_type="text/html")

    attachment = attachment_upload(project=project, actor=lead_member, file=upload)

    assert attachment.content_type == "text/csv"


@pytest.mark.parametrize("name", ["virus.exe", "page.html", "script.js", "archive.zip", "noextension"])
def test_other_file_types_are_refused(project, lead_member, name):
    with pytest.raises(ValidationError) as error:
        attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile(name, b"content"))

    assert "file" in error.value.message_dict
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "name", ["a.pdf", "a.docx", "a.xlsx", "a.pptx", "a.odt", "a.ods", "a.png", "a.jpg", "a.csv", "a.txt", "A.PDF"]
)
def test_the_allowed_types(project, lead_member, name):
    attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile(name, b"content"))

    assert Attachment.objects.count() == 1


def test_files_over_ten_megabytes_are_refused(project, lead_member):
    attachment_upload(project=project, actor=lead_member, file=pdf(size=MAX_ATTACHMENT_SIZE))

    with pytest.raises(ValidationError) as error, translation.override("en"):
        attachment_upload(project=project, actor=lead_member, file=pdf(size=MAX_ATTACHMENT_SIZE + 1))

    with translation.override("en"):
        assert error.value.message_dict["file"] == ["The file is too large: at most 10 MB are allowed."]
    assert Attachment.objects.count() == 1


def test_empty_files_are_refused(project, lead_member):
    with pytest.raises(ValidationError):
        attachment_upload(project=project, actor=lead_member, file=SimpleUploadedFile("a.txt", b""))


@pytest.mark.parametrize("state", [ProjectState.PUBLISHED, ProjectState.ACTIVE])
def test_partners_attach_files_while_the_project_is_open(project, partner_member, state):
    set_state(project, state)

    attachment_upload(project=project, actor=partner_member, file=pdf())

    assert Attachment.objects.count() == 1


@pytest.mark.parametrize("state", [ProjectState.DRAFT, ProjectState.SUBMITTED, ProjectState.COMPLETED])
def test_partners_cannot_attach_files_outside_the_open_states(project, partner_member, state):
    set_state(project, state)

    with pytest.raises(PermissionDenied):
        attachment_upload(project=project, actor=partner_member, file=pdf())


@pytest.mark.parametrize("state", [ProjectState.SUBMITTED, ProjectState.COMPLETED, ProjectState.ACTIVE])
def test_the_lead_attaches_files_in_every_state_but_the_closed_ones(project, lead_member, state):
    set_state(project, state)

    attachment_upload(project=project, actor=lead_member, file=pdf())

    assert Attachment.objects.count() == 1


@pytest.mark.parametrize("state", [ProjectState.ARCHIVED, ProjectState.REJECTED])
def test_closed_projects_take_no_file(project, lead_member, state):
    set_state(project, state)

    with pytest.raises(InvalidStateError) as error:
        attachment_upload(project=project, actor=lead_member, file=pdf())

    assert error.value.state == state


def test_outsiders_and_moderators_cannot_attach_files(project, make_user):
    set_state(project, ProjectState.ACTIVE)

    for user in (make_user(), MembershipFactory().user, make_user("moderator")):
        with pytest.raises(PermissionDenied):
            attachment_upload(project=project, actor=user, file=pdf())


def test_the_uploader_removes_the_file_and_it_leaves_the_storage(
    project, lead_member, django_capture_on_commit_callbacks
):
    attachment = attachment_upload(project=project, actor=lead_member, file=pdf())
    storage, name = attachment.file.storage, attachment.file.name

    with django_capture_on_commit_callbacks(execute=True):
        attachment_delete(attachment=attachment, actor=lead_member)

    assert not Attachment.objects.exists()
    assert not storage.exists(name)
    assert AuditLogEntry.objects.filter(action="attachment.deleted", actor=lead_member).exists()


def test_the_lead_admin_removes_a_partners_file(project, partner_member, lead_admin):
    set_state(project, ProjectState.ACTIVE)
    attachment = attachment_upload(project=project, actor=partner_member, file=pdf())

    attachment_delete(attachment=attachment, actor=lead_admin)

    assert not Attachment.objects.exists()


def test_other_members_cannot_remove_a_file(project, lead_admin, lead_member, partner_member):
    set_state(project, ProjectState.ACTIVE)
    attachment = attachment_upload(project=project, actor=lead_admin, file=pdf())

    for user in (lead_member, partner_member):
        with pytest.raises(PermissionDenied):
            attachment_delete(attachment=attachment, actor=user)

    assert Attachment.objects.count() == 1


def test_files_of_archived_projects_stay(project, lead_admin):
    attachment = attachment_upload(project=project, actor=lead_admin, file=pdf())
    set_state(project, ProjectState.ARCHIVED)

    with pytest.raises(InvalidStateError):
        attachment_delete(attachment=attachment, actor=lead_admin)

    assert Attachment.objects.count() == 1
