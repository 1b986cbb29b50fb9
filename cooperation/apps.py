from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """Agents of the quadruple helix, their members, and (later) joint projects."""

    name = "cooperation"
    verbose_name = _("Cooperation")
