from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import BilingualNameMixin, localized_text, localized_text_language

from .choices import (
    BatchKind,
    BatchStatus,
    ClassifierKind,
    CompetenceEventKind,
    Indicator,
    MappingKind,
    RegionalSeries,
    SnapshotDisplayStatus,
    SnapshotStatus,
)


class Classifier(BilingualNameMixin, models.Model):
    """A classification (OKVED2/NACE sections, FEACN groups, GRNTI rubrics, …).

    New classifiers (patents by IPC class, say) are rows, not code: analysts
    add them with their items in the admin or by import.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ClassifierKind.choices)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("classifier")
        verbose_name_plural = _("classifiers")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name


class ClassifierItem(BilingualNameMixin, models.Model):
    """One item of a classifier, e.g. NACE section "C" or GRNTI rubric "50".

    Agents use items as competence tags; statistics are observed per item.
    """

    classifier = models.ForeignKey(
        Classifier, verbose_name=_("classifier"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.CharField(_("code"), max_length=40)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("classifier item")
        verbose_name_plural = _("classifier items")
        ordering = ["classifier__kind", "classifier__code", "sort_order", "code"]
        constraints = [models.UniqueConstraint(fields=["classifier", "code"], name="unique_item_code_per_classifier")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Dataset(BilingualNameMixin, models.Model):
    """A body of statistics from one source, e.g. the paper's 2020 tables or Rosstat's GVA series.

    Coefficients are computed per data set; pages and the API select one with ``?dataset=``.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    source = models.TextField(
        _("source (Russian)"),
        blank=True,
        help_text=_("Where the figures come from; shown on every page that uses them."),
    )
    source_en = models.TextField(_("source (English)"), blank=True)
    description = models.TextField(_("description (Russian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    #: The source and the description in the reader's language (the other one when it is empty).
    localized_source = localized_text("source")
    localized_source_language = localized_text_language("source")
    localized_description = localized_text("description")
    localized_description_language = localized_text_language("description")

    class Meta:
        verbose_name = _("data set")
        verbose_name_plural = _("data sets")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """One file imported into a data set: who, when, which file, and how many rows it wrote."""

    dataset = models.ForeignKey(Dataset, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="batches")
    kind = models.CharField(_("kind"), max_length=20, choices=BatchKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.APPLIED)
    file_name = models.CharField(_("file"), max_length=255)
    checksum = models.CharField(_("SHA-256 of the file"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class Observation(models.Model):
    """A statistical volume: region (or the country, when ``region`` is empty) × classifier item × year.

    Country totals are derived from the regions unless the source gives them
    (Rosstat's "Russia" row, for instance); then they are stored with no region.
    """

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="observations"
    )
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import batch"), on_delete=models.CASCADE, related_name="observations"
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    item = models.ForeignKey(
        ClassifierItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="observations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "region", "item", "year"],
                condition=models.Q(region__isnull=False),
                name="unique_regional_observation",
            ),
            models.UniqueConstraint(
                fields=["dataset", "item", "year"],
                condition=models.Q(region__isnull=True),
                name="unique_country_observation",
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="observation_value_not_negative"),
        ]
        indexes = [models.Index(fields=["dataset", "year"])]

    def __str__(self) -> str:
        return f"{self.region or 'RU'} {self.item.code} {self.year}: {self.value}"


class RegionalStatistic(models.Model):
    """One value of a regional statistic (R&D personnel, level of innovation activity): region (or the country,
    when ``region`` is empty) × year. Not a volume by item: the competence maps do not read it; the region
    page charts it and monitoring's indicators may take their values from it."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="regional_statistics"
    )
    series = models.CharField(_("series"), max_length=40, choices=RegionalSeries.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("regional statistic")
        verbose_name_plural = _("regional statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "region", "year"],
                condition=models.Q(region__isnull=False),
                name="unique_regional_statistic",
            ),
            models.UniqueConstraint(
                fields=["series", "year"], condition=models.Q(region__isnull=True), name="unique_country_statistic"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="regional_statistic_not_negative"),
        ]
        indexes = [models.Index(fields=["series", "region"])]

    def __str__(self) -> str:
        return f"{self.series} {self.region or 'RU'} {self.year}: {self.value}"


class PublishedCoefficient(models.Model):
    """A coefficient as a source published it (e.g. the paper's Tables 2–5), when volumes are not available."""

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="published_coefficients"
    )
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import batch"), on_delete=models.CASCADE, related_name="coefficients"
    )
    indicator = models.CharField(_("coefficient"), max_length=40, choices=Indicator.choices)
    region = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ClassifierItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))

    class Meta:
        verbose_name = _("published coefficient")
        verbose_name_plural = _("published coefficients")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "indicator", "region", "item", "year"], name="unique_published_coefficient"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="published_coefficient_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region} {self.item.code} {self.year}: {self.value}"


