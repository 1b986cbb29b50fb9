import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import SiteRole
from accounts.models import RoleGrant
from accounts.services import role_grant, role_revoke
from audit.models import AuditLogEntry

pytestmark = pytest.mark.django_db


def test_administrators_grant_roles_and_every_grant_is_logged(make_user, lipetsk):
    admin, user = make_user("administrator"), make_user()

    role_grant(user=user, role=SiteRole.MODERATOR, actor=admin)
    role_grant(user=user, role=SiteRole.COORDINATOR, region=lipetsk, actor=admin)

    assert set(user.role_grants.values_list("role", "region__iso_code")) == {
        ("moderator", None),
        ("coordinator", "RU-LIP"),
    }
    entries = AuditLogEntry.objects.filter(action="role.granted", actor=admin).order_by("id")
    assert [e.data for e in entries] == [{"role": "moderator"}, {"role": "coordinator", "region": "RU-LIP"}]
    assert user.has_perm("cooperation.moderate_agents")


def test_granting_twice_is_one_grant_and_one_log_row(make_user):
    admin, user = make_user("administrator"), make_user()

    role_grant(user=user, role=SiteRole.ANALYST, actor=admin)
    role_grant(user=user, role=SiteRole.ANALYST, actor=admin)

    assert RoleGrant.objects.filter(user=user).count() == 1
    assert AuditLogEntry.objects.filter(action="role.granted").count() == 1


def test_a_coordinator_needs_a_region(make_user):
    with pytest.raises(ValidationError) as error:
        role_grant(user=make_user(), role=SiteRole.COORDINATOR, actor=make_user("administrator"))

    assert "region" in error.value.message_dict


def test_only_administrators_grant(make_user):
    moderator = make_user("moderator")

    with pytest.raises(PermissionDenied):
        role_grant(user=make_user(), role=SiteRole.ADMINISTRATOR, actor=moderator)


def test_the_administrator_role_opens_the_admin_site_and_revoking_closes_it(make_user, client):
    admin, user = make_user("administrator"), make_user()

    grant = role_grant(user=user, role=SiteRole.ADMINISTRATOR, actor=admin)
    client.force_login(user)
    assert client.get("/admin/").status_code == 200

    role_revoke(grant=grant, actor=admin)
    user.refresh_from_db()
    assert not user.is_staff and not user.is_superuser
    assert client.get("/admin/").status_code == 302
    assert AuditLogEntry.objects.filter(action="role.revoked", data__role="administrator").exists()
