"""Declaring effects and indicators: who, in which states, and what is validated."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditLogEntry
from cooperation.choices import ProjectState
from core.exceptions import InvalidStateError
from monitoring.choices import EffectType, IndicatorDirection
from monitoring.models import Effect, Indicator
from monitoring.services import (
    effect_add,
    effect_remove,
    effect_update,
    indicator_add,
    indicator_remove,
    indicator_update,
)
from tests.monitoring.factories import EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db

PLANNING = [ProjectState.DRAFT, ProjectState.CHANGES_REQUESTED, ProjectState.PUBLISHED, ProjectState.ACTIVE]
FROZEN = [ProjectState.SUBMITTED, ProjectState.REJECTED, ProjectState.COMPLETED, ProjectState.ARCHIVED]


@pytest.mark.parametrize("state", PLANNING)
def test_the_leads_member_declares_an_effect_while_the_project_is_planned_or_under_way(
    make_project, lead_member, state
):
    project = make_project(state)

    effect = effect_add(project=project, actor=lead_member, effect_type=EffectType.NETWORK, description=" Связи ")

    assert Effect.objects.get(project=project).type == EffectType.NETWORK
    assert effect.description == "Связи"
    entry = AuditLogEntry.objects.get(action="monitoring.effect_added")
    assert entry.actor == lead_member
    assert entry.data == {"project": project.pk, "type": "network"}


@pytest.mark.parametrize("state", FROZEN)
def test_effects_are_frozen_in_moderation_and_after_the_project(make_project, lead_member, state):
    project = make_project(state)

    with pytest.raises(InvalidStateError) as error:
        effect_add(project=project, actor=lead_member, effect_type=EffectType.SOCIAL)

    assert error.value.state == state
    assert not Effect.objects.exists()


@pytest.mark.parametrize("who", ["partner_member", "outsider", "moderator"])
def test_only_the_leads_members_declare_effects(project, who, request):
    with pytest.raises(PermissionDenied):
        effect_add(project=project, actor=request.getfixturevalue(who), effect_type=EffectType.SOCIAL)

    assert not Effect.objects.exists()


def test_the_state_is_checked_before_the_role(make_project, outsider):
    with pytest.raises(InvalidStateError):
        effect_add(project=make_project(ProjectState.COMPLETED), actor=outsider, effect_type=EffectType.SOCIAL)


def test_each_type_of_effect_once_per_project(project, lead_member):
    effect_add(project=project, actor=lead_member, effect_type=EffectType.SOCIAL)

    with pytest.raises(ValidationError) as error:
        effect_add(project=project, actor=lead_member, effect_type=EffectType.SOCIAL)

    assert list(error.value.message_dict) == ["type"]
    assert Effect.objects.count() == 1


def test_unknown_type_of_effect_is_a_field_error(project, lead_member):
    with pytest.raises(ValidationError) as error:
        effect_add(project=project, actor=lead_member, effect_type="magic")

    assert list(error.value.message_dict) == ["type"]


def test_effect_description_is_rewritten_and_audited(project, lead_member):
    effect = EffectFactory(project=project)

    effect_update(effect=effect, actor=lead_member, description="Новые рабочие места")

    effect.refresh_from_db()
    assert effect.description == "Новые рабочие места"
    assert AuditLogEntry.objects.filter(action="monitoring.effect_updated").count() == 1


def test_an_effect_is_removed_with_its_indicators(project, lead_member):
    effect = EffectFactory(project=project)
    IndicatorFactory(effect=effect)

    effect_remove(effect=effect, actor=lead_member)

    assert not Effect.objects.exists()
    assert not Indicator.objects.exists()
    assert AuditLogEntry.objects.get(action="monitoring.effect_removed").data == {"type": "economic"}


def test_an_effect_with_recorded_values_is_kept(project, lead_member):
    effect = EffectFactory(project=project)
    IndicatorValueFactory(indicator=IndicatorFactory(effect=effect))

    with pytest.raises(ValidationError):
        effect_remove(effect=effect, actor=lead_member)

    assert Effect.objects.filter(pk=effect.pk).exists()


# --- Indicators.


def test_the_leads_member_adds_an_indicator(project, lead_member):
    effect = EffectFactory(project=project)

    indicator = indicator_add(
        effect=effect,
        actor=lead_member,
        name_ru="Число совместных публикаций",
        unit="шт.",
        baseline=Decimal(3),
        target=Decimal(12),
    )

    indicator.refresh_from_db()
    assert (indicator.name, indicator.unit, indicator.baseline, indicator.target) == (
        "Число совместных публикаций",
        "шт.",
        Decimal(3),
        Decimal(12),
    )
    assert indicator.direction == IndicatorDirection.INCREASE
    assert AuditLogEntry.objects.get(action="monitoring.indicator_added").data["baseline"] == "3"


def test_a_target_below_the_baseline_means_the_indicator_should_fall(project, lead_member):
    indicator = indicator_add(
        effect=EffectFactory(project=project),
        actor=lead_member,
        name_en="Energy use",
        unit="MWh",
        baseline=Decimal(50),
        target=Decimal(40),
    )

    assert indicator.direction == IndicatorDirection.DECREASE


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name_ru": " ", "name_en": ""}, "name_ru"),
        ({"unit": " "}, "unit"),
        ({"target": Decimal(100)}, "target"),
        ({"baseline": Decimal("1e20")}, "baseline"),
    ],
)
def test_indicator_errors_name_their_field(project, lead_member, fields, field):
    data = {"name_ru": "Выручка", "unit": "млн руб.", "baseline": Decimal(100), "target": Decimal(200), **fields}

    with pytest.raises(ValidationError) as error:
        indicator_add(effect=EffectFactory(project=project), actor=lead_member, **data)

    assert field in error.value.message_dict
    assert not Indicator.objects.exists()


def test_indicators_follow_the_rules_of_effects(make_project, lead_member, partner_member):
    completed = EffectFactory(project=make_project(ProjectState.COMPLETED))
    active = EffectFactory(project=make_project(ProjectState.ACTIVE))
    data = {"name_ru": "Выручка", "unit": "млн руб.", "baseline": Decimal(1), "target": Decimal(2)}

    with pytest.raises(InvalidStateError):
        indicator_add(effect=completed, actor=lead_member, **data)
    with pytest.raises(PermissionDenied):
        indicator_add(effect=active, actor=partner_member, **data)


def test_names_unit_and_target_change_after_values_but_not_the_baseline(project, lead_member):
    indicator = IndicatorFactory(effect=EffectFactory(project=project))
    IndicatorValueFactory(indicator=indicator)

    indicator_update(indicator=indicator, actor=lead_member, name_en="Revenue", unit="bn roubles", target=Decimal(300))
    with pytest.raises(ValidationError) as error:
        indicator_update(indicator=indicator, actor=lead_member, baseline=Decimal(90))

    indicator.refresh_from_db()
    assert (indicator.name_en, indicator.unit, indicator.target, indicator.baseline) == (
        "Revenue",
        "bn roubles",
        Decimal(300),
        Decimal(100),
    )
    assert list(error.value.message_dict) == ["baseline"]
    assert AuditLogEntry.objects.get(action="monitoring.indicator_updated").data["fields"] == [
        "name_en",
        "target",
        "unit",
    ]


def test_the_baseline_changes_before_the_first_value(project, lead_member):
    indicator = IndicatorFactory(effect=EffectFactory(project=project))

    indicator_update(indicator=indicator, actor=lead_member, baseline=Decimal(90))

    indicator.refresh_from_db()
    assert indicator.baseline == Decimal(90)


def test_a_target_equal_to_the_baseline_is_refused_on_update(project, lead_member):
    indicator = IndicatorFactory(effect=EffectFactory(project=project))

    with pytest.raises(ValidationError) as error:
        indicator_update(indicator=indicator, actor=lead_member, target=Decimal(100))

    assert list(error.value.message_dict) == ["target"]
    indicator.refresh_from_db()
    assert indicator.target == Decimal(200)


def test_an_indicator_without_values_is_removed_and_one_with_values_is_kept(project, lead_member):
    empty = IndicatorFactory(effect=EffectFactory(project=project))
    measured = IndicatorFactory(effect=empty.effect)
    IndicatorValueFactory(indicator=measured)

    indicator_remove(indicator=empty, actor=lead_member)
    with pytest.raises(ValidationError):
        indicator_remove(indicator=measured, actor=lead_member)

    assert list(Indicator.objects.all()) == [measured]
    assert AuditLogEntry.objects.filter(action="monitoring.indicator_removed").count() == 1
