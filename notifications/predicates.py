"""Predicates about notifications, composed into permissions in ``rules.py``."""

import rules


@rules.predicate
def is_recipient(user, notification) -> bool:
    """The notification was sent to the user."""
    return notification is not None and getattr(user, "pk", None) is not None and notification.recipient_id == user.pk
