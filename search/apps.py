from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Partner search over agents, experts, open projects and regions; recommendations; saved searches."""

    name = "search"
    verbose_name = _("Partner search")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from analytics.events import competence_events_recorded
        from analytics.links import register_direction_link
        from cooperation.models import Agent, Project, ProjectParticipant
        from core import cache_versions
        from experts.models import ExpertProfile
        from notifications.registry import register_event

        from . import cells, signals
        from .services.competence_watches import COMPETENCE_EVENT
        from .services.saved_searches import MATCH_EVENT

        register_direction_link(cells.cell_url)
        register_event(MATCH_EVENT, label=_("A new organisation, expert or project matches one of my saved searches"))
        register_event(
            COMPETENCE_EVENT,
            label=_("A region I coordinate or follow, or my organisation's activity, gained or lost a competence"),
        )
        competence_events_recorded.connect(
            signals.competence_events_recorded, dispatch_uid="search.competence_events_recorded"
        )

        # See search/signals.py for why these receivers are signals: they only schedule a re-index.
        def connect(signal, receiver, sender, name):
            signal.connect(receiver, sender=sender, dispatch_uid=f"search.{name}")

        for signal, suffix in ((post_save, "saved"), (post_delete, "deleted")):
            connect(signal, signals.agent_changed, Agent, f"agent_{suffix}")
            connect(signal, signals.expert_changed, ExpertProfile, f"expert_{suffix}")
            connect(signal, signals.project_changed, Project, f"project_{suffix}")
            connect(signal, signals.participant_changed, ProjectParticipant, f"participant_{suffix}")
        connect(post_save, signals.user_changed, get_user_model(), "user_saved")
        connect(post_save, signals.region_changed, "regions.Region", "region_saved")
        connect(post_save, signals.snapshot_saved, "analytics.Snapshot", "snapshot_saved")
        connect(m2m_changed, signals.agent_competences_changed, Agent.competences.through, "agent_competences")
        connect(
            m2m_changed, signals.expert_competences_changed, ExpertProfile.competences.through, "expert_competences"
        )
        for relation in (Project.directions, Project.rubrics, Project.objectives):
            connect(m2m_changed, signals.project_relations_changed, relation.through, f"project_{relation.field.name}")

        # The cell page's cached content: what its organisations, experts, projects and names are read from
        # (the snapshot and the levels are in its key: ``cells.cell_cache_key``).
        cache_versions.watch(
            cells.CACHE_VERSION,
            "cooperation.Agent",
            "cooperation.Project",
            "cooperation.ProjectParticipant",
            "experts.ExpertProfile",
            get_user_model()._meta.label,
            "regions.Region",
            "analytics.Classifier",
            "analytics.ClassifierItem",
            "levels.PairLevel",
            m2m=(Agent.competences.through, ExpertProfile.competences.through, Project.directions.through),
        )
