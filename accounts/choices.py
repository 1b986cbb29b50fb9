from django.db import models
from django.utils.translation import gettext_lazy as _


class SiteRole(models.TextChoices):
    """Site-wide roles. Every signed-in user is a *member*; these are granted on top."""

    MODERATOR = "moderator", _("Moderator")
    COORDINATOR = "coordinator", _("Regional coordinator")
    ANALYST = "analyst", _("Analyst")
    ADMINISTRATOR = "administrator", _("Administrator")
