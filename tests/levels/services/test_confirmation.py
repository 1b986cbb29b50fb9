"""Evidence both sides stand behind (issue #14, item 1): one side's record waits for the other side's word."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditLogEntry
from core.exceptions import InvalidStateError
from levels.models import PairLevel
from levels.selectors import interactions_to_confirm
from levels.services import interaction_confirm, interaction_dispute, interaction_record
from tests.cooperation.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def record(actor, participants):
    return interaction_record(
        actor=actor,
        title="Совещание",
        kind="meeting",
        occurred_on=date(2024, 3, 1),
        participants=participants,
        today=date(2025, 1, 1),
    )


@pytest.fixture
def voronezh_member(make_user, voronezh_agent):
    user = make_user()
    MembershipFactory(agent=voronezh_agent, user=user)
    return user


def test_one_side_alone_does_not_raise_the_level_until_the_other_confirms(
    member, coordinator, voronezh_member, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    # given a Lipetsk member records an exchange with a Voronezh agent
    with django_capture_on_commit_callbacks(execute=True):
        interaction = record(member, [lipetsk_agent, voronezh_agent])
    # then it is pending, counts for nothing, and the Voronezh side (member, coordinator) is told
    assert interaction.status == "pending" and interaction.recorder_region == lipetsk_agent.region
    assert not PairLevel.objects.exists()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([coordinator.email, voronezh_member.email])
    assert list(interactions_to_confirm(coordinator)) == [interaction]
    assert list(interactions_to_confirm(member)) == []  # the recorder's side has nothing to confirm
    mail.outbox.clear()

    # when the Voronezh coordinator confirms it
    with django_capture_on_commit_callbacks(execute=True):
        interaction_confirm(interaction=interaction, actor=coordinator)

    # then it counts, the levels follow, the recorder is told, and it is audited
    interaction.refresh_from_db()
    assert (interaction.status, interaction.decided_by) == ("confirmed", coordinator)
    assert PairLevel.objects.get().level == 1
    assert [message.to for message in mail.outbox] == [[member.email]]
    entry = AuditLogEntry.objects.get(action="interaction.confirmed")
    assert (entry.data["from_state"], entry.data["to_state"]) == ("pending", "confirmed")


def test_a_dispute_needs_a_reason_and_never_counts(
    member, voronezh_member, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    interaction = record(member, [lipetsk_agent, voronezh_agent])
    with pytest.raises(ValidationError):
        interaction_dispute(interaction=interaction, actor=voronezh_member, reason="  ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        interaction_dispute(interaction=interaction, actor=voronezh_member, reason="Встречи не было.")
    interaction.refresh_from_db()
    assert interaction.status == "disputed" and interaction.dispute_reason == "Встречи не было."
    assert not PairLevel.objects.exists()
    assert [message.to for message in mail.outbox] == [[member.email]]
    assert "Встречи не было." in mail.outbox[0].body
    assert AuditLogEntry.objects.filter(action="interaction.disputed").exists()


def test_a_decided_interaction_answers_409_and_the_recorders_side_may_not_decide(
    member, coordinator, lipetsk_agent, voronezh_agent, make_user
):
    interaction = record(member, [lipetsk_agent, voronezh_agent])
    lipetsk_member = make_user()
    MembershipFactory(agent=lipetsk_agent, user=lipetsk_member)
    for actor in (member, lipetsk_member):  # the recorder and a colleague of the recorder's agent
        with pytest.raises(PermissionDenied):
            interaction_confirm(interaction=interaction, actor=actor)
    interaction_confirm(interaction=interaction, actor=coordinator)
    with pytest.raises(InvalidStateError) as error:
        interaction_confirm(interaction=interaction, actor=coordinator)
    assert error.value.state == "confirmed"
    with pytest.raises(InvalidStateError):
        interaction_dispute(interaction=interaction, actor=coordinator, reason="Поздно.")


def test_a_moderators_correction_keeps_the_confirmation(
    member, coordinator, moderator, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    from levels.services import interaction_update

    interaction = record(member, [lipetsk_agent, voronezh_agent])
    interaction_confirm(interaction=interaction, actor=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        interaction_update(
            interaction=interaction, actor=moderator, occurred_on=date(2024, 2, 1), today=date(2025, 1, 1)
        )
    interaction.refresh_from_db()
    assert interaction.status == "confirmed" and PairLevel.objects.get().reached_on == date(2024, 2, 1)
