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


def test_counted_indicators_get_whole_numbers(make_project, lead_member):
    # given a scientific project ("шт.": 2 → 12 and 0 → 4) and an educational one ("чел.": 0 → 60, 30 → 150)
    project = make_project(
        ProjectState.ACTIVE,
        starts_on=datetime.date(2024, 9, 1),
        cooperation_types=[CooperationType.SCIENTIFIC, CooperationType.EDUCATIONAL],
    )

    # when the demo records three values of each
    demo_monitoring_for(project, actor=lead_member, today=TODAY)

    # then nobody reads "2,2 шт." (0 + 4 × 0.55) or "4,5 шт." (2 + 10 × 0.25)
    values = IndicatorValue.objects.filter(indicator__effect__project=project).select_related("indicator")
    assert {value.indicator.unit for value in values} == {"шт.", "чел."}
    assert sorted(value.value for value in values if value.indicator.name_en == "Developments put into use") == [
        1,
        2,
        3,
    ]
    assert all(value.value == value.value.to_integral_value() for value in values)


def test_demo_value_rounds_counts_and_keeps_other_units():
    from decimal import Decimal

    from monitoring.demo import demo_value

    assert demo_value(Decimal("2"), Decimal("12"), Decimal("0.25"), "шт.") == Decimal("5")  # 4.5, rounded half up
    assert demo_value(Decimal("0"), Decimal("4"), Decimal("0.55"), "шт.") == Decimal("2")  # 2.2
    assert demo_value(Decimal("0"), Decimal("60"), Decimal("0.8"), "чел.") == Decimal("48")
    assert demo_value(Decimal("60"), Decimal("20"), Decimal("0.55"), "дней") == Decimal("38")  # 60 − 40 × 0.55
    assert demo_value(Decimal("12"), Decimal("35"), Decimal("0.25"), "%") == Decimal("17.75")
    assert demo_value(Decimal("40"), Decimal("120"), Decimal("0.55"), "млн руб.") == Decimal("84")
