from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cooperation.choices import CooperationLevel, CooperationType, Helix
from core.i18n import BilingualNameMixin, localized_text, localized_text_language
from core.models import ConfirmationDecision

from .choices import (
    COORDINATING_KINDS,
    EvidenceKind,
    IntegrationOrigin,
    IntegrationStage,
    InteractionKind,
    InteractionStatus,
    StructureKind,
    StructureStatus,
)


def _check_types(value) -> str | None:
    """The error for a list of cooperation types that is not a list of distinct known values, else None."""
    if not isinstance(value, list):
        return _("Choose types of cooperation from the list.")
    if any(item not in CooperationType.values for item in value) or len(set(value)) != len(value):
        return _("Unknown or repeated type of cooperation.")
    return None


def cooperation_types_display(values) -> list[str]:
    labels = dict(CooperationType.choices)
    return [str(labels.get(value, value)) for value in values or ()]


class Interaction(ConfirmationDecision):
    """An information exchange between agents of two or more regions: the evidence of level 1 ("information").

    Recorded by a regional coordinator of one of the regions or a member of a
    participating agent (``levels.services.interaction_record``); moderators may
    correct any. A withdrawn interaction stays in the database (with the reason)
    but stops counting as evidence.

    One side alone cannot raise a pair's level: a recorded interaction is
    *pending* until a representative of a participating agent of another region
    than the recorder's (``recorder_region``), or a coordinator of that region,
    confirms it (``interaction_confirm``) or disputes it with a reason
    (``interaction_dispute``). Only a confirmed, not withdrawn interaction counts.
    """

    title = models.CharField(_("title"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=InteractionKind.choices, db_index=True)
    occurred_on = models.DateField(_("date"), db_index=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=4000, blank=True)
    cooperation_types = models.JSONField(
        _("types of cooperation"),
        default=list,
        blank=True,
        help_text=_("The types of cooperation the exchange concerned, if any."),
    )
    participants = models.ManyToManyField(
        "cooperation.Agent",
        verbose_name=_("participating organisations"),
        related_name="interactions",
        help_text=_("Organisations of at least two different regions."),
    )
    link = models.URLField(_("link"), blank=True, help_text=_("A page about the event or the materials, if any."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recorded_interactions",
    )
    recorder_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("recorder's region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The side that recorded the interaction; another side confirms it."),
    )
    status = models.CharField(
        _("confirmation"),
        max_length=20,
        choices=InteractionStatus.choices,
        default=InteractionStatus.PENDING,
        db_index=True,
    )
    dispute_reason = models.TextField(_("reason for dispute"), max_length=2000, blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False, db_index=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), max_length=2000, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["is_withdrawn", "occurred_on"])]

    # The texts in the active language, falling back to the other one (Russian is the plain column).
    localized_title = localized_text("title")
    title_language = localized_text_language("title")
    localized_description = localized_text("description")
    description_language = localized_text_language("description")

    def __str__(self) -> str:
        return self.localized_title

    @property
    def counts(self) -> bool:
        """Confirmed by the other side and not withdrawn: evidence of level 1."""
        return self.status == InteractionStatus.CONFIRMED and not self.is_withdrawn

    def get_absolute_url(self) -> str:
        return reverse("levels:interaction-detail", kwargs={"pk": self.pk})

    def get_cooperation_types_display(self) -> list[str]:
        return cooperation_types_display(self.cooperation_types)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not ((self.title or "").strip() or (self.title_en or "").strip()):
            errors["title"] = _("Give a title, in Russian or in English.")
        error = _check_types(self.cooperation_types)
        if error:
            errors["cooperation_types"] = error
        if errors:
            raise ValidationError(errors)


