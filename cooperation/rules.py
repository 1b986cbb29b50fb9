"""Who may do what with agents, memberships and projects — declared once, used by pages and API alike.

The permission matrix in ``tests/cooperation/rules/agent_permissions.csv``
is the specification; ``tests/cooperation/rules/test_agent_permissions.py``
checks these rules against it; ``project_permissions.csv`` and
``test_project_permissions.py`` do the same for projects.
"""

import rules

from accounts.predicates import is_administrator, is_moderator

from .predicates import (
    administers_membership_agent,
    administers_participating_agent,
    administers_participation_lead,
    has_agent_free_to_join,
    has_pending_request,
    is_accepted_partner,
    is_active_membership,
    is_active_project,
    is_agent_admin,
    is_agent_member,
    is_application,
    is_colleague_membership,
    is_completed_project,
    is_details_requested_agent,
    is_editable_project,
    is_hidden_project,
    is_invitation,
    is_lead_admin,
    is_lead_member,
    is_open_project,
    is_own_membership,
    is_participation_in_open_project,
    is_partner_member,
    is_pending_membership,
    is_project_proposer,
    is_public_project,
    is_published_project,
    is_rejected_agent,
    is_submitted_project,
    is_verified_agent,
    is_visible_agent,
    is_visible_project,
    proposed_participation_project,
)

is_staff_role = is_moderator | is_administrator

# Who sees an agent is decided once, in ``Agent.objects.visible_to`` (the selectors filter with it too).
# Without an object (the Django admin's list) the question is the model's: the staff see every agent, which is
# also what ``visible_to`` answers for them, so asking it first spares the staff a query per check.
can_view_agent = is_staff_role | is_visible_agent

rules.add_perm("cooperation.view_agent", can_view_agent)
rules.add_perm("cooperation.add_agent", rules.is_authenticated)
rules.add_perm("cooperation.change_agent", is_agent_admin | is_administrator)
# Moderation of a new agent (issue #12: "as for projects"): verify, reject with a reason (final), or ask its
# administrators for details; they add them and submit it again. A rejected agent stays rejected.
awaits_review = ~is_verified_agent & ~is_rejected_agent
rules.add_perm("cooperation.verify_agent", awaits_review & is_staff_role)
rules.add_perm("cooperation.reject_agent", awaits_review & is_staff_role)
rules.add_perm("cooperation.request_details_agent", awaits_review & ~is_details_requested_agent & is_staff_role)
rules.add_perm("cooperation.resubmit_agent", is_details_requested_agent & is_agent_admin)
# Contact details are for signed-in users only.
rules.add_perm("cooperation.view_agent_contacts", rules.is_authenticated & can_view_agent)
rules.add_perm(
    "cooperation.join_agent",
    rules.is_authenticated & is_verified_agent & ~is_agent_member & ~has_pending_request,
)
rules.add_perm("cooperation.view_agent_members", is_agent_member | is_staff_role)
rules.add_perm("cooperation.manage_agent_members", is_agent_admin | is_administrator)

rules.add_perm(
    "cooperation.view_agentmembership",
    is_own_membership | is_colleague_membership | administers_membership_agent | is_staff_role,
)
rules.add_perm(
    "cooperation.decide_agentmembership", is_pending_membership & (administers_membership_agent | is_administrator)
)
rules.add_perm("cooperation.leave_agentmembership", is_own_membership & is_active_membership)
rules.add_perm(
    "cooperation.change_role_agentmembership",
    ~is_own_membership
    & ~is_pending_membership
    & is_active_membership
    & (administers_membership_agent | is_administrator),
)
rules.add_perm("cooperation.moderate_agents", is_staff_role)

