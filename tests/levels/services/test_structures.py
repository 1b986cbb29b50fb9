from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from core.exceptions import InvalidStateError
from levels.models import IntegratedStructure, PairLevel, RegionLevel
from levels.services import (
    PrioritySpec,
    structure_add_document,
    structure_confirm,
    structure_dissolve,
    structure_propose,
    structure_reject,
    structure_request_details,
    structure_submit,
    structure_update,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 1, 1)
# A moderator's written reason, which confirms a structure whose evidence is incomplete.
OVERRIDE = "Соглашение подписано губернаторами, копия в министерстве"


def propose(actor, regions, agents=(), **fields):
    from analytics.models import ClassifierItem

    data = {
        "kind": "alliance",
        "sector": ClassifierItem.objects.get(classifier__code="nace2", code="C"),
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
        structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)
    structure.refresh_from_db()
    assert structure.status == "confirmed" and structure.confirmed_by == moderator
    assert PairLevel.objects.filter(level=4, reached_on=date(2025, 4, 1), lost_on=None).count() == 3
    assert RegionLevel.objects.filter(level=4).count() == 3
    assert [message.to for message in mail.outbox] == [[coordinator.email]]


def test_only_moderators_confirm_and_only_once(coordinator, moderator, lipetsk, voronezh):
    structure = propose(coordinator, [lipetsk, voronezh])
    with pytest.raises(PermissionDenied):
        structure_confirm(structure=structure, actor=coordinator)
    structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)
    with pytest.raises(InvalidStateError) as error:
        structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)
    assert error.value.state == "confirmed"


def test_rejecting_needs_a_reason_and_ends_the_proposal(coordinator, moderator, lipetsk, voronezh):
    structure = propose(coordinator, [lipetsk, voronezh])
    with pytest.raises(ValidationError):
        structure_reject(structure=structure, actor=moderator, reason="")
    structure_reject(structure=structure, actor=moderator, reason="Нет подписанного соглашения")
    structure.refresh_from_db()
    assert structure.status == "rejected" and structure.rejection_reason == "Нет подписанного соглашения"
    with pytest.raises(InvalidStateError):
        structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)


def test_dissolving_loses_level_4_on_the_date(
    coordinator, moderator, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        structure = propose(coordinator, [lipetsk, voronezh])
        with pytest.raises(InvalidStateError):  # a proposal cannot be dissolved
            structure_dissolve(structure=structure, actor=moderator, dissolved_on=TODAY, reason="x", today=TODAY)
        structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)
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
    structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)
    with pytest.raises(PermissionDenied):
        structure_add_document(structure=structure, actor=coordinator, url="https://example.org/y")
    assert structure_add_document(structure=structure, actor=moderator, url="https://example.org/y").pk


# --- Evidence, the moderation queue's decisions, the hierarchy, the sector and the strategy (issue #14, item 5).


def test_confirmation_needs_a_member_in_each_region_and_a_founding_document_or_a_written_reason(
    coordinator, moderator, lipetsk, voronezh, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    # given a proposal with a Lipetsk member only and no document
    structure = propose(coordinator, [lipetsk, voronezh], [lipetsk_agent])
    # then a one-click confirmation is refused, naming both gaps
    with translation.override("en"), pytest.raises(ValidationError) as error:
        structure_confirm(structure=structure, actor=moderator)
    assert "reason" in error.value.message_dict
    assert "founding document" in error.value.messages[0] and "member organisation" in error.value.messages[0]
    structure.refresh_from_db()
    assert structure.status == "proposed" and not PairLevel.objects.exists()
    # when the proposer completes the evidence (a Voronezh member and the agreement)
    structure_update(structure=structure, actor=coordinator, member_agents=[lipetsk_agent, voronezh_agent])
    structure_add_document(structure=structure, actor=coordinator, title="Соглашение", url="https://example.org/a")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        structure_confirm(structure=structure, actor=moderator)
    # then it is confirmed without a reason, and the pair reaches level 4
    structure.refresh_from_db()
    assert structure.status == "confirmed" and structure.confirmation_reason == ""
    assert PairLevel.objects.filter(level=4).count() == 1
    assert [message.to for message in mail.outbox] == [[coordinator.email]]


def test_a_written_reason_confirms_without_full_evidence_and_is_audited(coordinator, moderator, lipetsk, voronezh):
    from audit.models import AuditLogEntry

    structure = propose(coordinator, [lipetsk, voronezh])
    structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)
    structure.refresh_from_db()
    assert structure.confirmation_reason == OVERRIDE
    entry = AuditLogEntry.objects.get(action="structure.confirmed")
    assert entry.data["reason"] == OVERRIDE
    assert entry.data["evidence_gaps"] == ["region_without_member", "no_document"]