class ConcordanceLink(models.Model):
    """A specialisation direction (FEACN group or NACE section) backed by an S&T rubric; edited by analysts."""

    direction = models.ForeignKey(
        ClassifierItem, verbose_name=_("direction"), on_delete=models.CASCADE, related_name="concordance_rubrics"
    )
    rubric = models.ForeignKey(
        ClassifierItem, verbose_name=_("S&T rubric"), on_delete=models.CASCADE, related_name="concordance_directions"
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("concordance link")
        verbose_name_plural = _("concordance")
        ordering = ["direction__classifier__code", "direction__code", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["direction", "rubric"], name="unique_concordance_link")]

    def __str__(self) -> str:
        return f"{self.direction.code} → {self.rubric.code}"


class CrossCuttingRubric(models.Model):
    """An S&T rubric counted as a cross-cutting (end-to-end digital) competence; edited by analysts."""

    rubric = models.OneToOneField(
        ClassifierItem, verbose_name=_("S&T rubric"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("cross-cutting rubric")
        verbose_name_plural = _("cross-cutting rubrics")
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return str(self.rubric)


class Snapshot(models.Model):
    """One complete recomputation of the competence maps.

    Readers use the snapshot marked current; a new one becomes current in one
    transaction only once every row is written, so a page never shows half a run.
    """

    status = models.CharField(
        _("status"), max_length=20, choices=SnapshotStatus.choices, default=SnapshotStatus.RUNNING
    )
    is_current = models.BooleanField(_("current"), default=False)
    inputs_checksum = models.CharField(_("checksum of the inputs"), max_length=64, db_index=True)
    threshold = models.FloatField(_("competence threshold"), default=1.0)
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    row_counts = models.JSONField(_("row counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True), name="one_current_snapshot"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()} {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_interrupted(self) -> bool:
        """Still ``running`` after the task's hard time limit: its worker died (killed, machine lost).

        No run outlives ``CELERY_TASK_TIME_LIMIT`` (Celery kills it), so such a snapshot will never
        complete; its message is redelivered after the broker's visibility timeout, and the run that
        takes the lock next marks it failed.
        """
        if self.status != SnapshotStatus.RUNNING:
            return False
        return self.started_at + timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT) < timezone.now()

    @property
    def display_status(self) -> str:
        """A :class:`SnapshotDisplayStatus` value: the stored status, or ``interrupted``."""
        return SnapshotDisplayStatus.INTERRUPTED if self.is_interrupted else SnapshotDisplayStatus(self.status)

    def get_display_status_display(self) -> str:
        return SnapshotDisplayStatus(self.display_status).label


class CoefficientValue(models.Model):
    """A computed (or published) coefficient of a snapshot: data set × coefficient × region × item × year."""

    # No single-column indexes on the foreign keys: the composite indexes below serve every read,
    # and each extra index slows the bulk write of a recomputation (about 0.3 s of 2 s).
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="coefficients", db_index=False)
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+", db_index=False)
    indicator = models.CharField(_("coefficient"), max_length=40, choices=Indicator.choices)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    item = models.ForeignKey(ClassifierItem, on_delete=models.CASCADE, related_name="+", db_index=False)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"), null=True)
    is_competence = models.BooleanField(_("competence"), default=False)

    class Meta:
        verbose_name = _("coefficient value")
        verbose_name_plural = _("coefficient values")
        indexes = [
            models.Index(fields=["snapshot", "dataset", "region", "indicator"]),
            models.Index(fields=["snapshot", "dataset", "indicator", "item", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.region_id} {self.item_id} {self.year}: {self.value}"


class SnapshotDocument(models.Model):
    """A computed structure of a snapshot stored as JSON: a region's scenario model, a macro-region's matrix."""

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="documents")
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)
    key = models.CharField(_("key"), max_length=60, help_text=_("Region ISO code or macro-region code."))
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    payload = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("snapshot document")
        verbose_name_plural = _("snapshot documents")
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "dataset", "kind", "key", "year"], name="unique_snapshot_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} {self.year}"


class ClassifierMapping(models.Model):
    """A link from an item of one classifier to an item of another, e.g. OKVED1 "D" → OKVED2 "C".

    Rosstat's series switch from OKVED1 (until 2015) to OKVED2 (from 2016), and the same
    letters mean other activities. Only an *equivalent* link (the source is, at this level,
    the same activity as the target) continues the target's series with the source's
    earlier values; a *part* link (the source is only part of the target, or the target
    only part of the source) records the relation but is not comparable, so the series
    has a gap before the switch. Shipped as data (``okved1_nace2.csv``), edited by
    administrators.
    """

    source = models.ForeignKey(
        ClassifierItem, verbose_name=_("source item"), on_delete=models.CASCADE, related_name="mappings_from"
    )
    target = models.ForeignKey(
        ClassifierItem, verbose_name=_("target item"), on_delete=models.CASCADE, related_name="mappings_to"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MappingKind.choices)
    note = models.TextField(_("note"), blank=True, help_text=_("Why the two items correspond (or only partly)."))

    class Meta:
        verbose_name = _("classifier mapping")
        verbose_name_plural = _("classifier mappings")
        ordering = ["source__classifier__code", "source__sort_order", "source__code", "target__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_classifier_mapping"),
            # "Equivalent" is one-to-one: a series continues from one source into one target.
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(kind=MappingKind.EQUIVALENT),
                name="one_equivalent_target_per_source",
                violation_error_message=_("This source item already has an equivalent target."),
            ),
            models.UniqueConstraint(
                fields=["target"],
                condition=models.Q(kind=MappingKind.EQUIVALENT),
                name="one_equivalent_source_per_target",
                violation_error_message=_("This target item already has an equivalent source."),
            ),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="classifier_mapping_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.code} → {self.target.code} ({self.get_kind_display()})"


