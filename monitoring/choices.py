from django.db import models
from django.utils.translation import gettext_lazy as _


class EffectType(models.TextChoices):
    """Effects expected of interregional cooperation (the paper's vocabulary of effects)."""

    ECONOMIC = "economic", _("Economic effect")
    SOCIAL = "social", _("Social effect")
    MODERNISATION = "modernisation", _("Modernisation effect")
    COMMUNICATION = "communication", _("Communication effect")
    HUMANITARIAN = "humanitarian", _("Humanitarian effect")
    NETWORK = "network", _("Network effect")
    SYNERGETIC = "synergetic", _("Synergetic effect")
    SCALE = "scale", _("Economies of scale and coverage")


class IndicatorDirection(models.TextChoices):
    """Whether an indicator should grow or fall; implied by its target against its baseline."""

    INCREASE = "increase", _("Increase")
    DECREASE = "decrease", _("Decrease")
