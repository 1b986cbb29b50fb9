"""Who may do what with expert profiles and invitations — declared once, used by pages and API alike.

The permission table of the expert actions is ``tests/experts/rules/test_expert_permissions.py``.
"""

import rules

from accounts.predicates import is_administrator, is_moderator
from cooperation.predicates import is_hidden_project, is_lead_member, is_open_project

from .predicates import (
    is_invitation_to_open_project,
    is_invited_expert,
    is_own_profile,
    is_pending_invitation,
    is_published_profile,
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
