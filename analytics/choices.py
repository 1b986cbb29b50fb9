from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassifierKind(models.TextChoices):
    """What a classifier classifies; it decides which coefficient uses it."""

    EXPORT = "export", _("Export commodity groups")
    SECTOR = "sector", _("Economic activities")
    SCIENCE = "science", _("Science and technology rubrics")
    PATENT = "patent", _("Patent classes")
    OTHER = "other", _("Other")
