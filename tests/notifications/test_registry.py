"""The catalogue of events users can switch on and off."""

import pytest

from cooperation.notifications import AGENT_TEMPLATES, PROJECT_TEMPLATES, template_exists
from notifications import registry


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(registry, "_EVENTS", {})


def test_registering_an_event_twice_keeps_one_with_the_latest_label(clean_registry):
    registry.register_event("demo/email/one", label="First")
    registry.register_event("demo/email/two", label="Second")
    registry.register_event("demo/email/one", label="First, renamed")

    assert [(e.key, e.label) for e in registry.events()] == [
        ("demo/email/one", "First, renamed"),
        ("demo/email/two", "Second"),
    ]
    assert registry.is_registered("demo/email/two")
    assert registry.get_event("demo/email/none") is None


def test_an_event_needs_a_key(clean_registry):
    with pytest.raises(ValueError, match="key"):
        registry.register_event("", label="Nothing")


def test_every_cooperation_event_is_registered_with_a_label_and_has_its_texts():
    registered = {event.key: event for event in registry.events()}

    for template in (*PROJECT_TEMPLATES, *AGENT_TEMPLATES):
        assert template in registered
        assert str(registered[template].label)
        assert template_exists(template), template


def test_events_are_listed_in_registration_order_without_duplicates():
    keys = [event.key for event in registry.events()]

    assert len(keys) == len(set(keys))
    assert keys.index("cooperation/email/project_submitted") < keys.index("cooperation/email/project_approved")