# --- Projects. Drafts and projects in moderation are the lead's business (and the moderators');
# a hidden project stays visible to those taking part in it.
# Who sees a project is decided once, in ``Project.objects.visible_to`` (the selectors filter with it too);
# the staff, who see every project there, are asked first (the admin's list asks without an object).
can_view_project = is_staff_role | is_visible_project
# Who runs a project for its lead agent: the representative who proposed it and the agent's administrators
# (issue #12: the people who propose a project must be able to run it). The site administrator may also
# move it on (a project whose lead is gone), but never commits the lead agent to partners or dates.
runs_for_lead = is_lead_admin | is_project_proposer
can_run_project = runs_for_lead | is_administrator

rules.add_perm("cooperation.add_project", is_agent_member)  # the object is the would-be lead agent
rules.add_perm("cooperation.view_project", can_view_project)
rules.add_perm("cooperation.change_project", is_lead_member & is_editable_project)
rules.add_perm("cooperation.submit_project", is_lead_member & is_editable_project)
rules.add_perm("cooperation.moderate_project", is_staff_role & is_submitted_project)
rules.add_perm("cooperation.start_project", can_run_project & is_published_project)
rules.add_perm("cooperation.complete_project", can_run_project & is_active_project)
rules.add_perm("cooperation.archive_project", can_run_project & is_completed_project)
# A hidden project cannot be featured (``project_feature`` refuses it): the rule says so, so no page offers it.
rules.add_perm("cooperation.feature_project", is_staff_role & is_public_project & ~is_hidden_project)
rules.add_perm("cooperation.hide_project", is_staff_role & is_public_project)
rules.add_perm(
    "cooperation.apply_project",
    rules.is_authenticated & is_open_project & ~is_hidden_project & has_agent_free_to_join,
)
# Partners are invited from the draft on (sent when the project is published) and while it is open.
rules.add_perm("cooperation.invite_project", runs_for_lead & (is_editable_project | is_open_project))
# Planned and actual dates of a project under way (or about to be) are corrected by those who run it, audited.
rules.add_perm("cooperation.change_dates_project", runs_for_lead & (is_published_project | is_active_project))
rules.add_perm("cooperation.moderate_projects", is_staff_role)

rules.add_perm(
    "cooperation.decide_projectparticipant",
    is_application
    & is_participation_in_open_project
    & (administers_participation_lead | proposed_participation_project),
)
rules.add_perm(
    "cooperation.respond_projectparticipant",
    is_invitation & is_participation_in_open_project & administers_participating_agent,
)
rules.add_perm(
    "cooperation.leave_projectparticipant",
    is_accepted_partner & is_participation_in_open_project & administers_participating_agent,
)

# --- Attachments, milestones and the transition history (appended by the project pages).
# ``add_attachment`` and ``add_milestone`` take the project; the others take the attachment or milestone.
from .predicates import (  # noqa: E402 - kept with the rules that use them
    administers_attachment_lead,
    is_attachment_in_archived_project,
    is_attachment_uploader,
    is_closed_project,
    is_milestone_in_closed_project,
    leads_milestone_project,
    may_view_attachment_project,
)

rules.add_perm(
    "cooperation.add_attachment",
    (is_lead_member & ~is_closed_project) | (is_partner_member & is_open_project),
)
rules.add_perm("cooperation.view_attachment", may_view_attachment_project)
rules.add_perm(
    "cooperation.delete_attachment",
    ~is_attachment_in_archived_project & (is_attachment_uploader | administers_attachment_lead),
)
rules.add_perm("cooperation.add_milestone", is_lead_member & ~is_closed_project)
# The project's goals at the three horizons (goal orientation); adjustable while the project runs (flexibility).
rules.add_perm("cooperation.change_goals_project", is_lead_member & ~is_closed_project)
rules.add_perm("cooperation.change_milestone", leads_milestone_project & ~is_milestone_in_closed_project)
rules.add_perm("cooperation.delete_milestone", leads_milestone_project & ~is_milestone_in_closed_project)
# Who moved the project when is public; the moderators' reasons (changes requested, rejected) are the lead's business.
rules.add_perm("cooperation.view_project_history", is_lead_member | is_staff_role)
