import pytest

from audit.models import AuditLogEntry
from audit.services import audit_log

pytestmark = pytest.mark.django_db


def test_an_action_without_a_target_is_logged(make_user):
    actor = make_user()

    entry = audit_log(actor=actor, action="analytics.recomputed", rows=12)

    entry.refresh_from_db()
    assert (entry.actor, entry.target_repr, entry.target_id, entry.data) == (actor, "", "", {"rows": 12})


def test_an_action_on_an_object_records_what_it_was(make_user):
    actor, user = make_user(), make_user(full_name="Ирина")

    audit_log(actor=actor, action="role.granted", target=user, role="moderator", region=None)

    entry = AuditLogEntry.objects.get()
    assert entry.target == user
    assert entry.target_repr == "Ирина"
    assert entry.data == {"role": "moderator"}  # empty details are left out


def test_anonymous_actors_are_recorded_as_nobody():
    from django.contrib.auth.models import AnonymousUser

    entry = audit_log(actor=AnonymousUser(), action="x")

    assert entry.actor is None
