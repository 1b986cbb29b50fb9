"""The fit score through the real services: drafting, participants, and a recomputation of the competence maps.

The competence maps come from the real snapshot service (``snapshot_recompute``) over published coefficients
loaded as an analyst would; the expected values are read off the coefficients given here (threshold 1).
"""

from __future__ import annotations

import pytest

from analytics.choices import BatchKind, Indicator
from analytics.models import ClassifierItem, Dataset, ImportBatch, PublishedCoefficient
from analytics.services.snapshots import snapshot_recompute
from cooperation.choices import AgentRole, Helix, ProjectState
from cooperation.models import Project, ProjectFit
from cooperation.services.projects import (
    participant_invite,
    participant_leave,
    participant_respond,
    project_create,
    project_update,
)
from regions.models import Region
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def maps(reference_data):
    """Two GRNTI rubrics and S&T coefficients for Lipetsk and Voronezh, recomputed into a snapshot."""
    metallurgy = ClassifierItem.objects.get(classifier__code="grnti", code="53")
    chemistry = ClassifierItem.objects.get(classifier__code="grnti", code="31")
    dataset = Dataset.objects.create(code="fit-test", name_ru="Проверка", name_en="Check")
    batch = ImportBatch.objects.create(
        dataset=dataset, kind=BatchKind.COEFFICIENTS, file_name="fit.csv", checksum="0" * 64
    )
    lipetsk, voronezh = Region.objects.get(iso_code="RU-LIP"), Region.objects.get(iso_code="RU-VOR")
    values = {
        (lipetsk, metallurgy): 22.10,
        (lipetsk, chemistry): 0.50,
        (voronezh, metallurgy): 0.29,
        (voronezh, chemistry): 2.46,
    }
    for (region, item), value in values.items():
        PublishedCoefficient.objects.create(
            dataset=dataset,
            batch=batch,
            indicator=Indicator.ST_SPECIALISATION,
            region=region,
            item=item,
            year=2021,
            value=value,
        )
    snapshot_recompute(force=True)
    return {
        "dataset": dataset,
        "metallurgy": metallurgy,
        "chemistry": chemistry,
        "lipetsk": lipetsk,
        "voronezh": voronezh,
    }


def test_fit_follows_participants_and_a_recomputation(maps):
    lead = AgentFactory(region=maps["lipetsk"], helix=Helix.BUSINESS, is_verified=True)
    partner = AgentFactory(region=maps["voronezh"], helix=Helix.SCIENCE, is_verified=True)
    admin = MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user
    partner_admin = MembershipFactory(agent=partner, role=AgentRole.ADMINISTRATOR).user
    project = project_create(
        lead_agent=lead,
        actor=admin,
        title_ru="Сплавы",
        cooperation_types=["scientific"],
        rubrics=[maps["metallurgy"], maps["chemistry"]],
    )
    fit = ProjectFit.objects.get(project=project)
    # Lipetsk alone: metallurgy 22.10 >= 1 yes, chemistry 0.50 no -> core 1/2; one region -> complementarity 0;
    # helices: business -> 1/4.
    assert (fit.core, fit.complementarity, fit.helix_coverage) == (0.5, 0.0, 0.25)
    assert fit.snapshot is not None and fit.explanation["inputs"]["rubrics"] == sorted(
        [maps["metallurgy"].pk, maps["chemistry"].pk]
    )

    # Dropping a rubric is an edit of the draft: chemistry only (Lipetsk 0.50) -> core 0/1; and back.
    project_update(project=project, actor=admin, rubrics=[maps["chemistry"]])
    fit.refresh_from_db()
    assert (fit.core, fit.complementarity) == (0.0, 0.0)
    project_update(project=project, actor=admin, rubrics=[maps["metallurgy"], maps["chemistry"]])
    fit.refresh_from_db()
    assert fit.core == 0.5

    # Voronezh invited: not an active participant yet, so the (public) fit does not count it.
    invitation = participant_invite(project=project, agent=partner, actor=admin)
    fit.refresh_from_db()
    assert (fit.core, fit.complementarity, fit.helix_coverage) == (0.5, 0.0, 0.25)
    # Published (the checklist and moderation are tested in test_project_workflow): the invitation is sent.
    Project.objects.filter(pk=project.pk).update(state=ProjectState.PUBLISHED)
    # Voronezh accepts: chemistry 2.46 covers the second rubric -> core 2/2; metallurgy (Lipetsk has, Voronezh
    # 0.29 lacks) and chemistry (Voronezh has, Lipetsk 0.50 lacks) -> complementarity 2/2; helices 2/4.
    participant_respond(participant=invitation, actor=partner_admin, accept=True)
    fit.refresh_from_db()
    assert (fit.core, fit.complementarity, fit.helix_coverage) == (1.0, 1.0, 0.5)
    invitation.refresh_from_db()
    participant_leave(participant=invitation, actor=partner_admin)
    fit.refresh_from_db()
    assert (fit.core, fit.complementarity, fit.helix_coverage) == (0.5, 0.0, 0.25)

    # A recomputation that gives Lipetsk chemistry (0.50 -> 1.00, a tie at the threshold) moves the core to 2/2.
    PublishedCoefficient.objects.filter(region=maps["lipetsk"], item=maps["chemistry"]).update(value=1.0)
    first_snapshot = fit.snapshot_id
    snapshot_recompute()
    fit.refresh_from_db()
    assert fit.core == 1.0
    assert fit.snapshot_id != first_snapshot
    # Voronezh invited again and accepting: both competent in chemistry now, metallurgy still complementary -> 1/2.
    again = participant_invite(project=project, agent=partner, actor=admin)
    participant_respond(participant=again, actor=partner_admin, accept=True)
    fit.refresh_from_db()
    assert (fit.core, fit.complementarity, fit.helix_coverage) == (1.0, 0.5, 0.5)


def test_a_snapshot_id_given_again_gets_its_own_competence_maps(maps):
    """SQLite gives a rolled-back snapshot's id to the next one (the embedded default; and the tests' rollbacks):
    the process cache of competence maps must not serve the first one's maps for it (the suite failed so)."""
    from django.utils import timezone

    from analytics.models import Snapshot
    from analytics.selectors import current_snapshot
    from cooperation.services.fit import fit_values

    first = current_snapshot()
    assert not fit_values(first).empty
    fields = {"status": first.status, "inputs_checksum": "1" * 64, "threshold": first.threshold}
    pk = first.pk
    first.delete()

    again = Snapshot.objects.create(pk=pk, started_at=timezone.now() + timezone.timedelta(seconds=1), **fields)

    assert fit_values(again).empty
