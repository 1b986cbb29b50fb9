"""The demo monitoring goes through the services and can run twice."""

import datetime

import pytest

from cooperation.choices import CooperationType, ProjectState
from monitoring.demo import demo_closing_report_for, demo_monitoring_for
from monitoring.models import ClosingReport, Effect, Indicator, IndicatorValue

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 10, 1)


def test_an_active_project_gets_effects_indicators_and_values(make_project, lead_member):
    project = make_project(
        ProjectState.ACTIVE,
        starts_on=datetime.date(2024, 9, 1),
        cooperation_types=[CooperationType.SCIENTIFIC, CooperationType.PRODUCTION],
    )

    demo_monitoring_for(project, actor=lead_member, today=TODAY)
    demo_monitoring_for(project, actor=lead_member, today=TODAY)

    assert Effect.objects.filter(project=project).count() == 4
    assert Indicator.objects.filter(effect__project=project).count() == 4
    assert IndicatorValue.objects.filter(indicator__effect__project=project).count() == 12
    assert all(0 < indicator.progress < 1 for indicator in Indicator.objects.all())


def test_a_published_project_gets_effects_without_values(make_project, lead_member):
    project = make_project(ProjectState.PUBLISHED, cooperation_types=[CooperationType.EDUCATIONAL])

    demo_monitoring_for(project, actor=lead_member, today=TODAY)

    assert Effect.objects.filter(project=project).count() == 2
    assert not IndicatorValue.objects.exists()


def test_a_completed_project_gets_a_published_report_once(make_project, lead_member):
    project = make_project(ProjectState.COMPLETED)

    demo_closing_report_for(project, actor=lead_member)
    demo_closing_report_for(project, actor=lead_member)

    report = ClosingReport.objects.get(project=project)
    assert report.is_published and report.lessons_learned
