"""Who may do what in the analytics app. Reading analytics is open data: no rule, no log-in."""

import rules

from accounts.predicates import is_administrator, is_analyst

manages_data = is_analyst | is_administrator

rules.add_perm("analytics.import_data", manages_data)
rules.add_perm("analytics.edit_concordance", manages_data)
rules.add_perm("analytics.recompute", manages_data)
rules.add_perm("analytics.view_data_bank", manages_data)
