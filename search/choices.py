from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DocumentKind(models.TextChoices):
    """What a search result is."""

    AGENT = "agent", pgettext_lazy("search result kind", "Organisation")
    EXPERT = "expert", pgettext_lazy("search result kind", "Expert")
    PROJECT = "project", pgettext_lazy("search result kind", "Project")
    REGION = "region", pgettext_lazy("search result kind", "Region")


class SortOrder(models.TextChoices):
    """How results are ordered; relevance needs a text query (without one it means newest first)."""

    RELEVANCE = "relevance", _("Relevance")
    NEWEST = "newest", _("Newest first")
    NAME = "name", _("Name")


class Facet(models.TextChoices):
    """Filters that count their results per value (shown beside the results)."""

    KIND = "kind", pgettext_lazy("search filter", "Kind")
    HELIX = "helix", _("Helix")
    REGION = "region", _("Region")
    MACROREGION = "macroregion", _("Macro-region")
    TYPE = "type", _("Type of cooperation")
    COMPETENCE = "competence", _("Competence")
    LEVEL = "level", _("Cooperation level")
