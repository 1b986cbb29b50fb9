from django.db import models
from django.utils.translation import gettext_lazy as _


class PriorityOrigin(models.TextChoices):
    """Where a set of declared priorities comes from (the state of a set in the permission matrix)."""

    MANUAL = "manual", _("Entered or imported by a coordinator")
    SESSION = "session", _("Adopted from a discovery session")


class SessionState(models.TextChoices):
    """Life of an entrepreneurial discovery session: open for ratings, closed, its outcome adopted."""

    OPEN = "open", _("Open for ratings")
    CLOSED = "closed", _("Closed")
    ADOPTED = "adopted", _("Outcome adopted")


class Evidence(models.TextChoices):
    """How a declared priority stands against the competence maps (``strategy.computations``)."""

    REVEALED = "revealed", _("Revealed")
    RELATED = "related", _("Related")
    UNSUPPORTED = "unsupported", _("Unsupported")
