"""Who may do what with notifications — declared once, used by pages and API alike.

Notifications are private: a user sees, and marks read, only their own (anyone
else's answers 404); every signed-in user has their own settings.
"""

import rules

from .predicates import is_recipient

rules.add_perm("notifications.list_notification", rules.is_authenticated)
rules.add_perm("notifications.view_notification", rules.is_authenticated & is_recipient)
rules.add_perm("notifications.change_notification", rules.is_authenticated & is_recipient)
rules.add_perm("notifications.view_notificationsetting", rules.is_authenticated)
rules.add_perm("notifications.change_notificationsetting", rules.is_authenticated)
