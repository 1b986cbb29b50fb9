"""Predicates about agents, memberships and projects, composed into permissions in ``rules.py``."""

import rules

from accounts.selectors import user_coordinated_region_ids

from .choices import AgentReview, AgentRole, MembershipStatus, ParticipantRole, ParticipantStatus, ProjectState
from .models.agents import Agent
from .models.projects import EDITABLE_STATES, OPEN_STATES, PUBLIC_STATES, Project
from .selectors import agents_free_to_join, user_agent_roles, user_pending_agent_ids


@rules.predicate
def is_verified_agent(user, agent) -> bool:
    """A moderator has verified the agent."""
    return bool(agent and agent.is_verified)


@rules.predicate
def is_rejected_agent(user, agent) -> bool:
    """A moderator has rejected the agent (final: it cannot be submitted again)."""
    return bool(agent and agent.review_status == AgentReview.REJECTED)


@rules.predicate
def is_details_requested_agent(user, agent) -> bool:
    """A moderator has asked the agent's administrators for details; they have not submitted it again yet."""
    return bool(agent and not agent.is_verified and agent.review_status == AgentReview.DETAILS_REQUESTED)


@rules.predicate
def is_visible_agent(user, agent) -> bool:
    """The user may see the agent: the selectors' own rule (``Agent.objects.visible_to``) asked of this row;
    a verified agent, which everyone sees, needs no query."""
    if agent is None or agent.pk is None:
        return False
    if agent.is_verified:
        return True
    return Agent.objects.visible_to(user).filter(pk=agent.pk).exists()


@rules.predicate
def is_agent_member(user, agent) -> bool:
    """The user acts for the agent (approved representative or administrator)."""
    return agent is not None and agent.pk in user_agent_roles(user)


@rules.predicate
def is_agent_admin(user, agent) -> bool:
    """The user administers the agent."""
    return agent is not None and user_agent_roles(user).get(agent.pk) == AgentRole.ADMINISTRATOR


@rules.predicate
def has_pending_request(user, agent) -> bool:
    """The user has asked to join the agent and awaits a decision."""
    return agent is not None and agent.pk in user_pending_agent_ids(user)


@rules.predicate
def coordinates_agent_region(user, agent) -> bool:
    """The user is regional coordinator of the agent's region."""
    return agent is not None and agent.region_id in user_coordinated_region_ids(user)


@rules.predicate
def is_own_membership(user, membership) -> bool:
    """The membership is the user's own."""
    return membership is not None and membership.user_id == getattr(user, "pk", None)


@rules.predicate
def is_pending_membership(user, membership) -> bool:
    """The membership awaits a decision."""
    return membership is not None and membership.status == MembershipStatus.PENDING


@rules.predicate
def is_active_membership(user, membership) -> bool:
    """The membership is pending or approved (not declined, not left)."""
    return membership is not None and membership.status in (MembershipStatus.PENDING, MembershipStatus.APPROVED)


@rules.predicate
def is_colleague_membership(user, membership) -> bool:
    """The membership is an approved one of an agent the user acts for."""
    return (
        membership is not None
        and membership.status == MembershipStatus.APPROVED
        and membership.agent_id in user_agent_roles(user)
    )


@rules.predicate
def administers_membership_agent(user, membership) -> bool:
    """The user administers the agent the membership belongs to."""
    return membership is not None and user_agent_roles(user).get(membership.agent_id) == AgentRole.ADMINISTRATOR


# --- Projects (the object is a ``Project``).


@rules.predicate
def is_public_project(user, project) -> bool:
    """The project is past moderation: published, active, completed or archived."""
    return project is not None and project.state in PUBLIC_STATES


@rules.predicate
def is_visible_project(user, project) -> bool:
    """The user may see the project: the selectors' own rule (``Project.objects.visible_to``) asked of this row.

    One query per check rather than a Python copy of the rule, so the two cannot drift apart; a project
    everyone may see needs none (``is_public_to_all``, the row's twin of ``public()``)."""
    if project is None or project.pk is None:
        return False
    if project.is_public_to_all:
        return True
    return Project.objects.visible_to(user).filter(pk=project.pk).exists()


@rules.predicate
def is_hidden_project(user, project) -> bool:
    """A moderator has hidden the project."""
    return project is not None and project.is_hidden


@rules.predicate
def is_editable_project(user, project) -> bool:
    """The project is a draft or awaits the changes moderators asked for."""
    return project is not None and project.state in EDITABLE_STATES


@rules.predicate
def is_open_project(user, project) -> bool:
    """The project is published or active, so open for partners."""
    return project is not None and project.state in OPEN_STATES


@rules.predicate
def is_submitted_project(user, project) -> bool:
    """The project awaits moderation."""
    return project is not None and project.state == ProjectState.SUBMITTED


@rules.predicate
def is_published_project(user, project) -> bool:
    """The project is published and has not started."""
    return project is not None and project.state == ProjectState.PUBLISHED


