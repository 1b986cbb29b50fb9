"""Abstract models that several apps' models share (``core`` is not an installed app: nothing here is a table)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ConfirmationDecision(models.Model):
    """Who confirmed or disputed a piece of evidence that one side recorded and the other side confirms, and when.

    Shared by ``levels.Interaction`` and ``experts.Consultation``: each keeps its own status (its own choices) and
    its own reason column, whose names and labels differ; these two columns are the same in both tables.
    """

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed or disputed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("confirmed or disputed at"), null=True, blank=True)

    class Meta:
        abstract = True
