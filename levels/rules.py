"""Who may do what with the evidence of cooperation levels — declared once, used by pages and API alike.

The matrix in ``tests/levels/rules/test_permissions.py`` checks these rules role by role.
"""

import rules

from accounts.predicates import is_administrator, is_coordinator, is_moderator

from .predicates import (
    acts_for_interaction_agent,
    acts_for_some_agent,
    acts_for_structure_agent,
    coordinates_interaction_region,
    coordinates_structure_region,
    is_confirmed_structure,
    is_interaction_recorder,
    is_pending_interaction,
    is_proposed_structure,
    is_public_structure,
    is_rejected_structure,
    is_structure_awaiting_details,
    is_structure_proposer,
    is_withdrawn_interaction,
    on_other_side,
)

is_staff_role = is_moderator | is_administrator
# Who records evidence at all: regional coordinators, members of agents, the staff. The services
# then check that the evidence concerns one of *their* regions or agents.
may_record_evidence = rules.is_authenticated & (is_coordinator | acts_for_some_agent | is_staff_role)
concerns_interaction = coordinates_interaction_region | acts_for_interaction_agent

# The levels, the dashboard and the network: every signed-in user.
rules.add_perm("levels.view_levels", rules.is_authenticated)

rules.add_perm(
    "levels.view_interaction",
    rules.is_authenticated
    & (~is_withdrawn_interaction | is_interaction_recorder | concerns_interaction | is_staff_role),
)
rules.add_perm("levels.add_interaction", may_record_evidence)
rules.add_perm("levels.change_interaction", ~is_withdrawn_interaction & (concerns_interaction | is_staff_role))
rules.add_perm("levels.withdraw_interaction", ~is_withdrawn_interaction & (concerns_interaction | is_staff_role))
rules.add_perm("levels.restore_interaction", is_withdrawn_interaction & is_staff_role)
# The other side stands behind an interaction (or disputes it): a representative of a participating agent of
# another region than the recorder's, or a coordinator of such a region — never the recorder, never the staff
# as such (a moderator withdraws what is wrong; confirming is the partners' word).
may_decide_interaction = (
    rules.is_authenticated
    & is_pending_interaction
    & ~is_withdrawn_interaction
    & ~is_interaction_recorder
    & on_other_side
)
rules.add_perm("levels.confirm_interaction", may_decide_interaction)
rules.add_perm("levels.dispute_interaction", may_decide_interaction)

rules.add_perm(
    "levels.view_integratedstructure",
    rules.is_authenticated
    & (
        is_public_structure
        | is_structure_proposer
        | coordinates_structure_region
        | acts_for_structure_agent
        | is_staff_role
    ),
)
rules.add_perm("levels.add_integratedstructure", may_record_evidence)
# The proposer completes a structure until a moderator decides (and after being asked for details); moderators
# correct any structure that is not rejected (a confirmed one's change is recomputed into the levels).
rules.add_perm(
    "levels.change_integratedstructure",
    rules.is_authenticated
    & (
        (is_structure_proposer & (is_proposed_structure | is_structure_awaiting_details))
        | (is_staff_role & ~is_rejected_structure)
    ),
)
rules.add_perm("levels.submit_integratedstructure", is_structure_awaiting_details & is_structure_proposer)
# The moderation queue's three decisions, each with a reason (see ``levels.services``).
rules.add_perm("levels.confirm_integratedstructure", is_proposed_structure & is_staff_role)
rules.add_perm("levels.reject_integratedstructure", is_proposed_structure & is_staff_role)
rules.add_perm("levels.request_details_integratedstructure", is_proposed_structure & is_staff_role)
rules.add_perm("levels.dissolve_integratedstructure", is_confirmed_structure & is_staff_role)
rules.add_perm("levels.moderate_structures", is_staff_role)
