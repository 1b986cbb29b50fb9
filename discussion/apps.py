from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionConfig(AppConfig):
    """Comments on projects, reports of abuse and their moderation."""

    name = "discussion"
    verbose_name = _("Discussion")
