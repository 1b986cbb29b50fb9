"""Recompute the levels when evidence changes in other apps (projects, participants, experts).

Why a signal here, when the style guide keeps logic out of signals: the receiver
contains no rule and changes nothing; it only *schedules* a recomputation for
after the commit (``levels.services.recompute_on_commit``, debounced so that one
transaction schedules one recomputation). Connecting here keeps the project and
expert services free of any knowledge of the levels, and the nightly run repairs
anything a signal could miss (a bulk update, a raw SQL fix).
"""

from cooperation.choices import ParticipantStatus, ProjectState

from .services import recompute_on_commit

#: Transitions after which a project's participants become (or stay) evidence of level 3.
COUNTING_TRANSITIONS = frozenset({ProjectState.ACTIVE, ProjectState.COMPLETED, ProjectState.ARCHIVED})
#: Participations whose change moves the evidence: joined, left.
COUNTING_PARTICIPATIONS = frozenset({ParticipantStatus.ACCEPTED, ParticipantStatus.LEFT})


def project_transition_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A project started, completed or was archived."""
    if not raw and instance.to_state in COUNTING_TRANSITIONS:
        recompute_on_commit()


def project_participant_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """An agent joined a project (the lead when a project is created) or a partner left."""
    if not raw and instance.status in COUNTING_PARTICIPATIONS:
        recompute_on_commit()


def expert_invitation_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """An expert answered an invitation (an accepted one is evidence of level 2)."""
    if not raw and not created:
        recompute_on_commit()


def consultation_saved(sender, instance, created, raw=False, **kwargs) -> None:
    """A consultation was confirmed (evidence of level 2) or left that state."""
    if not raw and not created and instance.status == "confirmed":
        recompute_on_commit()
