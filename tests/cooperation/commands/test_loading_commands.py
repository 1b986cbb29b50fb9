"""The loading commands on a database without the demo (``test_demo_data.py`` loads it once for its module)."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cooperation.choices import ProjectState
from cooperation.models import Milestone, Project

pytestmark = pytest.mark.django_db


def test_reference_data_command_is_idempotent(reference_data):
    out = StringIO()

    call_command("load_reference_data", stdout=out)

    assert "regions: 0 created, 0 updated, 85 unchanged" in out.getvalue()


def test_demo_dates_follow_the_day_it_is_loaded(reference_data, monkeypatch):
    """Loaded on another day (here a leap-year month end), the timeline still fits: done steps lie in the past."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2028, 2, 29))

    call_command("load_demo_data", stdout=StringIO())

    assert Milestone.objects.filter(done_on__gt=datetime.date(2028, 2, 29)).count() == 0
    assert Project.objects.filter(state=ProjectState.PUBLISHED, starts_on__gt=datetime.date(2028, 2, 29)).exists()
