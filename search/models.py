from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import localized

from .choices import DocumentKind, Facet


class SearchDocument(models.Model):
    """A searchable thing — verified agent, published expert, open project or region — as the search reads it.

    Written only by ``search.services.index`` (after the commit that changed the object, and by
    ``manage.py rebuild_search_index``); never edited by hand. Only what everyone may see is indexed,
    so the search needs no per-user visibility filter. ``title_text`` (weight A) and ``body``
    (weight B) are what a query is matched against: on PostgreSQL through ``search_vector`` (GIN
    index), elsewhere through ``title_stems`` / ``body_stems`` (see ``search/text.py``).
    """

    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    summary_ru = models.TextField(_("summary (Russian)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    url = models.CharField(_("page"), max_length=200)
    title_text = models.TextField(_("text weighted as a title"))
    body = models.TextField(_("text weighted as a body"), blank=True)
    fields = models.JSONField(
        _("fields"),
        default=list,
        blank=True,
        help_text=_(
            "The texts of the title and the body as [field, text] pairs: what a result shows as why it matched."
        ),
    )
    title_stems = models.TextField(_("stems of the title"), blank=True)
    body_stems = models.TextField(_("stems of the body"), blank=True)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    sort_ru = models.CharField(_("sort key (Russian)"), max_length=300, db_index=True)
    sort_en = models.CharField(_("sort key (English)"), max_length=300, db_index=True)
    helix = models.CharField(_("helix"), max_length=20, blank=True, db_index=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    level = models.PositiveSmallIntegerField(_("level of cooperation"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), null=True, blank=True)
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        ordering = ["kind", "object_id"]
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_search_document_per_object")]
        indexes = [models.Index(fields=["kind", "created_at"]), models.Index(fields=["created_at", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.title_ru}"

    @property
    def title(self) -> str:
        return localized(self, "title")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    def get_absolute_url(self) -> str:
        return self.url

    @property
    def helix_label(self) -> str:
        from cooperation.choices import Helix

        return str(dict(Helix.choices).get(self.helix, "")) if self.helix else ""


class SearchIndexState(models.Model):
    """One row: the version of the search index, raised by every write of it (cached searches are keyed by it)."""

    SINGLETON = 1

    version = models.PositiveBigIntegerField(_("version"), default=0)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index state")

    def __str__(self) -> str:
        return f"v{self.version}"


class SearchFacetValue(models.Model):
    """One value of a multi-valued filter of a document: a region, macro-region, type of cooperation or competence."""

    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="facets")
    facet = models.CharField(_("filter"), max_length=20, choices=Facet.choices)
    value = models.CharField(_("value"), max_length=40)

    class Meta:
        verbose_name = _("filter value of a document")
        verbose_name_plural = _("filter values of documents")
        constraints = [models.UniqueConstraint(fields=["document", "facet", "value"], name="unique_search_facet_value")]
        indexes = [models.Index(fields=["facet", "value", "document"])]

    def __str__(self) -> str:
        return f"{self.document_id} {self.facet}={self.value}"


class SavedSearch(models.Model):
    """A search a user saved (its GET parameters) to run again and, with alerts on, to hear of new matches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.CharField(
        _("search parameters"), max_length=2000, blank=True, help_text=_("The query string of the search page.")
    )
    alerts_enabled = models.BooleanField(
        _("alerts"), default=True, help_text=_("Notify me when a new organisation, expert or open project matches.")
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="unique_saved_search_name",
                violation_error_message=_("You already have a saved search with this name."),
            )
        ]
        indexes = [models.Index(fields=["alerts_enabled", "created_at"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        base = reverse("search:index")
        return f"{base}?{self.query}" if self.query else base


class SavedSearchMatch(models.Model):
    """An object a saved search's owner was told about: at most one per saved search and object, ever.

    The alert task writes it in the same transaction as it schedules the notification, so a
    task that runs twice (a retry, a redelivered message) finds the row and notifies no one.
    """

    saved_search = models.ForeignKey(
        SavedSearch, verbose_name=_("saved search"), on_delete=models.CASCADE, related_name="matches"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("object id"))
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    url = models.CharField(_("page"), max_length=200)
    created_at = models.DateTimeField(_("notified at"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved-search match")
        verbose_name_plural = _("saved-search matches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["saved_search", "kind", "object_id"], name="one_match_per_saved_search")
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id}: {self.kind} {self.object_id}"

    @property
    def title(self) -> str:
        return localized(self, "title")


class CompetenceWatch(models.Model):
    """A user follows the competences of a region, of an item (a NACE section, an S&T rubric…), or of an item in
    a region: each recomputation that records a competence gained or lost there notifies them (like a saved
    search's alerts).  Saved and deleted on the user's page of watches or through the API."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="competence_watches"
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    item = models.ForeignKey(
        "analytics.ClassifierItem",
        verbose_name=_("activity or rubric"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        verbose_name = _("competence watch")
        verbose_name_plural = _("competence watches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | models.Q(item__isnull=False),
                name="competence_watch_region_or_item",
                violation_error_message=_("Choose a region, an activity or rubric, or both."),
            ),
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(item__isnull=True),
                name="unique_competence_watch_region",
                violation_error_message=_("You already follow this."),
            ),
            models.UniqueConstraint(
                fields=["user", "item"],
                condition=models.Q(region__isnull=True),
                name="unique_competence_watch_item",
                violation_error_message=_("You already follow this."),
            ),
            models.UniqueConstraint(
                fields=["user", "region", "item"],
                condition=models.Q(region__isnull=False, item__isnull=False),
                name="unique_competence_watch_region_item",
                violation_error_message=_("You already follow this."),
            ),
        ]

    def __str__(self) -> str:
        return " · ".join(str(part) for part in (self.region, self.item) if part is not None)
