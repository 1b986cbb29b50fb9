from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.i18n import BilingualNameMixin

from .choices import ClassifierKind


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
