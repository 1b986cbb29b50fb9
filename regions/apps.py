from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    """The geography of the country: federal subjects, federal districts and macro-regions."""

    name = "regions"
    verbose_name = _("Regions")
