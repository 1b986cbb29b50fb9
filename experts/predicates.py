"""Predicates about expert profiles, invitations and consultations, composed into permissions in ``rules.py``."""

import rules

from cooperation.models import Agent
from cooperation.models.projects import OPEN_STATES
from cooperation.predicates import is_lead_member
from cooperation.selectors import user_agent_roles

from .choices import ConsultationStatus, InvitationStatus


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


# --- Consultations (the object is a ``Consultation``; for asking, the advising ``cooperation.Agent``).


@rules.predicate
def acts_for_agent_of_another_region(user, agent) -> bool:
    """The user acts for some agent in a region other than ``agent``'s: it may ask ``agent`` for advice."""
    agent_ids = list(user_agent_roles(user))
    if agent is None or not agent_ids:
        return False
    return Agent.objects.filter(pk__in=agent_ids).exclude(region_id=agent.region_id).exists()


@rules.predicate
def acts_for_advised_agent(user, consultation) -> bool:
    """The user acts for the advised agent (the side that asked and confirms)."""
    return consultation is not None and consultation.advised_agent_id in user_agent_roles(user)


@rules.predicate
def acts_for_advising_agent(user, consultation) -> bool:
    """The user acts for the advising agent (the side that gives the advice and its result)."""
    return consultation is not None and consultation.advising_agent_id in user_agent_roles(user)


def _status_is(status: str, doc: str):
    @rules.predicate
    def predicate(user, consultation) -> bool:
        return consultation is not None and consultation.status == status

    predicate.__doc__ = doc
    return predicate


is_requested_consultation = _status_is(
    ConsultationStatus.REQUESTED, "The consultation awaits the advising side's answer."
)
is_accepted_consultation = _status_is(ConsultationStatus.ACCEPTED, "The advising side accepted and gives the advice.")
is_completed_consultation = _status_is(
    ConsultationStatus.COMPLETED, "The result is submitted and awaits the advised side's word."
)
is_confirmed_consultation = _status_is(
    ConsultationStatus.CONFIRMED, "The advised side confirmed the result: it is public evidence of level 2."
)
