from datetime import UTC, date, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from audit.models import AuditLogEntry
from cooperation.choices import ParticipantStatus, ProjectState
from cooperation.models import ProjectParticipant, ProjectTransition
from experts.choices import InvitationStatus
from levels import selectors
from levels.models import Interaction, LevelComputation, PairEvidence, PairLevel, RegionLevel
from levels.services import _PendingRecompute, interaction_record, levels_recompute, recompute_on_commit
from levels.tasks import recompute_levels_task
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertInvitationFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 1, 1)


def snapshot():
    return (
        list(PairLevel.objects.order_by("pk").values()),
        list(RegionLevel.objects.order_by("pk").values()),
        list(PairEvidence.objects.order_by("pk").values()),
    )


def test_recompute_is_idempotent(lipetsk_agent, voronezh_agent, tambov_agent, lipetsk, voronezh, tambov):
    # given some evidence
    InteractionFactory(participants=[lipetsk_agent, voronezh_agent, tambov_agent])
    StructureFactory(member_regions=[lipetsk, voronezh])
    # when the levels are recomputed twice
    first = levels_recompute(as_of=AS_OF)
    stored = snapshot()
    second = levels_recompute(as_of=AS_OF)
    # then the second run finds nothing to change and writes nothing
    assert first.changed and not second.changed
    assert snapshot() == stored
    assert (second.evidence, second.pair_periods, second.region_periods) == (4, 6, 9)
    computation = LevelComputation.objects.get()
    assert computation.as_of == AS_OF and computation.evidence_count == 4


def test_recompute_replaces_the_whole_history(lipetsk_agent, voronezh_agent):
    interaction = InteractionFactory(participants=[lipetsk_agent, voronezh_agent])
    levels_recompute(as_of=AS_OF)
    assert PairLevel.objects.count() == 1
    interaction.is_withdrawn = True
    interaction.save(update_fields=["is_withdrawn"])
    assert levels_recompute(as_of=AS_OF).changed
    assert not PairLevel.objects.exists() and not RegionLevel.objects.exists() and not PairEvidence.objects.exists()


def test_the_nightly_task_recomputes_as_of_today(lipetsk_agent, voronezh_agent):
    InteractionFactory(participants=[lipetsk_agent, voronezh_agent])
    result = recompute_levels_task.delay().get()
    assert result["as_of"] == timezone.localdate().isoformat() and result["changed"]
    assert recompute_levels_task.delay(as_of="2024-01-01").get()["pair_periods"] == 0  # before the exchange


def test_one_transaction_starts_one_recomputation(
    member, lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks, monkeypatch
):
    started = []
    monkeypatch.setattr(recompute_levels_task, "delay", lambda *args, **kwargs: started.append(args))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with transaction.atomic():
            for day in (1, 2, 3):
                interaction_record(
                    actor=member,
                    title=f"Встреча {day}",
                    kind="meeting",
                    occurred_on=date(2024, 3, day),
                    participants=[lipetsk_agent, voronezh_agent],
                )
            recompute_on_commit()
    recomputations = {id(callback) for callback in callbacks if isinstance(callback, _PendingRecompute)}
    assert len(recomputations) == 1 and len(started) == 1


