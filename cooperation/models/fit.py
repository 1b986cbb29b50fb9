from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectFit(models.Model):
    """A project's fit score with the partners it has: four parts (0-1), their mean and the inputs behind them.

    Computed by ``cooperation.services.fit.project_fit_refresh`` from the current competence snapshot
    (``analytics.computations.fit`` holds the formulas) when a project is drafted or edited, when its
    participants change and after every recomputation of the competence maps. ``explanation`` keeps what
    the sentences are made of (counts, the items no region covers, the complementary rubrics, the weakest
    region, regions without data, missing helices), so a page can say why without recomputing.
    """

    project = models.OneToOneField(
        "cooperation.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="fit"
    )
    core = models.FloatField(_("core"))
    complementarity = models.FloatField(_("complementarity"))
    relatedness = models.FloatField(_("relatedness"))
    helix_coverage = models.FloatField(_("helix coverage"))
    score = models.FloatField(_("fit score"), db_index=True)
    explanation = models.JSONField(_("explanation inputs"), default=dict, blank=True)
    snapshot = models.ForeignKey(
        "analytics.Snapshot",
        verbose_name=_("competence snapshot"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("project fit score")
        verbose_name_plural = _("project fit scores")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.score:.2f}"
