from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from analytics.models import Observation, Snapshot
from cooperation.models import Agent

pytestmark = pytest.mark.django_db


def test_setup_portal_brings_everything_in_one_run_and_a_second_run_changes_nothing(reference_data):
    # when the production set-up runs twice
    call_command("setup_portal", "--no-demo", stdout=StringIO())
    first = (Observation.objects.count(), Snapshot.objects.count())
    out = StringIO()
    call_command("setup_portal", "--no-demo", stdout=out)

    # then the shipped statistics and one current snapshot exist, and nothing was added
    assert first[0] > 20_000
    assert (Observation.objects.count(), Snapshot.objects.count()) == first
    assert Snapshot.objects.filter(is_current=True, status="complete").count() == 1
    assert "regions: 0 created" in out.getvalue()
    # and production gets no demo accounts
    assert not User.objects.filter(email__endswith="@spiral.example").exists()
    assert not Agent.objects.exists()


def test_setup_portal_loads_the_demo_by_default(reference_data):
    out = StringIO()

    call_command("setup_portal", stdout=out)

    assert "Demo log-ins" in out.getvalue()
    assert User.objects.filter(email="analyst@spiral.example").exists()
