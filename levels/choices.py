from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InteractionKind(models.TextChoices):
    """Forms of information exchange between agents of different regions (level 1, "information")."""

    MEETING = "meeting", _("Meeting")
    CONFERENCE = "conference", _("Conference")
    FORUM = "forum", _("Forum")
    MATERIALS = "materials", _("Exchange of materials")
    OTHER = "other", _("Other exchange")


class InteractionStatus(models.TextChoices):
    """Whether the other side stands behind a recorded interaction: only a confirmed one counts as evidence."""

    PENDING = "pending", pgettext_lazy("interaction status", "Awaiting confirmation")
    CONFIRMED = "confirmed", pgettext_lazy("interaction status", "Confirmed")
    DISPUTED = "disputed", pgettext_lazy("interaction status", "Disputed")


class StructureKind(models.TextChoices):
    """Integrated structures of interregional cooperation (level 4, "integrated")."""

    ALLIANCE = "alliance", _("Interregional alliance")
    CLUSTER = "cluster", _("Joint cluster")
    STRATEGY = "strategy", _("Joint strategy")
    COORDINATING_BODY = "coordinating_body", _("Coordinating body")


class StructureStatus(models.TextChoices):
    """Life of an integrated structure: proposed, then confirmed (or rejected) by a moderator; later dissolved."""

    PROPOSED = "proposed", pgettext_lazy("structure status", "Proposed")
    CONFIRMED = "confirmed", pgettext_lazy("structure status", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("structure status", "Rejected")
    DISSOLVED = "dissolved", pgettext_lazy("structure status", "Dissolved")


class EvidenceKind(models.TextChoices):
    """What a piece of evidence of a cooperation level is."""

    INTERACTION = "interaction", _("Information exchange")
    EXPERT = "expert", _("Expert involvement")
    PROJECT = "project", _("Joint project")
    STRUCTURE = "structure", _("Integrated structure")
