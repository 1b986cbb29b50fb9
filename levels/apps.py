from django.apps import AppConfig, apps
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class LevelsConfig(AppConfig):
    """Levels of interregional cooperation measured from evidence: interactions, experts, joint projects, structures."""

    name = "levels"
    verbose_name = _("Cooperation levels")

    def ready(self) -> None:
        from notifications.registry import register_event

        from . import signals

        register_event(
            "levels/email/interaction_withdrawn", label=_("An interaction I recorded was withdrawn by a moderator")
        )
        register_event(
            "levels/email/interaction_pending",
            label=_("Another region recorded an interaction with my organisation or region: it awaits confirmation"),
        )
        register_event(
            "levels/email/interaction_confirmed", label=_("The other side confirmed an interaction of my side")
        )
        register_event(
            "levels/email/interaction_disputed", label=_("The other side disputed an interaction of my side")
        )
        register_event("levels/email/structure_proposed", label=_("An integrated structure awaits confirmation"))
        register_event(
            "levels/email/structure_decided", label=_("An integrated structure I proposed was confirmed or rejected")
        )
        register_event(
            "levels/email/structure_details_requested",
            label=_("A moderator asks for details about an integrated structure I proposed"),
        )
        from django.db.models.signals import post_delete

        from .selectors import forget_levels_fingerprint

        for signal in (post_save, post_delete):
            signal.connect(
                forget_levels_fingerprint, sender="levels.LevelComputation", dispatch_uid="levels.forget_fingerprint"
            )
        # See levels/signals.py for why these receivers are signals: they only schedule a recomputation.
        post_save.connect(
            signals.project_transition_saved,
            sender="cooperation.ProjectTransition",
            dispatch_uid="levels.project_transition_saved",
        )
        post_save.connect(
            signals.project_participant_saved,
            sender="cooperation.ProjectParticipant",
            dispatch_uid="levels.project_participant_saved",
        )
        if apps.is_installed("experts"):
            post_save.connect(
                signals.expert_invitation_saved,
                sender="experts.ExpertInvitation",
                dispatch_uid="levels.expert_invitation_saved",
            )
            post_save.connect(
                signals.consultation_saved,
                sender="experts.Consultation",
                dispatch_uid="levels.consultation_saved",
            )
