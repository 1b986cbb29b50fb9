from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.i18n import BilingualNameMixin

from .choices import PriorityOrigin, SessionState

#: Classifiers a priority may name: NACE sections, FEACN groups, GRNTI rubrics.
PRIORITY_CLASSIFIERS = ("nace2", "feacn_groups", "grnti")
#: The lowest and highest rating of a direction in a discovery session.
SCORE_MIN, SCORE_MAX = 1, 5


class PrioritySet(models.Model):
    """A region's strategy priorities as one source document declares them (title, optional URL, year).

    Coordinators of the region enter or import a set, or adopt one from a discovery session. A set
    marked *illustrative* was made up for the demo and cites no real strategy document.
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="priority_sets"
    )
    title = models.CharField(_("source document"), max_length=300)
    url = models.URLField(_("document URL"), blank=True)
    year = models.PositiveSmallIntegerField(
        _("year of the document"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo priorities that cite no real strategy document.")
    )
    origin = models.CharField(_("origin"), max_length=20, choices=PriorityOrigin.choices, default=PriorityOrigin.MANUAL)
    session = models.OneToOneField(
        "strategy.DiscoverySession",
        verbose_name=_("discovery session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adopted_set",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("priority set")
        verbose_name_plural = _("priority sets")
        ordering = ["region__sort_order", "-year", "-id"]

    def __str__(self) -> str:
        return f"{self.region}: {self.title} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("strategy:region", kwargs={"iso_code": self.region.iso_code})


class Priority(models.Model):
    """One declared priority: an item of OKVED2 (NACE section), FEACN group or GRNTI rubric, ranked in its set."""

    priority_set = models.ForeignKey(
        PrioritySet, verbose_name=_("priority set"), on_delete=models.CASCADE, related_name="priorities"
    )
    item = models.ForeignKey(
        "analytics.ClassifierItem", verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["priority_set", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["priority_set", "item"], name="unique_priority_item_per_set")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.item}"


class DiscoverySession(models.Model):
    """An entrepreneurial discovery session on a region's scenario model (data set and year fixed at opening).

    Representatives of verified organisations of the region, of all four helices, rate each direction;
    the coordinator closes the session once every helix took part and adopts the ranked directions as
    the region's declared priorities.
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="discovery_sessions"
    )
    dataset = models.ForeignKey(
        "analytics.Dataset", verbose_name=_("data set"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    state = models.CharField(_("state"), max_length=20, choices=SessionState.choices, default=SessionState.OPEN)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("discovery session")
        verbose_name_plural = _("discovery sessions")
        ordering = ["-opened_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:session", kwargs={"pk": self.pk})


class SessionItem(BilingualNameMixin, models.Model):
    """A direction of the scenario model with its S&T bundle, copied at opening so later recomputations
    do not change what participants rated."""

    session = models.ForeignKey(
        DiscoverySession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="items"
    )
    level = models.CharField(_("level"), max_length=20)
    item = models.ForeignKey(
        "analytics.ClassifierItem", verbose_name=_("direction"), on_delete=models.PROTECT, related_name="+"
    )
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    value = models.FloatField(_("coefficient"), null=True, blank=True)
    st_bundle = models.JSONField(_("S&T competences"), default=list, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("session direction")
        verbose_name_plural = _("session directions")
        ordering = ["session", "sort_order", "id"]
        constraints = [models.UniqueConstraint(fields=["session", "level", "item"], name="unique_session_direction")]

    def __str__(self) -> str:
        return f"{self.item.code} {self.name}"


class SessionRating(models.Model):
    """One organisation's rating (1–5) and comment of one direction, given by its representative."""

    session_item = models.ForeignKey(
        SessionItem, verbose_name=_("direction"), on_delete=models.CASCADE, related_name="ratings"
    )
    agent = models.ForeignKey(
        "cooperation.Agent", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    helix = models.CharField(_("helix"), max_length=20)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    score = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    rated_at = models.DateTimeField(_("rated at"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["session_item", "helix", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session_item", "agent"], name="one_rating_per_agent_and_direction"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.agent}: {self.score}"
