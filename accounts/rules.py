"""Who may manage accounts and roles. Loaded by rules' autodiscovery."""

import rules

from .predicates import is_administrator, is_same_user

rules.add_perm("accounts.grant_role", is_administrator)
rules.add_perm("accounts.view_rolegrant", is_administrator)
rules.add_perm("audit.view_auditlogentry", is_administrator)
rules.add_perm("accounts.revoke_api_token", is_same_user | is_administrator)
