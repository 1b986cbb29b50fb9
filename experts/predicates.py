"""Predicates about expert profiles and invitations, composed into permissions in ``rules.py``."""

import rules

from cooperation.models.projects import OPEN_STATES
from cooperation.predicates import is_lead_member

from .choices import InvitationStatus


@rules.predicate
def is_own_profile(user, profile) -> bool:
    """The expert profile is the user's own."""
    return profile is not None and profile.user_id == getattr(user, "pk", None)


@rules.predicate
def is_published_profile(user, profile) -> bool:
    """The expert has published the profile (it is in the directory)."""
    return profile is not None and profile.is_published


# --- Projects (the object is a ``cooperation.Project``).


@rules.predicate
def is_project_expert(user, project) -> bool:
    """The user is an expert of the project: they accepted an invitation to it."""
    if project is None or not getattr(user, "is_authenticated", False):
        return False
    from .models import ExpertInvitation

    return ExpertInvitation.objects.filter(
        project=project, expert__user=user, status=InvitationStatus.ACCEPTED
    ).exists()


# --- Invitations (the object is an ``ExpertInvitation``).


@rules.predicate
def is_invited_expert(user, invitation) -> bool:
    """The invitation is addressed to the user's expert profile."""
    return invitation is not None and invitation.expert.user_id == getattr(user, "pk", None)


@rules.predicate
def is_pending_invitation(user, invitation) -> bool:
    """The invitation awaits the expert's answer."""
    return invitation is not None and invitation.status == InvitationStatus.INVITED


@rules.predicate
def is_invitation_to_open_project(user, invitation) -> bool:
    """The invitation's project is published or active, and not hidden by moderators."""
    return invitation is not None and invitation.project.state in OPEN_STATES and not invitation.project.is_hidden


@rules.predicate
def leads_invitation_project(user, invitation) -> bool:
    """The user acts for the lead agent of the invitation's project."""
    return invitation is not None and is_lead_member(user, invitation.project)