def test_a_project_that_starts_brings_its_regions_to_level_3(
    lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    project = ProjectFactory(lead_agent=lipetsk_agent, state=ProjectState.PUBLISHED)
    ParticipantFactory(project=project, agent=voronezh_agent)
    levels_recompute(as_of=timezone.localdate())
    assert not PairLevel.objects.exists()  # published: no joint project yet
    # when the project becomes active (the workflow writes the state and a transition)
    with django_capture_on_commit_callbacks(execute=True):
        project.state = ProjectState.ACTIVE
        project.save(update_fields=["state"])
        ProjectTransition.objects.create(project=project, from_state="published", to_state="active")
    # then the signal scheduled a recomputation and the pair holds level 3 from today
    assert PairLevel.objects.filter(level=3, reached_on=timezone.localdate(), lost_on=None).count() == 1
    assert PairLevel.objects.get(level=3).evidence[0]["kind"] == "project"


def test_a_partner_that_leaves_loses_level_3_from_the_day_it_left(
    lipetsk_agent, voronezh_agent, django_capture_on_commit_callbacks
):
    project = ProjectFactory(lead_agent=lipetsk_agent, state=ProjectState.ACTIVE, starts_on=date(2025, 2, 1))
    partner = ParticipantFactory(project=project, agent=voronezh_agent)
    joined = datetime(2025, 1, 15, 12, tzinfo=UTC)
    ProjectParticipant.objects.filter(project=project).update(decided_at=joined)
    levels_recompute(as_of=timezone.localdate())
    assert PairLevel.objects.get(level=3).reached_on == date(2025, 2, 1)
    with django_capture_on_commit_callbacks(execute=True):
        partner.status = ParticipantStatus.LEFT
        partner.save(update_fields=["status"])
        AuditLogEntry.objects.create(
            action="participant.left",
            target_type=ContentType.objects.get_for_model(ProjectParticipant),
            target_id=str(partner.pk),
        )
    assert PairLevel.objects.get(level=3).lost_on == timezone.localdate()


def test_an_accepted_expert_brings_level_2(voronezh, lipetsk_agent, django_capture_on_commit_callbacks):
    project = ProjectFactory(lead_agent=lipetsk_agent, state=ProjectState.PUBLISHED)
    invitation = ExpertInvitationFactory(project=project)  # the expert is from Voronezh
    with django_capture_on_commit_callbacks(execute=True):
        invitation.status = InvitationStatus.ACCEPTED
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_at"])
    pair = PairLevel.objects.get(level=2)
    assert {pair.region_a, pair.region_b} == {lipetsk_agent.region, voronezh}
    assert pair.evidence == [
        {"kind": "expert", "id": invitation.pk, "date": timezone.localdate().isoformat(), "level": 2}
    ]


def test_reading_the_facts_takes_a_fixed_number_of_queries(
    django_assert_num_queries, lipetsk, voronezh, tambov, lipetsk_agent, voronezh_agent
):
    def grow(count):
        for _ in range(count):
            agent = AgentFactory(region=tambov)
            InteractionFactory(participants=[lipetsk_agent, agent])
            project = ProjectFactory(lead_agent=agent, state=ProjectState.ACTIVE)
            ParticipantFactory(project=project, agent=voronezh_agent)
            ExpertInvitationFactory(project=project, status=InvitationStatus.ACCEPTED)
            StructureFactory(member_regions=[lipetsk, tambov])

    grow(2)
    # the structures' member agents too (their helices), and the confirmed consultations
    with django_assert_num_queries(11) as small:
        selectors.level_facts()
    grow(8)
    with django_assert_num_queries(len(small.captured_queries)):
        facts = selectors.level_facts()
    assert len(facts.interactions) == 10 and len(facts.structures) == 10 and len(facts.experts) == 10


def stored_history():
    """The stored history as values, whatever the rows' ids."""
    return (
        sorted(PairEvidence.objects.values_list(*EVIDENCE_FIELDS), key=repr),
        sorted(
            PairLevel.objects.values_list("region_a", "region_b", "level", "reached_on", "lost_on", "evidence"),
            key=repr,
        ),
        sorted(RegionLevel.objects.values_list("region", "level", "reached_on", "lost_on", "evidence"), key=repr),
    )


EVIDENCE_FIELDS = (
    "region_a",
    "region_b",
    "level",
    "kind",
    "ref_id",
    "date_from",
    "date_to",
    "types_mask",
    "links_mask",
)


def test_a_change_rewrites_only_what_changed_and_stores_what_a_full_rewrite_stores(
    lipetsk_agent, voronezh_agent, tambov_agent, lipetsk, voronezh, tambov
):
    # given a history: Lipetsk–Voronezh exchanges in two years, Voronezh–Tambov in a structure
    first = InteractionFactory(participants=[lipetsk_agent, voronezh_agent], occurred_on=date(2023, 4, 1))
    InteractionFactory(participants=[lipetsk_agent, voronezh_agent], occurred_on=date(2024, 5, 1))
    StructureFactory(member_regions=[voronezh, tambov], founded_on=date(2022, 1, 10))
    levels_recompute(as_of=AS_OF)
    untouched = set(PairEvidence.objects.filter(kind="structure").values_list("pk", flat=True))
    # when the first exchange is withdrawn and Lipetsk and Tambov meet
    Interaction.objects.filter(pk=first.pk).update(is_withdrawn=True)
    InteractionFactory(participants=[lipetsk_agent, tambov_agent], occurred_on=date(2024, 9, 1))
    assert levels_recompute(as_of=AS_OF).changed
    after_change = stored_history()
    # then Lipetsk–Voronezh reaches level 1 only in 2024, Lipetsk–Tambov in 2024
    assert list(
        PairLevel.objects.filter(
            region_a=min(lipetsk.pk, voronezh.pk), region_b=max(lipetsk.pk, voronezh.pk)
        ).values_list("level", "reached_on")
    ) == [(1, date(2024, 5, 1))]
    assert PairLevel.objects.filter(level=1, reached_on=date(2024, 9, 1)).count() == 1
    # and the structure's evidence, which did not change, kept its rows
    assert set(PairEvidence.objects.filter(kind="structure").values_list("pk", flat=True)) == untouched
    # and the result is what a recomputation from nothing stores
    for model in (PairEvidence, PairLevel, RegionLevel):
        model.objects.all().delete()
    LevelComputation.objects.update(fingerprint="")
    levels_recompute(as_of=AS_OF)
    assert stored_history() == after_change
