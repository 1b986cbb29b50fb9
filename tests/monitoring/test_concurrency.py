"""Concurrent writes on PostgreSQL: the project row lock serialises them (run by ``make test-integration``)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cooperation.choices import ProjectState
from cooperation.services.projects import project_complete
from core.exceptions import InvalidStateError
from monitoring.models import ClosingReport, IndicatorValue
from monitoring.services import closing_report_save, indicator_value_record
from notifications.models import Notification
from tests.concurrency import race as _race
from tests.monitoring.factories import EffectFactory, IndicatorFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def postgres(transactional_db):
    # Skipped rather than failed on SQLite, so that `pytest tests/monitoring` stays usable; the integration
    # pass (`make test-integration`) runs on PostgreSQL, and tests/integration fails loudly without it.
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (run `make test-integration`)")


def test_the_same_date_recorded_twice_at_once_makes_one_value(postgres, project, lead_member, lead_admin):
    indicator = IndicatorFactory(effect=EffectFactory(project=project))
    on = datetime.date(2025, 3, 31)

    results = _race(
        [
            lambda actor=actor, value=value: indicator_value_record(
                indicator=indicator, actor=actor, date=on, value=Decimal(value)
            )
            for actor, value in ((lead_member, 120), (lead_admin, 130))
        ]
    )

    assert IndicatorValue.objects.filter(indicator=indicator, date=on).count() == 1
    assert sum(isinstance(result, IndicatorValue) for result in results) == 1
    refused = next(result for result in results if isinstance(result, ValidationError))
    assert list(refused.message_dict) == ["date"]


def test_a_value_recorded_while_the_project_completes_lands_before_or_not_at_all(
    postgres, project, lead_member, lead_admin
):
    indicator = IndicatorFactory(effect=EffectFactory(project=project))

    results = _race(
        [
            lambda: indicator_value_record(
                indicator=indicator, actor=lead_member, date=datetime.date(2025, 3, 31), value=Decimal(150)
            ),
            lambda: project_complete(project=project, actor=lead_admin),
        ]
    )

    project.refresh_from_db()
    assert project.state == ProjectState.COMPLETED
    recorded, _completed = results
    if isinstance(recorded, IndicatorValue):
        assert IndicatorValue.objects.filter(indicator=indicator).count() == 1
    else:
        assert isinstance(recorded, InvalidStateError) and recorded.state == ProjectState.COMPLETED
        assert not IndicatorValue.objects.exists()


def test_publishing_the_report_twice_at_once_makes_one_report_and_one_round_of_notifications(
    postgres, make_project, lead_member, lead_admin, partner_member
):
    completed = make_project(ProjectState.COMPLETED)

    results = _race(
        [
            lambda actor=actor: closing_report_save(
                project=completed, actor=actor, lessons_learned="Урок", is_published=True
            )
            for actor in (lead_member, lead_admin)
        ]
    )

    assert all(isinstance(result, ClosingReport) for result in results), results
    assert ClosingReport.objects.filter(project=completed).count() == 1
    # the first publication notifies; the second finds the report published already
    assert Notification.objects.filter(recipient=partner_member).count() == 1
