"""Who may do what with agents and memberships — declared once, used by pages and API alike.

The permission matrix in ``tests/cooperation/rules/agent_permissions.csv``
is the specification; ``tests/cooperation/rules/test_agent_permissions.py``
checks these rules against it.
"""

import rules

from accounts.predicates import is_administrator, is_moderator

from .predicates import (
    administers_membership_agent,
    coordinates_agent_region,
    has_pending_request,
    is_active_membership,
    is_agent_admin,
    is_agent_member,
    is_colleague_membership,
    is_own_membership,
    is_pending_membership,
    is_verified_agent,
)

is_staff_role = is_moderator | is_administrator

can_view_agent = is_verified_agent | is_agent_member | coordinates_agent_region | is_staff_role

rules.add_perm("cooperation.view_agent", can_view_agent)
rules.add_perm("cooperation.add_agent", rules.is_authenticated)
rules.add_perm("cooperation.change_agent", is_agent_admin | is_administrator)
rules.add_perm("cooperation.verify_agent", ~is_verified_agent & is_staff_role)
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
