"""Recording dated actual values: only the lead's members, only while the project is active, one per date."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditLogEntry
from cooperation.choices import ProjectState
from core.exceptions import InvalidStateError
from monitoring.models import IndicatorValue
from monitoring.services import indicator_value_record, indicator_value_remove, indicator_value_update
from tests.monitoring.factories import EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 9, 1)


@pytest.fixture
def indicator(project):
    return IndicatorFactory(effect=EffectFactory(project=project))


def record(indicator, actor, **fields):
    data = {"date": datetime.date(2025, 3, 31), "value": Decimal("125.5"), "note": " первый квартал ", **fields}
    return indicator_value_record(indicator=indicator, actor=actor, today=TODAY, **data)


def test_the_leads_member_records_a_dated_value(indicator, lead_member):
    value = record(indicator, lead_member)

    value.refresh_from_db()
    assert (value.date, value.value, value.note, value.recorded_by) == (
        datetime.date(2025, 3, 31),
        Decimal("125.5"),
        "первый квартал",
        lead_member,
    )
    entry = AuditLogEntry.objects.get(action="monitoring.value_recorded")
    assert entry.actor == lead_member
    assert entry.data["value"] == "125.5"
    assert entry.data["date"] == "2025-03-31"
    assert indicator.progress == Decimal("0.255")


@pytest.mark.parametrize("state", [state for state in ProjectState.values if state != ProjectState.ACTIVE], ids=str)
def test_values_are_recorded_only_while_the_project_is_active(make_project, lead_member, state):
    indicator = IndicatorFactory(effect=EffectFactory(project=make_project(state)))

    with pytest.raises(InvalidStateError) as error:
        record(indicator, lead_member)

    assert error.value.state == state
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("who", ["partner_member", "outsider", "moderator"])
def test_only_the_leads_members_record_values(indicator, who, request):
    with pytest.raises(PermissionDenied):
        record(indicator, request.getfixturevalue(who))

    assert not IndicatorValue.objects.exists()


def test_the_lead_agents_administrator_records_values_too(indicator, lead_admin):
    assert record(indicator, lead_admin).recorded_by == lead_admin


def test_a_value_dated_in_the_future_is_refused(indicator, lead_member):
    with pytest.raises(ValidationError) as error:
        record(indicator, lead_member, date=TODAY + datetime.timedelta(days=1))

    assert list(error.value.message_dict) == ["date"]


def test_today_is_fine(indicator, lead_member):
    assert record(indicator, lead_member, date=TODAY).date == TODAY


def test_a_value_dated_before_the_actual_start_is_refused(make_project, lead_member):
    project = make_project(
        ProjectState.ACTIVE, starts_on=datetime.date(2025, 2, 1), started_on=datetime.date(2025, 2, 10)
    )
    indicator = IndicatorFactory(effect=EffectFactory(project=project))

    with pytest.raises(ValidationError) as error:
        record(indicator, lead_member, date=datetime.date(2025, 2, 9))
    on_the_first_day = record(indicator, lead_member, date=datetime.date(2025, 2, 10))

    assert list(error.value.message_dict) == ["date"]
    assert "10.02.2025" in error.value.message_dict["date"][0]
    assert on_the_first_day.pk


def test_a_project_started_before_its_planned_start_takes_values_from_the_actual_start(make_project, lead_member):
    """Issue #12: a project planned from 01.02.2027 but started on 01.06.2025 records values dated after that day."""
    project = make_project(
        ProjectState.ACTIVE, starts_on=datetime.date(2027, 2, 1), started_on=datetime.date(2025, 6, 1)
    )
    indicator = IndicatorFactory(effect=EffectFactory(project=project))

    value = record(indicator, lead_member, date=datetime.date(2025, 6, 1))

    assert value.date == datetime.date(2025, 6, 1)
    with pytest.raises(ValidationError) as error:
        record(indicator, lead_member, date=datetime.date(2025, 9, 2))  # TODAY is 01.09.2025
    assert list(error.value.message_dict) == ["date"]


def test_re_entering_a_date_is_an_error_that_says_to_edit(indicator, lead_member):
    record(indicator, lead_member)

    with pytest.raises(ValidationError) as error:
        record(indicator, lead_member, value=Decimal(130))

    assert list(error.value.message_dict) == ["date"]
    assert "31.03.2025" in error.value.message_dict["date"][0]
    assert IndicatorValue.objects.get().value == Decimal("125.5")


def test_the_same_date_on_another_indicator_is_fine(indicator, lead_member):
    other = IndicatorFactory(effect=indicator.effect)

    record(indicator, lead_member)
    record(other, lead_member)

    assert IndicatorValue.objects.count() == 2


@pytest.mark.parametrize(("fields", "field"), [({"value": Decimal("1e20")}, "value"), ({"note": "x" * 501}, "note")])
def test_bad_values_name_their_field(indicator, lead_member, fields, field):
    with pytest.raises(ValidationError) as error:
        record(indicator, lead_member, **fields)

    assert list(error.value.message_dict) == [field]


def test_correcting_a_value_is_an_edit_recorded_in_the_audit_log(indicator, lead_member):
    value = record(indicator, lead_member)

    indicator_value_update(indicator_value=value, actor=lead_member, value=Decimal(140), today=TODAY)

    value.refresh_from_db()
    assert value.value == Decimal(140)
    entry = AuditLogEntry.objects.get(action="monitoring.value_corrected")
    assert entry.data["before"] == {"value": "125.5"}
    assert entry.data["after"] == {"value": "140"}


def test_moving_a_value_onto_a_date_already_recorded_is_refused(indicator, lead_member):
    first = record(indicator, lead_member, date=datetime.date(2025, 3, 31))
    second = record(indicator, lead_member, date=datetime.date(2025, 6, 30))

    with pytest.raises(ValidationError) as error:
        indicator_value_update(indicator_value=second, actor=lead_member, date=first.date, today=TODAY)
    with pytest.raises(ValidationError) as future:
        indicator_value_update(indicator_value=second, actor=lead_member, date=datetime.date(2026, 1, 1), today=TODAY)

    assert list(error.value.message_dict) == ["date"]
    assert list(future.value.message_dict) == ["date"]
    second.refresh_from_db()
    assert second.date == datetime.date(2025, 6, 30)


def test_values_are_frozen_once_the_project_is_completed(indicator, lead_member, project):
    value = IndicatorValueFactory(indicator=indicator)
    project.state = ProjectState.COMPLETED
    project.save(update_fields=["state"])

    with pytest.raises(InvalidStateError):
        indicator_value_update(indicator_value=value, actor=lead_member, value=Decimal(1), today=TODAY)
    with pytest.raises(InvalidStateError):
        indicator_value_remove(indicator_value=value, actor=lead_member)

    assert IndicatorValue.objects.get().value == Decimal(150)


def test_a_value_recorded_by_mistake_is_removed(indicator, lead_member, partner_member):
    value = IndicatorValueFactory(indicator=indicator)

    with pytest.raises(PermissionDenied):
        indicator_value_remove(indicator_value=value, actor=partner_member)
    indicator_value_remove(indicator_value=value, actor=lead_member)

    assert not IndicatorValue.objects.exists()
    assert AuditLogEntry.objects.get(action="monitoring.value_removed").data["value"] == "150"