@rules.predicate
def is_active_project(user, project) -> bool:
    """The project is under way."""
    return project is not None and project.state == ProjectState.ACTIVE


@rules.predicate
def is_completed_project(user, project) -> bool:
    """The project is completed and not archived yet."""
    return project is not None and project.state == ProjectState.COMPLETED


@rules.predicate
def is_lead_member(user, project) -> bool:
    """The user acts for the project's lead agent."""
    return project is not None and project.lead_agent_id in user_agent_roles(user)


@rules.predicate
def is_lead_admin(user, project) -> bool:
    """The user administers the project's lead agent."""
    return project is not None and user_agent_roles(user).get(project.lead_agent_id) == AgentRole.ADMINISTRATOR


@rules.predicate
def is_project_proposer(user, project) -> bool:
    """The user drafted the project and still acts for its lead agent (a representative may run what they proposed)."""
    return (
        project is not None
        and project.created_by_id is not None
        and project.created_by_id == getattr(user, "pk", None)
        and project.lead_agent_id in user_agent_roles(user)
    )


@rules.predicate
def is_partner_member(user, project) -> bool:
    """The user acts for an accepted partner of the project."""
    roles = user_agent_roles(user)
    return (
        project is not None
        and bool(roles)
        and project.participants.filter(
            role=ParticipantRole.PARTNER, status=ParticipantStatus.ACCEPTED, agent_id__in=list(roles)
        ).exists()
    )


@rules.predicate
def has_agent_free_to_join(user, project) -> bool:
    """The user acts for a verified agent that neither leads nor takes part in (or asked to join) the project."""
    return project is not None and agents_free_to_join(user, project).exists()


# --- Project participations (the object is a ``ProjectParticipant``).


@rules.predicate
def is_application(user, participant) -> bool:
    """The participation is an agent's application awaiting the lead's decision."""
    return participant is not None and participant.status == ParticipantStatus.APPLIED


@rules.predicate
def is_invitation(user, participant) -> bool:
    """The participation is the lead's invitation awaiting the agent's answer."""
    return participant is not None and participant.status == ParticipantStatus.INVITED


@rules.predicate
def is_accepted_partner(user, participant) -> bool:
    """The participation is an accepted partner's (the lead cannot leave its own project)."""
    return (
        participant is not None
        and participant.role == ParticipantRole.PARTNER
        and participant.status == ParticipantStatus.ACCEPTED
    )


@rules.predicate
def is_participation_in_open_project(user, participant) -> bool:
    """The participation's project is published or active."""
    return participant is not None and participant.project.state in OPEN_STATES


@rules.predicate
def administers_participation_lead(user, participant) -> bool:
    """The user administers the lead agent of the participation's project."""
    return (
        participant is not None
        and user_agent_roles(user).get(participant.project.lead_agent_id) == AgentRole.ADMINISTRATOR
    )


@rules.predicate
def proposed_participation_project(user, participant) -> bool:
    """The user proposed the participation's project and still acts for its lead agent."""
    return participant is not None and is_project_proposer.test(user, participant.project)


@rules.predicate
def administers_participating_agent(user, participant) -> bool:
    """The user administers the agent that applied, was invited or takes part."""
    return participant is not None and user_agent_roles(user).get(participant.agent_id) == AgentRole.ADMINISTRATOR


# --- Attachments and milestones (appended by the project pages; the object is named in each docstring).


@rules.predicate
def is_closed_project(user, project) -> bool:
    """The project (the object) is archived or rejected: its files and timeline are frozen."""
    return project is not None and project.state in (ProjectState.ARCHIVED, ProjectState.REJECTED)


@rules.predicate
def may_view_attachment_project(user, attachment) -> bool:
    """The user may see the project the attachment (the object) belongs to."""
    return attachment is not None and user.has_perm("cooperation.view_project", attachment.project)


@rules.predicate
def is_attachment_uploader(user, attachment) -> bool:
    """The user uploaded the attachment (the object)."""
    return attachment is not None and attachment.uploaded_by_id is not None and attachment.uploaded_by_id == user.pk


@rules.predicate
def administers_attachment_lead(user, attachment) -> bool:
    """The user administers the lead agent of the attachment's (the object's) project."""
    return attachment is not None and user_agent_roles(user).get(attachment.project.lead_agent_id) == (
        AgentRole.ADMINISTRATOR
    )


@rules.predicate
def is_attachment_in_archived_project(user, attachment) -> bool:
    """The attachment's (the object's) project is archived: its files are kept as they are."""
    return attachment is not None and attachment.project.state == ProjectState.ARCHIVED


@rules.predicate
def leads_milestone_project(user, milestone) -> bool:
    """The user acts for the lead agent of the milestone's (the object's) project."""
    return milestone is not None and milestone.project.lead_agent_id in user_agent_roles(user)


@rules.predicate
def is_milestone_in_closed_project(user, milestone) -> bool:
    """The milestone's (the object's) project is archived or rejected."""
    return milestone is not None and milestone.project.state in (ProjectState.ARCHIVED, ProjectState.REJECTED)
