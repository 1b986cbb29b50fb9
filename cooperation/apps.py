from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """Agents of the quadruple helix, their members, and joint projects."""

    name = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self) -> None:
        from analytics.signals import snapshot_switched

        from . import page_cache
        from .notifications import register_events

        register_events()
        page_cache.connect()
        _forget_agent_roles_on_membership_writes()
        snapshot_switched.connect(_refresh_fits, dispatch_uid="cooperation.fit_after_recomputation")


def _forget_agent_roles_on_membership_writes() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import AgentMembership
    from .selectors import forget_cached_agent_roles

    post_save.connect(forget_cached_agent_roles, sender=AgentMembership, dispatch_uid="cooperation:agent-roles:save")
    post_delete.connect(
        forget_cached_agent_roles, sender=AgentMembership, dispatch_uid="cooperation:agent-roles:delete"
    )


def _refresh_fits(sender, snapshot, **kwargs) -> None:
    """A recomputation switched the competence maps: every project's fit score follows them."""
    from .services.fit import project_fit_refresh

    project_fit_refresh()
