"""Writes for project attachments: upload and delete, each checked, validated and audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_log
from cooperation.choices import ProjectState
from cooperation.models import Attachment, Project
from cooperation.models.attachments import content_type_for
from core.exceptions import InvalidStateError

# No new files once a project is closed.
CLOSED_STATES = (ProjectState.ARCHIVED, ProjectState.REJECTED)


@transaction.atomic
def attachment_upload(*, project: Project, actor: User, file: UploadedFile, title: str = "") -> Attachment:
    """Attach ``file`` to ``project``.

    The lead's members may do it in every state but archived and rejected; the
    partners' members while the project is open. The type is decided by the
    extension (see ``ALLOWED_EXTENSIONS``) and the size is limited to 10 MB.
    """
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.state in CLOSED_STATES:
        raise InvalidStateError(state=project.state)
    if not actor.has_perm("cooperation.add_attachment", project):
        raise PermissionDenied
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    attachment = Attachment(
        project=project,
        file=file,
        title=(title or "").strip() or (file.name or "")[:300],
        size=file.size or 0,
        content_type=content_type_for(file.name or ""),
        uploaded_by=actor,
    )
    attachment.full_clean()
    attachment.save()
    audit_log(
        actor=actor,
        action="attachment.uploaded",
        target=attachment,
        project=project.pk,
        file=attachment.filename,
        size=attachment.size,
    )
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, actor: User) -> None:
    """Remove an attachment (its uploader, or the lead's administrator); the stored file goes after the commit."""
    attachment = Attachment.objects.select_for_update().select_related("project").get(pk=attachment.pk)
    if attachment.project.state == ProjectState.ARCHIVED:
        raise InvalidStateError(state=attachment.project.state)
    if not actor.has_perm("cooperation.delete_attachment", attachment):
        raise PermissionDenied
    storage, name = attachment.file.storage, attachment.file.name
    audit_log(
        actor=actor,
        action="attachment.deleted",
        target=attachment,
        project=attachment.project_id,
        file=attachment.filename,
        title=attachment.title,
    )
    attachment.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
