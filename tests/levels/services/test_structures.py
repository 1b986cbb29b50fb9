from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from core.exceptions import InvalidStateError
from levels.models import IntegratedStructure, PairLevel, RegionLevel
from levels.services import (
    structure_add_document,
    structure_confirm,
    structure_dissolve,
    structure_propose,
    structure_reject,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 1)


def propose(actor, regions, agents=(), **fields):
    data = {
        "kind": "alliance",
        "name_ru": "Альянс",
        "founded_on": date(2025, 4, 1),
        "cooperation_types": ["scientific"],
        "today": TODAY,
    }
    data.update(fields)
    return structure_propose(actor=actor, member_regions=regions, member_agents=agents, **data)


def test_a_coordinator_proposes_a_structure_and_the_moderators_are_told(
    coordinator, moderator, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        structure = propose(coordinator, [lipetsk, voronezh], documents=[{"url": "https://example.org/charter.pdf"}])
    assert structure.status == "proposed" and structure.proposed_by == coordinator
    assert set(structure.member_regions.all()) == {lipetsk, voronezh}
    assert [document.url for document in structure.documents.all()] == ["https://example.org/charter.pdf"]
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert not PairLevel.objects.exists()  # a proposal is no evidence yet


def test_a_member_proposes_with_their_agent(member, lipetsk_agent, lipetsk, voronezh):
    assert propose(member, [lipetsk, voronezh], [lipetsk_agent]).pk


def test_a_member_cannot_propose_a_structure_that_does_not_concern_them(member, voronezh, tambov):
    with pytest.raises(ValidationError) as error:
        propose(member, [voronezh, tambov])
    assert "member_regions" in error.value.message_dict


def test_a_user_without_role_or_agent_may_not_propose(outsider, lipetsk, voronezh):
    with pytest.raises(PermissionDenied):
        propose(outsider, [lipetsk, voronezh])


def test_a_structure_needs_two_regions_agents_inside_them_a_name_and_a_past_date(
    coordinator, lipetsk, voronezh, tambov_agent
):
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [voronezh])
    assert "member_regions" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], [tambov_agent])
    assert "member_agents" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], name_ru="")
    assert "name_ru" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], founded_on=date(2026, 2, 1))
    assert "founded_on" in error.value.message_dict
    assert not IntegratedStructure.objects.exists()


def test_confirming_makes_level_4_for_every_pair_of_members(
    coordinator, moderator, lipetsk, voronezh, tambov, django_capture_on_commit_callbacks
):
    structure = propose(coordinator, [lipetsk, voronezh, tambov])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        structure_confirm(structure=structure, actor=moderator)
    structure.refresh_from_db()
    assert structure.status == "confirmed" and structure.confirmed_by == moderator
    assert PairLevel.objects.filter(level=4, reached_on=date(2025, 4, 1), lost_on=None).count() == 3
    assert RegionLevel.objects.filter(level=4).count() == 3
    assert [message.to for message in mail.outbox] == [[coordinator.email]]


def test_only_moderators_confirm_and_only_once(coordinator, moderator, lipetsk, voronezh):
    structure = propose(coordinator, [lipetsk, voronezh])
    with pytest.raises(PermissionDenied):
        structure_confirm(structure=structure, actor=coordinator)
    structure_confirm(structure=structure, actor=moderator)
    with pytest.raises(InvalidStateError) as error:
        structure_confirm(structure=structure, actor=moderator)
    assert error.value.state == "confirmed"


def test_rejecting_needs_a_reason_and_ends_the_proposal(coordinator, moderator, lipetsk, voronezh):
    structure = propose(coordinator, [lipetsk, voronezh])
    with pytest.raises(ValidationError):
        structure_reject(structure=structure, actor=moderator, reason="")
    structure_reject(structure=structure, actor=moderator, reason="Нет подписанного соглашения")
    structure.refresh_from_db()
    assert structure.status == "rejected" and structure.rejection_reason == "Нет подписанного соглашения"
    with pytest.raises(InvalidStateError):
        structure_confirm(structure=structure, actor=moderator)


def test_dissolving_loses_level_4_on_the_date(
    coordinator, moderator, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        structure = propose(coordinator, [lipetsk, voronezh])
        with pytest.raises(InvalidStateError):  # a proposal cannot be dissolved
            structure_dissolve(structure=structure, actor=moderator, dissolved_on=TODAY, reason="x", today=TODAY)
        structure_confirm(structure=structure, actor=moderator)
        with pytest.raises(PermissionDenied):
            structure_dissolve(structure=structure, actor=coordinator, dissolved_on=TODAY, reason="x", today=TODAY)
        with pytest.raises(ValidationError):
            structure_dissolve(
                structure=structure, actor=moderator, dissolved_on=date(2025, 1, 1), reason="x", today=TODAY
            )
        structure_dissolve(
            structure=structure,
            actor=moderator,
            dissolved_on=date(2025, 9, 1),
            reason="Соглашение расторгнуто",
            today=TODAY,
        )
    pair = PairLevel.objects.get(level=4)
    assert (pair.reached_on, pair.lost_on) == (date(2025, 4, 1), date(2025, 9, 1))
    assert RegionLevel.objects.filter(level=4, lost_on=date(2025, 9, 1)).count() == 2


def test_the_proposer_adds_documents_while_proposed(coordinator, moderator, outsider, lipetsk, voronezh):
    structure = propose(coordinator, [lipetsk, voronezh])
    document = structure_add_document(
        structure=structure, actor=coordinator, title="Устав", url="https://example.org/u"
    )
    assert document.href == "https://example.org/u"
    with pytest.raises(ValidationError):
        structure_add_document(structure=structure, actor=coordinator, title="Пусто")
    with pytest.raises(PermissionDenied):
        structure_add_document(structure=structure, actor=outsider, url="https://example.org/x")
    structure_confirm(structure=structure, actor=moderator)
    with pytest.raises(PermissionDenied):
        structure_add_document(structure=structure, actor=coordinator, url="https://example.org/y")
    assert structure_add_document(structure=structure, actor=moderator, url="https://example.org/y").pk
