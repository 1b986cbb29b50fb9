from django.db import models
from django.utils.translation import gettext_lazy as _


class ClassifierKind(models.TextChoices):
    """What a classifier classifies; it decides which coefficient uses it."""

    EXPORT = "export", _("Export commodity groups")
    SECTOR = "sector", _("Economic activities")
    SCIENCE = "science", _("Science and technology rubrics")
    PATENT = "patent", _("Patent classes")
    OTHER = "other", _("Other")


class Indicator(models.TextChoices):
    """The four coefficients of the method (Table 1 of the paper)."""

    EXPORT_SPECIALISATION = "export_specialisation", _("Export specialisation ratio")
    NATIONAL_LOCALISATION = "national_localisation", _("National localisation factor")
    MACROREGIONAL_LOCALISATION = "macroregional_localisation", _("Macro-regional localisation factor")
    ST_SPECIALISATION = "st_specialisation", _("S&T specialisation ratio")


#: Localisation factors: the region page draws their trend over the years.
TREND_INDICATORS = (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION)


class MappingKind(models.TextChoices):
    """How an item of one classifier relates to an item of another (see ``ClassifierMapping``)."""

    EQUIVALENT = "equivalent", _("Equivalent (one-to-one)")
    PART = "part", _("Part (not comparable)")


class BatchKind(models.TextChoices):
    """What an import batch holds."""

    OBSERVATIONS = "observations", _("Volumes (observations)")
    COEFFICIENTS = "coefficients", _("Published coefficients")


class BatchStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed")


class SnapshotStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    COMPLETE = "complete", _("Complete")
    FAILED = "failed", _("Failed")


class SnapshotDisplayStatus(models.TextChoices):
    """What analysts see (page and API): a stored status, or *interrupted* for a ``running`` snapshot
    whose run cannot be alive any more (``Snapshot.is_interrupted``). Not stored: no run is left to
    store it, and the next run marks such a snapshot failed."""

    RUNNING = "running", _("Running")
    COMPLETE = "complete", _("Complete")
    FAILED = "failed", _("Failed")
    INTERRUPTED = "interrupted", _("Interrupted")


class CompetenceEventKind(models.TextChoices):
    """A competence gained (coefficient reached the threshold) or lost (fell below it) from one year to the next."""

    GAINED = "gained", _("Gained")
    LOST = "lost", _("Lost")


class RegionalSeries(models.TextChoices):
    """Statistics of the data bank with one value per region and year (Rosstat's "ratings" of regions).

    A series of GVA shares by section is not listed: it is derived from the GVA volumes
    (``analytics.series``)."""

    RD_PERSONNEL = "rd_personnel", _("R&D personnel")
    INNOVATION_ACTIVITY = "innovation_activity", _("Level of innovation activity of organisations")
