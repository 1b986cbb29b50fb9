from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import RoleGrant, User
from audit.models import AuditLogEntry
from cooperation.models import Agent, AgentMembership

pytestmark = pytest.mark.django_db


def _counts():
    return (
        User.objects.count(),
        RoleGrant.objects.count(),
        Agent.objects.count(),
        AgentMembership.objects.count(),
        AuditLogEntry.objects.count(),
    )


def test_demo_data_gives_one_log_in_per_role_and_a_second_run_adds_nothing(reference_data, client):
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    first = _counts()
    call_command("load_demo_data", stdout=StringIO())

    assert _counts() == first
    printed = out.getvalue()
    for email in ["admin@", "moderator@", "coordinator@", "analyst@", "agentadmin@", "representative@", "member@"]:
        assert f"{email}spiral.example" in printed
    # the printed log-ins work
    assert client.login(email="moderator@spiral.example", password="spiral-demo-2026")
    # every helix is present and some agents wait for verification
    assert set(Agent.objects.values_list("helix", flat=True)) == {"government", "business", "science", "civil"}
    assert Agent.objects.filter(is_verified=False).exists()
    assert AgentMembership.objects.filter(status="pending").exists()


def test_reference_data_command_is_idempotent(reference_data):
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert "regions: 0 created, 0 updated, 85 unchanged" in out.getvalue()
