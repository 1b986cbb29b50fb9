from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DecidedMixin(models.Model):
    """Who decided a request (a membership, a participation) and when; empty while it waits.

    Only the two columns are shared: each model keeps its own status choices and its own
    partial unique constraint on the open requests.
    """

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        abstract = True
