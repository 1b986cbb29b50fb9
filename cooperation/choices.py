from django.db import models
from django.utils.translation import gettext_lazy as _


class Helix(models.TextChoices):
    """The four links of the quadruple-helix innovation spiral."""

    GOVERNMENT = "government", _("Government authority")
    BUSINESS = "business", _("Business community")
    SCIENCE = "science", _("Science and education")
    CIVIL = "civil", _("Civil society")


class AgentRole(models.TextChoices):
    """A user's role within one agent."""

    REPRESENTATIVE = "representative", _("Representative")
    ADMINISTRATOR = "administrator", _("Agent administrator")


class MembershipStatus(models.TextChoices):
    """Life of a membership: requested, then approved or declined; a member may leave."""

    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