class IntegratedStructure(BilingualNameMixin, models.Model):
    """An interregional alliance, joint cluster, joint strategy or coordinating body (seed 003).

    Proposed by a coordinator of a member region or a member of a member agent,
    then confirmed (or rejected) by a moderator. A confirmed structure is the
    evidence of level 4 ("integrated") between every two of its member regions,
    from its founding date until it is dissolved.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=StructureKind.choices, db_index=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    cooperation_types = models.JSONField(_("types of cooperation"), default=list, blank=True)
    member_regions = models.ManyToManyField(
        "regions.Region",
        verbose_name=_("member regions"),
        related_name="integrated_structures",
        help_text=_("At least two regions."),
    )
    member_agents = models.ManyToManyField(
        "cooperation.Agent",
        verbose_name=_("member organisations"),
        blank=True,
        related_name="integrated_structures",
        through="StructureMembership",
    )
    sector = models.ForeignKey(
        "analytics.ClassifierItem",
        verbose_name=_("sector (OKVED2 section)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"classifier__code": "nace2"},
        help_text=_("The economic activity of an industry alliance or a joint cluster."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("coordinating body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        limit_choices_to={"kind__in": COORDINATING_KINDS},
        help_text=_("The interregional or federal body that coordinates this structure."),
    )
    stage = models.PositiveSmallIntegerField(
        _("integration stage"), choices=IntegrationStage.choices, default=IntegrationStage.COORDINATION
    )
    origin = models.CharField(
        _("origin"), max_length=20, choices=IntegrationOrigin.choices, default=IntegrationOrigin.BOTTOM_UP
    )
    founded_on = models.DateField(_("founded on"))
    status = models.CharField(
        _("status"), max_length=20, choices=StructureStatus.choices, default=StructureStatus.PROPOSED, db_index=True
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_structures",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), max_length=2000, blank=True)
    confirmation_reason = models.TextField(
        _("moderator's reason for confirmation"),
        max_length=2000,
        blank=True,
        help_text=_("Required when the evidence (a member in each region, a founding document) is incomplete."),
    )
    details_request = models.TextField(
        pgettext_lazy("what a moderator asked for", "details requested"), max_length=2000, blank=True
    )
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    dissolution_reason = models.TextField(_("reason for dissolution"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("integrated structure")
        verbose_name_plural = _("integrated structures")
        ordering = ["-founded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dissolved_on__isnull=True) | models.Q(dissolved_on__gte=models.F("founded_on")),
                name="structure_dissolved_after_founded",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("levels:structure-detail", kwargs={"pk": self.pk})

    def get_cooperation_types_display(self) -> list[str]:
        return cooperation_types_display(self.cooperation_types)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if not (self.name_ru.strip() or self.name_en.strip()):
            errors["name_ru"] = _("Give a name in Russian or in English.")
        error = _check_types(self.cooperation_types)
        if error:
            errors["cooperation_types"] = error
        if self.dissolved_on and self.founded_on and self.dissolved_on < self.founded_on:
            errors["dissolved_on"] = _("A structure cannot be dissolved before it was founded.")
        if self.parent_id is not None:
            error = self._parent_error()
            if error:
                errors["parent"] = error
        if errors:
            raise ValidationError(errors)

    def _parent_error(self) -> str | None:
        """Why the parent cannot coordinate this structure (wrong kind, a cycle), or None."""
        parent = self.parent
        if parent.kind not in COORDINATING_KINDS:
            return _("Only a coordinating body can coordinate other structures.")
        if self.kind == StructureKind.FEDERAL_BODY and parent.kind != StructureKind.FEDERAL_BODY:
            return _("A federal body can be coordinated only by another federal body.")
        seen: set[int] = set()
        node: IntegratedStructure | None = parent
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                return _("A structure cannot coordinate itself, directly or through other bodies.")
            seen.add(node.pk)
            node = IntegratedStructure.objects.filter(pk=node.parent_id).first() if node.parent_id else None
        return None

    def ancestors(self) -> list["IntegratedStructure"]:
        """The coordinating bodies above this structure, nearest first (a cycle stops the walk)."""
        chain: list[IntegratedStructure] = []
        seen = {self.pk}
        node = self.parent
        while node is not None and node.pk not in seen:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return chain


class StructureMembership(models.Model):
    """An agent's membership of an integrated structure; the agent's helix shows which link of the spiral it brings.

    Uses the table of the former plain many-to-many field, so existing memberships are kept.
    """

    structure = models.ForeignKey(
        IntegratedStructure,
        verbose_name=_("structure"),
        on_delete=models.CASCADE,
        db_column="integratedstructure_id",
        related_name="memberships",
    )
    agent = models.ForeignKey(
        "cooperation.Agent",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="structure_memberships",
    )

    class Meta:
        db_table = "levels_integratedstructure_member_agents"
        verbose_name = _("structure membership")
        verbose_name_plural = _("structure memberships")
        ordering = ["structure", "agent__helix", "agent__name"]
        # The unique pair of the former auto-created table (its database constraint is kept as it was).
        unique_together = [("structure", "agent")]

    def __str__(self) -> str:
        return f"{self.structure_id}: {self.agent_id}"

    @property
    def helix(self) -> str:
        return self.agent.helix

    def get_helix_display(self) -> str:
        return str(Helix(self.agent.helix).label)


class StrategyPriority(models.Model):
    """A priority of a joint interregional strategy: a classifier item (a sector or an S&T rubric) and its target."""

    structure = models.ForeignKey(
        IntegratedStructure, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="priorities"
    )
    item = models.ForeignKey(
        "analytics.ClassifierItem",
        verbose_name=_("classifier code"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("An OKVED2 section or a GRNTI rubric."),
    )
    title = models.CharField(_("priority"), max_length=300)
    target = models.TextField(_("target"), max_length=2000, help_text=_("What the strategy aims at, with a figure."))
    indicator = models.CharField(
        _("indicator"), max_length=300, blank=True, help_text=_("The indicator that measures the target, if any.")
    )

    class Meta:
        verbose_name = _("strategy priority")
        verbose_name_plural = _("strategy priorities")
        ordering = ["structure", "id"]

    def __str__(self) -> str:
        return self.title


def structure_document_path(instance: "StructureDocument", filename: str) -> str:
    return f"levels/structures/{instance.structure_id}/{filename}"


class StructureDocument(models.Model):
    """A founding document of an integrated structure (an agreement, a charter, a strategy): a link or a file."""

    structure = models.ForeignKey(
        IntegratedStructure, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300, blank=True)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=structure_document_path, blank=True, max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("structure document")
        verbose_name_plural = _("structure documents")
        ordering = ["structure", "id"]

    def __str__(self) -> str:
        return self.title or self.url or (self.file.name if self.file else "")

    @property
    def href(self) -> str:
        return self.url or (self.file.url if self.file else "")

    def clean(self) -> None:
        if not self.url and not self.file:
            raise ValidationError({"url": _("Give a link or attach a file.")})


# --- Computed: written only by ``levels.services.levels_recompute``. ------------------------------------


class PairLevel(models.Model):
    """A period during which two regions held a cooperation level (or a higher one).

    ``region_a`` has the smaller id. One row per pair × level × period; the
    earliest ``reached_on`` of a level is the date it was first reached, and
    ``evidence`` points at what started the period (``[{kind, id, date, level}]``).
    Computed from the evidence; never edited by hand.
    """

    region_a = models.ForeignKey("regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    region_b = models.ForeignKey(
        "regions.Region", verbose_name=_("partner region"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=CooperationLevel.choices)
    reached_on = models.DateField(_("reached on"))
    lost_on = models.DateField(_("lost on"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=list)

    class Meta:
        verbose_name = _("cooperation level of two regions")
        verbose_name_plural = _("cooperation levels of pairs of regions")
        ordering = ["region_a", "region_b", "level", "reached_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(region_a__lt=models.F("region_b")), name="pair_level_ordered"),
            models.UniqueConstraint(fields=["region_a", "region_b", "level", "reached_on"], name="one_pair_period"),
        ]
        indexes = [models.Index(fields=["region_b", "level"]), models.Index(fields=["lost_on", "level"])]

    def __str__(self) -> str:
        return f"{self.region_a_id}–{self.region_b_id}: {self.level} {self.reached_on}…{self.lost_on or ''}"


class RegionLevel(models.Model):
    """A period during which a region held a cooperation level (or a higher one) with at least one partner.

    One row per region × level × period, with the evidence behind its start
    (``[{kind, id, date, level, partner}]``). Computed; never edited by hand.
    """

    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="cooperation_levels"
    )
    level = models.PositiveSmallIntegerField(_("level"), choices=CooperationLevel.choices)
    reached_on = models.DateField(_("reached on"))
    lost_on = models.DateField(_("lost on"), null=True, blank=True)
    evidence = models.JSONField(_("evidence"), default=list)

    class Meta:
        verbose_name = _("cooperation level of a region")
        verbose_name_plural = _("cooperation levels of regions")
        ordering = ["region", "level", "reached_on"]
        constraints = [
            models.UniqueConstraint(fields=["region", "level", "reached_on"], name="one_region_period"),
        ]
        indexes = [models.Index(fields=["lost_on", "level"]), models.Index(fields=["reached_on"])]

    def __str__(self) -> str:
        return f"{self.region_id}: {self.level} {self.reached_on}…{self.lost_on or ''}"


class PairEvidence(models.Model):
    """One piece of evidence of a level between two regions, valid on ``[date_from, date_to)``.

    The computed form of the facts (an interaction, an expert involvement, a
    joint project, a structure) for each pair of regions they connect, so that
    the network page can filter by type of cooperation and by period with one
    query. ``types_mask`` holds the types of cooperation as bits
    (``levels.computations.types_mask``), ``links_mask`` the cells of the 4 × 4
    helix grid it is evidence for (``levels.computations.link_bit``: helix of
    ``region_a`` × helix of ``region_b``). Computed; never edited by hand.
    """

    region_a = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    region_b = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=CooperationLevel.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    ref_id = models.PositiveIntegerField(_("evidence id"))
    date_from = models.DateField(_("valid from"))
    date_to = models.DateField(_("valid until"), null=True, blank=True)
    types_mask = models.PositiveSmallIntegerField(_("types of cooperation"), default=0)
    links_mask = models.PositiveIntegerField(
        _("links of the helix"),
        default=0,
        help_text=_("Which helix of the first region met which of the second (16 bits, 4 × 4)."),
    )

    class Meta:
        verbose_name = _("evidence of a cooperation level")
        verbose_name_plural = _("evidence of cooperation levels")
        ordering = ["region_a", "region_b", "level", "date_from", "kind", "ref_id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(region_a__lt=models.F("region_b")), name="pair_evidence_ordered")
        ]
        indexes = [
            models.Index(fields=["region_a", "region_b"]),
            models.Index(fields=["region_b"]),
            models.Index(fields=["date_from"]),
            models.Index(fields=["kind", "ref_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.region_a_id}–{self.region_b_id}: {self.kind} #{self.ref_id} (level {self.level})"


class LevelComputation(models.Model):
    """The one row that records the latest recomputation of the levels; its row lock serialises recomputations."""

    as_of = models.DateField(_("as of"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    evidence_count = models.PositiveIntegerField(_("pieces of evidence"), default=0)
    pair_period_count = models.PositiveIntegerField(_("periods of pairs"), default=0)
    region_period_count = models.PositiveIntegerField(_("periods of regions"), default=0)
    seconds = models.FloatField(_("duration, s"), default=0)
    fingerprint = models.CharField(
        _("fingerprint"), max_length=64, blank=True, help_text=_("SHA-256 of the stored history: unchanged, no write.")
    )

    class Meta:
        verbose_name = _("level computation")
        verbose_name_plural = _("level computations")

    def __str__(self) -> str:
        return f"{self.as_of} ({self.computed_at})"
