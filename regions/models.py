from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.i18n import BilingualNameMixin

from .choices import RegionKind


class FederalDistrict(BilingualNameMixin, models.Model):
    """One of the eight federal districts, an administrative grouping of regions."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("federal district")
        verbose_name_plural = _("federal districts")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class MacroRegion(BilingualNameMixin, models.Model):
    """A macro-region of the Strategy for Spatial Development to 2025 (Order 207-r).

    Macro-regions are the reference frame of the macro-regional localisation
    factor and of the managerial matrix.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("macro-region")
        verbose_name_plural = _("macro-regions")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:macroregion-detail", kwargs={"code": self.code})


class Region(BilingualNameMixin, models.Model):
    """A federal subject of Russia, identified by its ISO 3166-2 code (e.g. RU-LIP)."""

    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=8, unique=True)
    okato = models.CharField(_("OKATO code"), max_length=5, unique=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=RegionKind.choices)
    federal_district = models.ForeignKey(
        FederalDistrict, verbose_name=_("federal district"), on_delete=models.PROTECT, related_name="regions"
    )
    macroregion = models.ForeignKey(
        MacroRegion, verbose_name=_("macro-region"), on_delete=models.PROTECT, related_name="regions"
    )
    rosstat_name = models.CharField(
        _("name in Rosstat tables"), max_length=200, blank=True, help_text=_("Used to match statistical imports.")
    )
    geo_iso = models.CharField(_("code on the map"), max_length=8, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["sort_order", "iso_code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("regions:region-detail", kwargs={"iso_code": self.iso_code})
