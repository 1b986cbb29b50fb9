from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import BilingualNameMixin, localized_text, localized_text_language

from .choices import EffectType, IndicatorDirection
from .progress import indicator_progress

DECIMAL_OPTIONS = {"max_digits": 18, "decimal_places": 4}


class Effect(models.Model):
    """An effect a project expects to produce (economic, social, network, …), measured by its indicators.

    A project declares each type of effect at most once.
    """

    project = models.ForeignKey(
        "cooperation.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="effects"
    )
    type = models.CharField(_("type of effect"), max_length=20, choices=EffectType.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expected effect")
        verbose_name_plural = _("expected effects")
        ordering = ["project", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "type"],
                name="one_effect_of_each_type_per_project",
                violation_error_message=_("The project already declares this effect."),
            )
        ]

    def __str__(self) -> str:
        return str(self.get_type_display())


class Indicator(BilingualNameMixin, models.Model):
    """A measurable indicator of an effect: a unit, a baseline, a target and dated actual values.

    Whether it should grow or fall follows from the target against the baseline.
    """

    effect = models.ForeignKey(Effect, verbose_name=_("effect"), on_delete=models.CASCADE, related_name="indicators")
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: people, million roubles, %."))
    baseline = models.DecimalField(_("baseline"), **DECIMAL_OPTIONS, help_text=_("The value before the project."))
    target = models.DecimalField(_("target"), **DECIMAL_OPTIONS, help_text=_("The value the project aims at."))
    # Linked to a series of the data bank (``analytics.series``: "gva_share:C", "rd_personnel", …) for one
    # region: its values per year then come from the data bank, read-only, never typed.
    series = models.CharField(_("data-bank series"), max_length=60, blank=True, default="")
    series_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region of the series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["effect", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not ((self.name_ru or "").strip() or (self.name_en or "").strip()):
            errors["name_ru"] = _("Give a name in Russian or in English.")
        if not (self.unit or "").strip():
            errors["unit"] = _("Give the unit of measurement.")
        if self.baseline is not None and self.target is not None and self.target == self.baseline:
            errors["target"] = _("The target must differ from the baseline.")
        if errors:
            raise ValidationError(errors)

    @property
    def series_label(self) -> str:
        """A person's name of the linked series (empty when not linked)."""
        from analytics.series import series_label

        return series_label(self.series) if self.series else ""

    @property
    def is_linked(self) -> bool:
        """Its values come from a series of the data bank (and are not recorded by hand)."""
        return bool(self.series) and self.series_region_id is not None

    @property
    def direction(self) -> str:
        """``increase`` when the target is above the baseline, else ``decrease``."""
        return IndicatorDirection.INCREASE if self.target > self.baseline else IndicatorDirection.DECREASE

    def get_direction_display(self) -> str:
        return str(IndicatorDirection(self.direction).label)

    @property
    def latest_value(self) -> "IndicatorValue | None":
        """The most recent actual value (from the prefetched ``values`` when the selector loaded them)."""
        values = list(self.values.all())
        return max(values, key=lambda item: (item.date, item.pk)) if values else None

    @property
    def progress(self):
        """Raw progress toward the target (see :mod:`monitoring.progress`); ``None`` before the first value."""
        latest = self.latest_value
        return indicator_progress(
            baseline=self.baseline, target=self.target, latest=latest.value if latest is not None else None
        )


class IndicatorValue(models.Model):
    """An actual value of an indicator on a date, entered by the lead; one per indicator and date."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), **DECIMAL_OPTIONS)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator", "date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="one_value_per_indicator_and_date",
                violation_error_message=_("A value for this date is already recorded; edit it to correct it."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.date:%Y-%m-%d})"


class ClosingReport(models.Model):
    """The closing report of a completed project: results and lessons learned for those who come next.

    Published reports form the searchable library of lessons learned
    ("accumulation of trial-and-error experience"). ``search_text`` is a
    lower-cased copy of the searchable texts (the project's titles included),
    because SQLite folds the case of ASCII letters only and the texts are
    mostly Cyrillic; titles no longer change once a project is completed.
    """

    project = models.OneToOneField(
        "cooperation.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="closing_report"
    )
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=5000, blank=True)
    results = models.TextField(_("results achieved"), max_length=10000, blank=True)
    results_en = models.TextField(_("results achieved (English)"), max_length=10000, blank=True)
    lessons_learned = models.TextField(
        _("lessons learned"),
        max_length=10000,
        blank=True,
        help_text=_("What worked, what did not and what you would do differently."),
    )
    lessons_learned_en = models.TextField(_("lessons learned (English)"), max_length=10000, blank=True)
    recommendations = models.TextField(_("recommendations"), max_length=5000, blank=True)
    recommendations_en = models.TextField(_("recommendations (English)"), max_length=5000, blank=True)
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Published reports can be read and searched by everyone.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    search_text = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("closing report")
        verbose_name_plural = _("closing reports")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return str(self.project)

    # Each text in the active language, falling back to the other one (Russian is the plain column).
    localized_summary = localized_text("summary")
    summary_language = localized_text_language("summary")
    localized_results = localized_text("results")
    results_language = localized_text_language("results")
    localized_lessons_learned = localized_text("lessons_learned")
    lessons_learned_language = localized_text_language("lessons_learned")
    localized_recommendations = localized_text("recommendations")
    recommendations_language = localized_text_language("recommendations")

    def clean(self) -> None:
        if not ((self.lessons_learned or "").strip() or (self.lessons_learned_en or "").strip()):
            raise ValidationError({"lessons_learned": _("Write down the lessons learned, in Russian or in English.")})

    def build_search_text(self) -> str:
        """The searchable texts, lower-cased (see the class docstring)."""
        project = self.project
        parts = [
            project.title_ru,
            project.title_en,
            self.summary,
            self.summary_en,
            self.results,
            self.results_en,
            self.lessons_learned,
            self.lessons_learned_en,
            self.recommendations,
            self.recommendations_en,
        ]
        return "\n".join(part for part in parts if part).lower()
