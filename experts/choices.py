from django.db import models
from django.utils.translation import gettext_lazy as _


class Availability(models.TextChoices):
    """Whether an expert takes on new projects now."""

    AVAILABLE = "available", _("Available for new projects")
    LIMITED = "limited", _("Limited availability")
    UNAVAILABLE = "unavailable", _("Not available at the moment")


class Language(models.TextChoices):
    """Working languages an expert can offer (ISO 639-1 codes)."""

    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese")


class InvitationStatus(models.TextChoices):
    """Life of an invitation: the lead invites, the expert accepts or declines, or the lead withdraws it first."""

    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")