def test_asking_for_details_sends_it_back_to_the_proposer_who_submits_again(
    coordinator, moderator, outsider, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    from audit.models import AuditLogEntry

    structure = propose(coordinator, [lipetsk, voronezh])
    with pytest.raises(ValidationError):
        structure_request_details(structure=structure, actor=moderator, reason=" ")
    with pytest.raises(PermissionDenied):
        structure_request_details(structure=structure, actor=coordinator, reason="Где соглашение?")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        structure_request_details(structure=structure, actor=moderator, reason="Где соглашение?")
    structure.refresh_from_db()
    assert structure.status == "changes_requested" and structure.details_request == "Где соглашение?"
    assert [message.to for message in mail.outbox] == [[coordinator.email]]
    assert "Где соглашение?" in mail.outbox[0].body
    # a structure sent back is not confirmed until it is submitted again
    with pytest.raises(InvalidStateError):
        structure_confirm(structure=structure, actor=moderator, reason=OVERRIDE)
    with pytest.raises(PermissionDenied):
        structure_submit(structure=structure, actor=outsider)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        structure_submit(structure=structure, actor=coordinator)
    structure.refresh_from_db()
    assert structure.status == "proposed"
    assert [message.to for message in mail.outbox] == [[moderator.email]]
    assert {"structure.details_requested", "structure.resubmitted"} <= set(
        AuditLogEntry.objects.values_list("action", flat=True)
    )


def test_alliances_and_clusters_need_an_okved2_section_and_others_have_none(coordinator, lipetsk, voronezh):
    from analytics.models import ClassifierItem

    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], sector=None)
    assert "sector" in error.value.message_dict
    rubric = ClassifierItem.objects.exclude(classifier__code="nace2").first()
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], sector=rubric)
    assert "sector" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], kind="strategy")  # the helper's sector C is refused
    assert "sector" in error.value.message_dict
    cluster = propose(coordinator, [lipetsk, voronezh], kind="cluster")
    assert cluster.sector.code == "C"


def test_structures_form_a_hierarchy_without_cycles(coordinator, moderator, lipetsk, voronezh):
    federal = propose(moderator, [], kind="federal_body", sector=None, origin="top_down", name_ru="Совет")
    body = propose(coordinator, [lipetsk, voronezh], kind="coordinating_body", sector=None, parent=federal)
    alliance = propose(coordinator, [lipetsk, voronezh], parent=body)
    assert alliance.ancestors() == [body, federal]
    # only a coordinating body coordinates
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], parent=alliance)
    assert "parent" in error.value.message_dict
    # a body cannot be put under its own descendant (or itself)
    with pytest.raises(ValidationError) as error:
        structure_update(structure=federal, actor=moderator, parent=body)
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        structure_update(structure=body, actor=moderator, parent=body)
    assert "parent" in error.value.message_dict
    # a federal body is top-down and recorded by a moderator only
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [], kind="federal_body", sector=None, origin="top_down")
    assert "kind" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(moderator, [], kind="federal_body", sector=None, origin="bottom_up")
    assert "origin" in error.value.message_dict


def test_a_joint_strategy_lists_priorities_with_classifier_codes_and_targets(coordinator, lipetsk, voronezh, section):
    strategy = propose(
        coordinator,
        [lipetsk, voronezh],
        kind="strategy",
        sector=None,
        stage=4,
        origin="top_down",
        priorities=[
            PrioritySpec(
                item=section, title="Металлургия", target="Доля ВДС раздела C — 30 % к 2030 г.", indicator="ВДС"
            ),
        ],
    )
    priority = strategy.priorities.get()
    assert (priority.item.code, priority.target, strategy.stage, strategy.origin) == (
        "C",
        "Доля ВДС раздела C — 30 % к 2030 г.",
        4,
        "top_down",
    )
    with pytest.raises(ValidationError) as error:
        propose(coordinator, [lipetsk, voronezh], priorities=[PrioritySpec(item=section, title="x", target="y")])
    assert "priorities" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        propose(
            coordinator,
            [lipetsk, voronezh],
            kind="strategy",
            sector=None,
            priorities=[PrioritySpec(item=section, title="x", target="")],
        )
    assert "priorities" in error.value.message_dict


def test_a_structure_sent_back_for_details_gives_no_level(coordinator, moderator, lipetsk, voronezh):
    from levels.services import levels_recompute

    structure = propose(coordinator, [lipetsk, voronezh])
    structure_request_details(structure=structure, actor=moderator, reason="Нужен устав")
    levels_recompute(as_of=TODAY)
    assert not PairLevel.objects.filter(level=4).exists()