class CompetenceEvent(models.Model):
    """A competence a region gained or lost in a year: data set × coefficient × item, against the year before.

    Recorded by the recomputation (``analytics.services.competence_events``) from the
    snapshot's coefficients; ``snapshot`` is the run that first recorded it (kept, as
    empty, when that snapshot is pruned).  One row per series, year and kind: the
    unique constraint makes recording idempotent, even when two runs race.
    """

    dataset = models.ForeignKey(Dataset, verbose_name=_("data set"), on_delete=models.CASCADE, related_name="+")
    indicator = models.CharField(_("coefficient"), max_length=40, choices=Indicator.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="competence_events"
    )
    item = models.ForeignKey(ClassifierItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("change"), max_length=10, choices=CompetenceEventKind.choices)
    value_before = models.FloatField(_("coefficient the year before"))
    value_after = models.FloatField(_("coefficient this year"))
    snapshot = models.ForeignKey(
        Snapshot,
        verbose_name=_("recorded by snapshot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competence_events",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    #: Set by the one task that tells the people concerned (``search.services.competence_watches``), in the
    #: transaction that schedules the notifications, so a redelivered task tells no one twice.
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("competence event")
        verbose_name_plural = _("competence events")
        ordering = ["-year", "region", "dataset", "indicator", "item__sort_order", "item__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "region", "item", "indicator", "year", "kind"], name="unique_competence_event"
            )
        ]
        indexes = [models.Index(fields=["region", "year"], name="competence_event_region_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.item_id} {self.indicator} {self.year}: {self.kind}"
