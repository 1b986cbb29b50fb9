"""Who may do what with declared priorities and discovery sessions. Loaded by rules' autodiscovery.

The expected behaviour is the tables ``tests/strategy/rules/*.csv``, checked against these rules,
the pages and the API.
"""

import rules

from accounts.predicates import is_administrator, is_moderator

from .predicates import coordinates_region, is_closed_session, is_manual_set, is_open_session, represents_region_agent

# Priority sets are open data: anyone reads them and their evidence.
rules.add_perm("strategy.view_priorityset", rules.always_allow)
# ``obj`` is the region the set is for.
rules.add_perm("strategy.add_priorityset", coordinates_region)
# A set adopted from a session stays as the session's record: it is neither removed nor edited.
rules.add_perm("strategy.delete_priorityset", coordinates_region & is_manual_set)
rules.add_perm("strategy.change_priorityset", coordinates_region & is_manual_set)
# One priority of a set; ``obj`` is the set.
rules.add_perm("strategy.delete_priority", coordinates_region & is_manual_set)

# Sessions: signed-in users follow them; ratings by helix are for the coordinators and moderators.
rules.add_perm("strategy.view_discoverysession", rules.is_authenticated)
rules.add_perm("strategy.add_discoverysession", coordinates_region)  # obj: the region
rules.add_perm("strategy.rate_discoverysession", represents_region_agent & is_open_session)
rules.add_perm("strategy.view_discoverysession_ratings", coordinates_region | is_moderator | is_administrator)
rules.add_perm("strategy.close_discoverysession", coordinates_region & is_open_session)
rules.add_perm("strategy.adopt_discoverysession", coordinates_region & is_closed_session)
