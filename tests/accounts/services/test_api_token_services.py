"""API tokens are made and revoked through services that write an audit-log row."""

import pytest
from django.core.exceptions import PermissionDenied
from rest_framework.authtoken.models import Token

from accounts.choices import SiteRole
from accounts.services import api_token_create, api_token_revoke
from audit.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def test_creating_a_token_replaces_the_old_one_and_is_logged_without_the_key(make_user):
    user = make_user()
    first = api_token_create(user=user, actor=user)

    second = api_token_create(user=user, actor=user)

    assert list(Token.objects.filter(user=user).values_list("key", flat=True)) == [second.key]
    entries = list(AuditLogEntry.objects.filter(action="api_token.created").order_by("id"))
    assert [(e.actor, e.target, e.data) for e in entries] == [(user, user, {}), (user, user, {"replaced": True})]
    assert first.key not in str(entries[1].data) and second.key not in str(entries[1].data)


def test_nobody_makes_a_token_for_someone_else(make_user):
    user, admin = make_user(), make_user(SiteRole.ADMINISTRATOR)

    with pytest.raises(PermissionDenied):
        api_token_create(user=user, actor=admin)

    assert not Token.objects.filter(user=user).exists()


def test_revoking_deletes_the_token_and_logs_why(make_user):
    user = make_user()
    api_token_create(user=user, actor=user)

    assert api_token_revoke(user=user, actor=user, reason="user") is True

    assert not Token.objects.filter(user=user).exists()
    entry = AuditLogEntry.objects.get(action="api_token.revoked")
    assert (entry.actor, entry.target, entry.data) == (user, user, {"reason": "user"})


def test_revoking_when_there_is_no_token_logs_nothing(make_user):
    user = make_user()

    assert api_token_revoke(user=user, actor=user, reason="user") is False

    assert not AuditLogEntry.objects.filter(action="api_token.revoked").exists()


def test_an_administrator_may_revoke_someone_elses_token_and_others_may_not(make_user):
    user, admin, moderator = make_user(), make_user(SiteRole.ADMINISTRATOR), make_user(SiteRole.MODERATOR)
    api_token_create(user=user, actor=user)

    with pytest.raises(PermissionDenied):
        api_token_revoke(user=user, actor=moderator, reason="user")
    assert api_token_revoke(user=user, actor=admin, reason="user") is True
