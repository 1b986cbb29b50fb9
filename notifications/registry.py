"""The catalogue of notification events that users can switch on and off.

Each app registers its events in its ``AppConfig.ready()``::

    from notifications.registry import register_event
    register_event("cooperation/email/project_approved", label=_("A project I lead was approved"))

The key is the template prefix passed to ``notifications.services.notify``
(``templates/<key>_subject.txt`` and ``_body.txt``). Registering the same key
twice keeps one event (the latest label wins), so ``ready()`` may run more than
once (tests, autoreload) without duplicates.
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    """One kind of notification: its template key and a label (lazy translation) shown in the settings."""

    key: str
    label: Any


_EVENTS: dict[str, Event] = {}


def register_event(key: str, *, label: Any) -> None:
    """Add ``key`` to the catalogue (idempotent; re-registering replaces the label)."""
    if not key or not isinstance(key, str):
        raise ValueError("An event key must be a non-empty string.")
    _EVENTS[key] = Event(key=key, label=label)


def events() -> list[Event]:
    """Every registered event, in registration order."""
    return list(_EVENTS.values())


def get_event(key: str) -> Event | None:
    """The event registered under ``key``, or ``None``."""
    return _EVENTS.get(key)


def is_registered(key: str) -> bool:
    """Whether ``key`` is a registered event."""
    return key in _EVENTS
