from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from audit.models import AuditLogEntry
from core.exceptions import InvalidStateError
from levels.models import Interaction, PairLevel, RegionLevel
from levels.services import (
    interaction_confirm,
    interaction_record,
    interaction_restore,
    interaction_update,
    interaction_withdraw,
)
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.levels.factories import InteractionFactory

pytestmark = pytest.mark.django_db


def record(actor, participants, **fields):
    data = {
        "title": "Совещание",
        "kind": "meeting",
        "occurred_on": date(2024, 3, 1),
        "cooperation_types": ["scientific"],
        "today": date(2025, 1, 1),
    }
    data.update(fields)
    return interaction_record(actor=actor, participants=participants, **data)


def confirmed(actor, participants, **fields):
    """Recorded by ``actor`` and confirmed by a coordinator of another participating region: it counts."""
    interaction = record(actor, participants, **fields)
    other = next(agent.region for agent in participants if agent.region_id != interaction.recorder_region_id)
    confirmer = UserFactory()
    grant(confirmer, "coordinator", region=other)
    return interaction_confirm(interaction=interaction, actor=confirmer)


def test_a_member_records_an_exchange_of_their_agent_with_another_region_and_once_confirmed_the_levels_follow(
    member, lipetsk_agent, voronezh_agent, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        interaction = confirmed(member, [lipetsk_agent, voronezh_agent])
    # then
    assert set(interaction.participants.all()) == {lipetsk_agent, voronezh_agent}
    assert interaction.recorded_by == member
    assert AuditLogEntry.objects.filter(action="interaction.recorded", target_id=str(interaction.pk)).exists()
    pair = PairLevel.objects.get()
    assert (pair.region_a, pair.region_b) == tuple(sorted([lipetsk, voronezh], key=lambda r: r.pk))
    assert (pair.level, pair.reached_on, pair.lost_on) == (1, date(2024, 3, 1), None)
    assert pair.evidence == [{"kind": "interaction", "id": interaction.pk, "date": "2024-03-01", "level": 1}]
    assert set(RegionLevel.objects.values_list("region__iso_code", "level")) == {("RU-LIP", 1), ("RU-VOR", 1)}


def test_a_coordinator_records_an_exchange_of_an_agent_of_their_region(coordinator, lipetsk_agent, voronezh_agent):
    interaction = record(coordinator, [lipetsk_agent, voronezh_agent])
    assert interaction.pk


def test_a_coordinator_cannot_record_an_exchange_between_other_regions(coordinator, lipetsk_agent, tambov_agent):
    with pytest.raises(ValidationError) as error:
        record(coordinator, [lipetsk_agent, tambov_agent])
    assert "participants" in error.value.message_dict
    assert not Interaction.objects.exists()


def test_a_moderator_records_any_exchange(moderator, lipetsk_agent, tambov_agent):
    assert record(moderator, [lipetsk_agent, tambov_agent]).pk


def test_a_user_without_role_or_agent_may_not_record(outsider, lipetsk_agent, voronezh_agent):
    with pytest.raises(PermissionDenied):
        record(outsider, [lipetsk_agent, voronezh_agent])


def test_the_participants_must_span_two_regions(member, lipetsk_agent, lipetsk):
    with pytest.raises(ValidationError) as error:
        record(member, [lipetsk_agent, AgentFactory(region=lipetsk)])
    assert error.value.message_dict == {
        "participants": [gettext("Choose organisations of at least two different regions.")]
    }


def test_unverified_agents_cannot_take_part(member, lipetsk_agent, voronezh):
    with pytest.raises(ValidationError) as error:
        record(member, [lipetsk_agent, AgentFactory(region=voronezh, is_verified=False)])
    assert "participants" in error.value.message_dict


def test_an_exchange_cannot_be_in_the_future(member, lipetsk_agent, voronezh_agent):
    with pytest.raises(ValidationError) as error:
        record(member, [lipetsk_agent, voronezh_agent], occurred_on=date(2025, 1, 2))
    assert "occurred_on" in error.value.message_dict


def test_unknown_cooperation_types_are_refused(member, lipetsk_agent, voronezh_agent):
    with pytest.raises(ValidationError) as error:
        record(member, [lipetsk_agent, voronezh_agent], cooperation_types=["magic"])
    assert "cooperation_types" in error.value.message_dict


def test_a_member_corrects_the_date_and_the_first_reach_moves(
    member, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interaction = confirmed(member, [lipetsk_agent, voronezh_agent])
    with django_capture_on_commit_callbacks(execute=True):
        interaction_update(interaction=interaction, actor=member, occurred_on=date(2023, 5, 5), today=date(2025, 1, 1))
    # what Voronezh confirmed has changed: it waits for their word again, and counts for nothing meanwhile
    interaction.refresh_from_db()
    assert interaction.status == "pending" and not PairLevel.objects.exists()
    confirmer = UserFactory()
    grant(confirmer, "coordinator", region=voronezh_agent.region)
    with django_capture_on_commit_callbacks(execute=True):
        interaction_confirm(interaction=interaction, actor=confirmer)
    assert PairLevel.objects.get().reached_on == date(2023, 5, 5)
    entry = AuditLogEntry.objects.get(action="interaction.updated")
    assert entry.data["fields"] == ["occurred_on"]


def test_others_may_not_correct(member, outsider, coordinator, lipetsk_agent, tambov_agent, tambov):
    interaction = record(member, [lipetsk_agent, tambov_agent])
    for user in (outsider, coordinator):  # the coordinator of Voronezh has nothing to do with it
        with pytest.raises(PermissionDenied):
            interaction_update(interaction=interaction, actor=user, title="Другое")


def test_a_member_cannot_move_an_exchange_out_of_their_reach(member, lipetsk_agent, voronezh_agent, tambov_agent):
    interaction = record(member, [lipetsk_agent, voronezh_agent])
    with pytest.raises(ValidationError):
        interaction_update(interaction=interaction, actor=member, participants=[voronezh_agent, tambov_agent])


def test_withdrawing_an_exchange_removes_the_level_and_tells_the_recorder(
    member, moderator, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        interaction = confirmed(member, [lipetsk_agent, voronezh_agent])
    assert PairLevel.objects.exists()
    mail.outbox.clear()
    # when a moderator withdraws it
    with django_capture_on_commit_callbacks(execute=True):
        interaction_withdraw(interaction=interaction, actor=moderator, reason="Записано по ошибке")
    # then it no longer counts and the recorder is told why
    interaction.refresh_from_db()
    assert interaction.is_withdrawn and interaction.withdrawn_by == moderator
    assert not PairLevel.objects.exists() and not RegionLevel.objects.exists()
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "Записано по ошибке" in mail.outbox[0].body


def test_withdrawing_needs_a_reason_and_happens_once(member, lipetsk_agent, voronezh_agent):
    interaction = record(member, [lipetsk_agent, voronezh_agent])
    with pytest.raises(ValidationError):
        interaction_withdraw(interaction=interaction, actor=member, reason=" ")
    interaction_withdraw(interaction=interaction, actor=member, reason="Дубликат")
    with pytest.raises(InvalidStateError) as error:
        interaction_withdraw(interaction=interaction, actor=member, reason="Дубликат")
    assert error.value.state == "withdrawn"
    with pytest.raises(InvalidStateError):
        interaction_update(interaction=interaction, actor=member, title="Другое")


def test_only_moderators_restore(member, moderator, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks):
    # One capture block: in a test everything is one transaction, which schedules one recomputation.
    with django_capture_on_commit_callbacks(execute=True):
        interaction = confirmed(member, [lipetsk_agent, voronezh_agent])
        interaction_withdraw(interaction=interaction, actor=member, reason="Дубликат")
        with pytest.raises(PermissionDenied):
            interaction_restore(interaction=interaction, actor=member)
        interaction_restore(interaction=interaction, actor=moderator)
    assert PairLevel.objects.get().level == 1
    with pytest.raises(InvalidStateError):
        interaction_restore(interaction=interaction, actor=moderator)


def test_a_member_of_another_participating_agent_may_withdraw(make_user, lipetsk_agent, voronezh_agent, moderator):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent], recorded_by=moderator)
    colleague = make_user()
    MembershipFactory(agent=voronezh_agent, user=colleague)
    interaction_withdraw(interaction=interaction, actor=colleague, reason="Не состоялось")
    interaction.refresh_from_db()
    assert interaction.is_withdrawn
