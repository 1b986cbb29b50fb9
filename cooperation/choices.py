from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Helix(models.TextChoices):
    """The four links of the quadruple-helix innovation spiral."""

    GOVERNMENT = "government", _("Government authority")
    BUSINESS = "business", _("Business community")
    SCIENCE = "science", _("Science and education")
    CIVIL = "civil", _("Civil society")


class AgentRole(models.TextChoices):
    """A user's role within one agent."""

    REPRESENTATIVE = "representative", _("Representative")
    ADMINISTRATOR = "administrator", _("Organisation administrator")


class AgentReview(models.TextChoices):
    """Where an agent stands with the moderators: awaiting review (new, or resubmitted with the details asked
    for), details asked for, rejected, verified (``Agent.is_verified`` says the same)."""

    PENDING = "pending", _("awaiting verification")
    DETAILS_REQUESTED = "details_requested", pgettext_lazy("agent review status", "details requested")
    REJECTED = "rejected", _("rejected")
    VERIFIED = "verified", _("verified")


class MembershipStatus(models.TextChoices):
    """Life of a membership: requested, then approved or declined; a member may leave."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class CooperationType(models.TextChoices):
    """Types of interregional cooperation (the paper, section III)."""

    SCIENTIFIC = "scientific", _("Scientific")
    PRODUCTION = "production", _("Production")
    EDUCATIONAL = "educational", _("Educational")
    CONSULTING = "consulting", _("Consulting")


class CooperationLevel(models.IntegerChoices):
    """Levels of interregional cooperation, reached one after another as experience accumulates."""

    # A context keeps the level names apart from the nouns "Project" and "Expert" elsewhere.
    INFORMATION = 1, pgettext_lazy("cooperation level", "Information")
    EXPERT = 2, pgettext_lazy("cooperation level", "Expert")
    PROJECT = 3, pgettext_lazy("cooperation level", "Project")
    INTEGRATED = 4, pgettext_lazy("cooperation level", "Integrated")


class ProjectState(models.TextChoices):
    """Life of a project: drafted, moderated, published for partners, carried out, closed."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for moderation")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    REJECTED = "rejected", _("Rejected")
    PUBLISHED = "published", _("Published")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


class ParticipantRole(models.TextChoices):
    """An agent's part in a project."""

    LEAD = "lead", _("Lead")
    PARTNER = "partner", _("Partner")


class ParticipantStatus(models.TextChoices):
    """Life of a participation: an application or an invitation, then a decision; a partner may leave."""

    APPLIED = "applied", pgettext_lazy("participant status", "Applied")
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class GoalHorizon(models.TextChoices):
    """The three horizons of seed 000's principle of goal orientation: cooperation is determined by a system
    of strategic, tactical and operational goals reflecting the territory's innovation priorities."""

    STRATEGIC = "strategic", _("Strategic")
    TACTICAL = "tactical", _("Tactical")
    OPERATIONAL = "operational", _("Operational")
