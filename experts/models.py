import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.models.attachments import ALLOWED_EXTENSIONS, validate_attachment_size
from core.i18n import localized
from core.models import ConfirmationDecision

from .choices import Availability, ConsultationStatus, InvitationStatus, Language

# An invitation that still counts: at most one per project and expert.
OPEN_INVITATION_STATUSES = (InvitationStatus.INVITED, InvitationStatus.ACCEPTED)


class ExpertProfile(models.Model):
    """A user's public card as an expert: competences, region, languages and availability.

    One per user. Only published profiles appear in the directory and can be
    invited to projects; the contact e-mail is shown to signed-in users only.
    The name shown is the user's full name.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="expert_profile"
    )
    headline_ru = models.CharField(_("headline (Russian)"), max_length=200, blank=True)
    headline_en = models.CharField(_("headline (English)"), max_length=200, blank=True)
    bio_ru = models.TextField(_("about the expert (Russian)"), max_length=4000, blank=True)
    bio_en = models.TextField(_("about the expert (English)"), max_length=4000, blank=True)
    competences = models.ManyToManyField(
        "analytics.ClassifierItem",
        verbose_name=_("competences"),
        blank=True,
        related_name="experts",
        help_text=_("Economic activities (NACE sections) and S&T rubrics (GRNTI) the expert knows."),
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="experts"
    )
    # Seed 000's level 2 is agents of one region advising another: the expert's organisation gives the advice
    # its helix (government, business, science and education, civil society).
    agent = models.ForeignKey(
        "cooperation.Agent",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
        help_text=_("The organisation you work for (one you act for on Spiral); the profile shows its helix."),
    )
    languages = models.JSONField(
        _("working languages"), default=list, blank=True, help_text=_("Languages the expert can work in.")
    )
    availability = models.CharField(
        _("availability"), max_length=20, choices=Availability.choices, default=Availability.AVAILABLE, db_index=True
    )
    is_published = models.BooleanField(
        _("published"), default=False, db_index=True, help_text=_("Published profiles are listed in the directory.")
    )
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Shown to signed-in users only; your account e-mail if empty.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["is_published", "region"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def helix(self) -> str:
        """The helix of the organisation the expert works for ("" when none is named)."""
        return self.agent.helix if self.agent_id else ""

    def get_absolute_url(self) -> str:
        return reverse("experts:expert-detail", kwargs={"pk": self.pk})

    @property
    def display_name(self) -> str:
        """The user's full name (never the e-mail address, which is private)."""
        return self.user.full_name or gettext("Expert no. %(number)s") % {"number": self.pk}

    @property
    def headline(self) -> str:
        return localized(self, "headline")

    @property
    def bio(self) -> str:
        return localized(self, "bio")

    @property
    def contact_address(self) -> str:
        return self.contact_email or self.user.email

    def get_languages_display(self) -> list[str]:
        labels = dict(Language.choices)
        return [str(labels.get(code, code)) for code in self.languages or []]

    def clean(self) -> None:
        languages = self.languages
        if not isinstance(languages, list) or any(code not in Language.values for code in languages):
            raise ValidationError({"languages": _("Choose languages from the list.")})
        if len(set(languages)) != len(languages):
            raise ValidationError({"languages": _("A language is repeated.")})


class ExpertInvitation(models.Model):
    """A project lead's invitation to an expert, and the expert's answer.

    An accepted invitation is the evidence of cooperation level 2 ("expert")
    between the expert's region and the project lead's region (see
    ``experts.selectors.expert_involvements``). At most one pending or accepted
    invitation exists per project and expert; declined and withdrawn ones
    remain as history.
    """

    project = models.ForeignKey(
        "cooperation.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="expert_invitations"
    )
    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.INVITED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered or withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert invitation")
        verbose_name_plural = _("expert invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "expert"],
                condition=models.Q(status__in=["invited", "accepted"]),
                name="one_open_expert_invitation_per_project",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} @ {self.project} ({self.get_status_display()})"

    @property
    def project_url(self) -> str:
        return project_url(self.project)


def project_url(project) -> str:
    """The project page's path (``/projects/<pk>/``)."""
    try:
        return project.get_absolute_url()
    except (AttributeError, NoReverseMatch):  # the project pages are another app's; the path is fixed by the issue
        return f"/projects/{project.pk}/"


def consultation_result_path(instance: "Consultation", filename: str) -> str:
    """``consultations/<id>/<random>/<safe name>``: nothing guessable, served only through a checked page."""
    name = get_valid_filename(posixpath.basename(filename.replace("\\", "/"))) or "file"
    return f"consultations/{instance.pk or 'new'}/{uuid.uuid4().hex}/{name}"


class Consultation(ConfirmationDecision):
    """An agent of one region advising an agent of another region on its development (seed 000's level 2).

    The advised side (typically a government authority, any helix allowed) asks
    an agent of another region; the advising side accepts or declines, gives the
    advice and submits its result (a document and/or a summary); the advised side
    confirms it or disputes it with a reason. Only a confirmed consultation is
    evidence of cooperation level 2 between the two regions, in the grid cell of
    the two agents' helices, from the day the consultation ended
    (``levels.computations``). Every step is a service in ``experts.services``.
    """

    advising_agent = models.ForeignKey(
        "cooperation.Agent",
        verbose_name=_("advising organisation"),
        on_delete=models.CASCADE,
        related_name="consultations_given",
    )
    advised_agent = models.ForeignKey(
        "cooperation.Agent",
        verbose_name=_("advised organisation"),
        on_delete=models.CASCADE,
        related_name="consultations_received",
    )
    subject = models.CharField(_("subject"), max_length=300)
    description = models.TextField(_("what advice is needed"), max_length=4000, blank=True)
    starts_on = models.DateField(_("start date"))
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ConsultationStatus.choices,
        default=ConsultationStatus.REQUESTED,
        db_index=True,
    )
    result_summary = models.TextField(_("result"), max_length=4000, blank=True)
    result_document = models.FileField(
        _("result document"),
        upload_to=consultation_result_path,
        max_length=300,
        blank=True,
        validators=[FileExtensionValidator(allowed_extensions=ALLOWED_EXTENSIONS), validate_attachment_size],
    )
    reason = models.TextField(
        _("reason"), max_length=2000, blank=True, help_text=_("Why the consultation was declined or disputed.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("result submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("result submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(advising_agent=models.F("advised_agent")), name="consultation_two_agents"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="consultation_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("experts:consultation-detail", kwargs={"pk": self.pk})

    @property
    def document_url(self) -> str:
        """The protected download address of the result document ("" when there is none)."""
        if not self.result_document:
            return ""
        return reverse("experts:consultation-document", kwargs={"pk": self.pk})

    @property
    def document_name(self) -> str:
        return posixpath.basename(self.result_document.name or "")
