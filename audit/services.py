from typing import Any

from django.db import models

from .models import AuditLogEntry


def audit_log(*, actor: Any, action: str, target: models.Model | None = None, **data: Any) -> AuditLogEntry:
    """Record that ``actor`` did ``action`` to ``target``; call it inside the change's transaction."""
    entry = AuditLogEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_repr=str(target)[:300] if target is not None else "",
        data={key: value for key, value in data.items() if value is not None},
    )
    if target is not None:  # an action on the site as a whole (a recomputation, say) has no target
        entry.target = target
    entry.save()
    return entry
