from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from .models import AuditLogEntry


def audit_log(
    *, actor: AbstractBaseUser | AnonymousUser | None, action: str, target: models.Model | None = None, **data: Any
) -> AuditLogEntry:
    """Record that ``actor`` did ``action`` to ``target``; call it inside the change's transaction."""
    # audit sits below accounts, so the actor is typed by Django's base class and stored by id;
    # an anonymous visitor or a system task (None) leaves the column empty.
    entry = AuditLogEntry(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        target_repr=str(target)[:300] if target is not None else "",
        data={key: value for key, value in data.items() if value is not None},
    )
    if target is not None:  # an action on the site as a whole (a recomputation, say) has no target
        entry.target = target
    entry.save()
    return entry
