from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionKind(models.TextChoices):
    """Constitutional kind of a federal subject."""

    REPUBLIC = "republic", _("Republic")
    KRAI = "krai", _("Krai")
    OBLAST = "oblast", _("Oblast")
    FEDERAL_CITY = "federal_city", _("Federal city")
    AUTONOMOUS_OBLAST = "autonomous_oblast", _("Autonomous oblast")
    AUTONOMOUS_OKRUG = "autonomous_okrug", _("Autonomous okrug")
