"""Who may do what with expert profiles, invitations and consultations — declared once, used by pages and API alike.

The permission table of the expert actions is ``tests/experts/rules/test_expert_permissions.py``; that of
consultations is ``tests/experts/rules/consultation_permissions.csv``.
"""

import rules

from accounts.predicates import is_administrator, is_moderator
from cooperation.predicates import is_hidden_project, is_lead_member, is_open_project

from .predicates import (
    acts_for_advised_agent,
    acts_for_advising_agent,
    acts_for_agent_of_another_region,
    is_accepted_consultation,
    is_completed_consultation,
    is_confirmed_consultation,
    is_invitation_to_open_project,
    is_invited_expert,
    is_own_profile,
    is_pending_invitation,
    is_published_profile,
    is_requested_consultation,
    leads_invitation_project,
)

is_staff_role = is_moderator | is_administrator
can_view_profile = is_published_profile | is_own_profile | is_staff_role

rules.add_perm("experts.add_expertprofile", rules.is_authenticated)
rules.add_perm("experts.view_expertprofile", can_view_profile)
rules.add_perm("experts.change_expertprofile", is_own_profile)
# The contact e-mail is for signed-in users only.
rules.add_perm("experts.view_expertprofile_contacts", rules.is_authenticated & can_view_profile)

# The object is the project: the lead's members invite experts while it is open for partners.
rules.add_perm("experts.invite_expert", is_lead_member & is_open_project & ~is_hidden_project)

# Without an object: anyone signed in may try to invite (the API's create); the service then checks
# ``experts.invite_expert`` on the chosen project.
rules.add_perm("experts.add_expertinvitation", rules.is_authenticated)
rules.add_perm("experts.view_expertinvitation", is_invited_expert | leads_invitation_project | is_staff_role)
rules.add_perm(
    "experts.respond_expertinvitation", is_invited_expert & is_pending_invitation & is_invitation_to_open_project
)
rules.add_perm("experts.withdraw_expertinvitation", leads_invitation_project & is_pending_invitation)

# Consultations (seed 000's level 2). The object of ``request_consultation`` is the advising agent: whoever acts
# for an agent of another region may ask it. A confirmed consultation is public evidence (every signed-in user
# sees it, like a confirmed interaction); before that only the two sides and the staff see it.
rules.add_perm("experts.request_consultation", acts_for_agent_of_another_region)
rules.add_perm("experts.add_consultation", rules.is_authenticated)
rules.add_perm(
    "experts.view_consultation",
    acts_for_advised_agent
    | acts_for_advising_agent
    | is_staff_role
    | (rules.is_authenticated & is_confirmed_consultation),
)
rules.add_perm("experts.accept_consultation", acts_for_advising_agent & is_requested_consultation)
rules.add_perm("experts.decline_consultation", acts_for_advising_agent & is_requested_consultation)
rules.add_perm("experts.complete_consultation", acts_for_advising_agent & is_accepted_consultation)
rules.add_perm("experts.confirm_consultation", acts_for_advised_agent & is_completed_consultation)
rules.add_perm("experts.dispute_consultation", acts_for_advised_agent & is_completed_consultation)
