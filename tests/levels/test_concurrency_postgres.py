"""Cooperation levels on PostgreSQL: row locks serialise recomputations and moderators' decisions.

Run in the integration pass (``make test-integration``: DATABASE_URL=postgres://…).
"""

from datetime import date

import pytest
from django.db import connection

from core.exceptions import InvalidStateError
from levels.models import IntegratedStructure, LevelComputation, PairEvidence, PairLevel, RegionLevel
from levels.services import RecomputeResult, levels_recompute, structure_confirm
from tests.concurrency import race as _race
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.integration

AS_OF = date(2026, 1, 1)


@pytest.fixture
def postgres(transactional_db):
    """Fail loudly (not skip) when the integration pass runs without PostgreSQL."""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs DATABASE_URL=postgres://… (run `make test-integration`).")


def _stored():
    return (
        sorted(PairLevel.objects.values_list("region_a", "region_b", "level", "reached_on", "lost_on")),
        sorted(RegionLevel.objects.values_list("region", "level", "reached_on", "lost_on")),
        PairEvidence.objects.count(),
    )


def test_two_recomputations_at_once_leave_one_consistent_history(
    postgres, lipetsk, voronezh, tambov, lipetsk_agent, voronezh_agent, tambov_agent
):
    InteractionFactory(participants=[lipetsk_agent, voronezh_agent, tambov_agent])
    StructureFactory(member_regions=[lipetsk, voronezh])
    LevelComputation.objects.create(pk=1)

    results = _race([lambda: levels_recompute(as_of=AS_OF) for _ in range(3)])

    assert all(isinstance(result, RecomputeResult) for result in results), results
    assert sum(result.changed for result in results) == 1  # the others waited and found nothing to change
    assert _stored()[2] == 4
    stored = _stored()
    levels_recompute(as_of=AS_OF)
    assert _stored() == stored


def test_two_moderators_confirming_at_once_make_one_confirmation(postgres, moderator, make_user, lipetsk, voronezh):
    from accounts.choices import SiteRole

    other = make_user(SiteRole.MODERATOR)
    structure = StructureFactory(member_regions=[lipetsk, voronezh], status="proposed")

    results = _race(
        [
            lambda: structure_confirm(structure=structure, actor=moderator, reason="Соглашение у нас"),
            lambda: structure_confirm(structure=structure, actor=other, reason="Соглашение у нас"),
        ]
    )

    assert sum(isinstance(r, IntegratedStructure) for r in results) == 1
    errors = [r for r in results if isinstance(r, InvalidStateError)]
    assert len(errors) == 1 and errors[0].state == "confirmed"


def test_two_coordinators_confirming_an_interaction_at_once_record_one_confirmation(
    postgres, make_user, lipetsk_agent, voronezh_agent, voronezh
):
    from accounts.choices import SiteRole
    from audit.models import AuditLogEntry
    from levels.models import Interaction
    from levels.services import interaction_confirm

    first, second = make_user(SiteRole.COORDINATOR, region=voronezh), make_user(SiteRole.COORDINATOR, region=voronezh)
    interaction = InteractionFactory(
        participants=[lipetsk_agent, voronezh_agent], status="pending", recorder_region=lipetsk_agent.region
    )

    results = _race(
        [
            lambda: interaction_confirm(interaction=interaction, actor=first),
            lambda: interaction_confirm(interaction=interaction, actor=second),
        ]
    )

    assert sum(isinstance(r, Interaction) for r in results) == 1, results
    errors = [r for r in results if isinstance(r, InvalidStateError)]
    assert len(errors) == 1 and errors[0].state == "confirmed"
    assert AuditLogEntry.objects.filter(action="interaction.confirmed").count() == 1
    interaction.refresh_from_db()
    assert interaction.status == "confirmed" and interaction.decided_by_id in (first.pk, second.pk)
