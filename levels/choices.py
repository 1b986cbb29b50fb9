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
    COORDINATING_BODY = "coordinating_body", _("Interregional coordinating body")
    FEDERAL_BODY = "federal_body", _("Federal coordinating body")


#: Kinds that carry an economic sector (an OKVED2 section): industry alliances and clusters (seed 003).
SECTOR_KINDS = ("alliance", "cluster")
#: Kinds that may coordinate other structures (be their parent).
COORDINATING_KINDS = ("coordinating_body", "federal_body")


class IntegrationStage(models.IntegerChoices):
    """How far the integration of a structure's members has gone: a four-step scale, each including the previous.

    The scale follows the seeds: seed 002 traces integration from coordinated policy through joint projects
    and programmes to common institutions (Balassa's progression of forms; "industrial cooperation … within the
    framework of joint projects and programs"; "transnational institutions"); seed 003 places a coordinating body
    with powers above the regional and sectoral structures; seed 000 defines level 4 as "integrated structures …
    joint implementation of the interregional innovation strategy". Hence: coordination → joint programme →
    joint bodies → common strategy.
    """

    COORDINATION = 1, _("Coordination")
    JOINT_PROGRAMME = 2, _("Joint programme")
    JOINT_BODIES = 3, _("Joint bodies")
    COMMON_STRATEGY = 4, _("Common strategy")


class IntegrationOrigin(models.TextChoices):
    """Who started the integration (seed 002, after Vinokurov and Libman): authorities or the agents themselves."""

    TOP_DOWN = "top_down", _("Top-down: initiated by authorities")
    BOTTOM_UP = "bottom_up", _("Bottom-up: initiated by organisations")


class StructureStatus(models.TextChoices):
    """Life of an integrated structure: proposed, then confirmed, rejected or sent back for details by a moderator."""

    PROPOSED = "proposed", pgettext_lazy("structure status", "Proposed")
    CHANGES_REQUESTED = "changes_requested", pgettext_lazy("structure status", "Details requested")
    CONFIRMED = "confirmed", pgettext_lazy("structure status", "Confirmed")
    REJECTED = "rejected", pgettext_lazy("structure status", "Rejected")
    DISSOLVED = "dissolved", pgettext_lazy("structure status", "Dissolved")


class EvidenceKind(models.TextChoices):
    """What a piece of evidence of a cooperation level is."""

    INTERACTION = "interaction", _("Information exchange")
    EXPERT = "expert", _("Expert involvement")
    CONSULTATION = "consultation", _("Consultation")
    PROJECT = "project", _("Joint project")
    STRUCTURE = "structure", _("Integrated structure")
