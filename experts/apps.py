from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    """Expert profiles, the invitation of experts to projects and consultations between agents of different regions
    (evidence of cooperation level 2)."""

    name = "experts"
    verbose_name = _("Experts")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cooperation.notifications import register_project_followers
        from notifications.registry import register_event

        from .models import ExpertProfile
        from .selectors import forget_cached_unpublished_profile, project_expert_users

        register_project_followers(project_expert_users)
        post_save.connect(
            forget_cached_unpublished_profile, sender=ExpertProfile, dispatch_uid="experts:unpublished:save"
        )
        post_delete.connect(
            forget_cached_unpublished_profile, sender=ExpertProfile, dispatch_uid="experts:unpublished:delete"
        )
        _watch_project_page()

        register_event("experts/email/expert_invited", label=_("I am invited to a project as an expert"))
        register_event(
            "experts/email/expert_responded", label=_("An expert answered an invitation to a project I lead")
        )
        register_event("experts/email/invitation_withdrawn", label=_("An invitation to me as an expert was withdrawn"))
        register_event(
            "experts/email/consultation_requested",
            label=_("An organisation of another region asks my organisation for a consultation"),
        )
        register_event(
            "experts/email/consultation_answered", label=_("My organisation's request for a consultation was answered")
        )
        register_event(
            "experts/email/consultation_completed",
            label=_("The result of a consultation my organisation asked for awaits confirmation"),
        )
        register_event(
            "experts/email/consultation_decided",
            label=_("A consultation my organisation gave was confirmed or disputed"),
        )


def _watch_project_page() -> None:
    """The project page's experts panel: an invitation (sent, answered, withdrawn) replaces its project's page
    version; a profile or its competences (shown to every project, offered in the invite form) the shared one."""
    from cooperation import page_cache
    from core import cache_versions

    from .models import ExpertProfile

    page_cache.watch_project_rows("experts.ExpertInvitation")
    cache_versions.watch(page_cache.SHARED_VERSION, "experts.ExpertProfile", m2m=(ExpertProfile.competences.through,))
