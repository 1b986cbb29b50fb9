from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class ConsultationStatus(models.TextChoices):
    """Life of a consultation (seed 000's level 2: an agent of one region advises an agent of another).

    The advised side requests it; the advising side accepts or declines, then completes it with a result;
    the advised side confirms the result (only then it counts as evidence) or disputes it with a reason.
    """

    REQUESTED = "requested", pgettext_lazy("consultation", "Requested")
    ACCEPTED = "accepted", pgettext_lazy("consultation", "Accepted")
    DECLINED = "declined", pgettext_lazy("consultation", "Declined")
    COMPLETED = "completed", pgettext_lazy("consultation", "Result submitted")
    CONFIRMED = "confirmed", pgettext_lazy("consultation", "Confirmed")
    DISPUTED = "disputed", pgettext_lazy("consultation", "Disputed")
