import mimetypes
import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

# Files a project may carry: documents, spreadsheets, slides, pictures and plain data.
ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "png", "jpg", "jpeg", "csv", "txt")
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024  # 10 MB

# The type a download is served with, decided by the extension (never by what the uploader's browser claimed).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "csv": "text/csv",
    "txt": "text/plain",
}


def extension_of(name: str) -> str:
    """The lower-case extension of a file name, without the dot ("" when there is none)."""
    return posixpath.splitext(name or "")[1].lstrip(".").lower()


def content_type_for(name: str) -> str:
    """The MIME type a file of that name is stored and served with."""
    return CONTENT_TYPES.get(extension_of(name)) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def validate_attachment_size(file) -> None:
    """At most :data:`MAX_ATTACHMENT_SIZE` bytes, and not empty."""
    size = getattr(file, "size", 0) or 0
    if size > MAX_ATTACHMENT_SIZE:
        raise ValidationError(
            _("The file is too large: at most %(limit)s MB are allowed."),
            code="file_too_large",
            params={"limit": MAX_ATTACHMENT_SIZE // (1024 * 1024)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")


def attachment_upload_to(instance: "Attachment", filename: str) -> str:
    """``projects/<project id>/<random>/<safe name>``: one folder per project, no name clashes, nothing guessable."""
    name = get_valid_filename(posixpath.basename(filename.replace("\\", "/"))) or "file"
    return f"projects/{instance.project_id}/{uuid.uuid4().hex}/{name}"


class Attachment(models.Model):
    """A file attached to a project (a concept note, a contract, a report, a picture).

    Uploaded by the lead's members (or, while the project is open, its partners'
    members) through ``cooperation.services.attachments``; downloaded through a
    page that checks ``cooperation.view_attachment``, never from a public URL.
    """

    project = models.ForeignKey(
        "cooperation.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(
        _("file"),
        upload_to=attachment_upload_to,
        max_length=300,
        validators=[FileExtensionValidator(allowed_extensions=ALLOWED_EXTENSIONS), validate_attachment_size],
    )
    title = models.CharField(_("title"), max_length=300)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["project", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The protected download address."""
        return reverse("cooperation:attachment-download", kwargs={"pk": self.pk})

    @property
    def filename(self) -> str:
        """The stored file's own name (without the folders)."""
        return posixpath.basename(self.file.name or "")

    @property
    def extension(self) -> str:
        return extension_of(self.filename)
