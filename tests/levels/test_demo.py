"""The demo evidence: exchanges between demo agents of different regions and the confirmed alliance."""

import pytest
from django.test.utils import override_settings

from audit.models import AuditLogEntry
from cooperation.demo import demo_data_load
from levels.demo import ALLIANCE_NAME_RU, CLUSTER_NAME_RU, load_demo
from levels.models import IntegratedStructure, Interaction, PairLevel, RegionLevel
from portal.demo import PROJECT_STEPS

pytestmark = pytest.mark.django_db


@override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend")
def test_the_demo_brings_the_alliance_regions_to_level_4_and_loading_twice_changes_nothing(reference_data):
    demo_data_load(steps=PROJECT_STEPS)

    created = load_demo()
    counts = (Interaction.objects.count(), IntegratedStructure.objects.count(), PairLevel.objects.count())
    again = load_demo()

    assert created == {"interactions": 7, "structures": 2} and again == {"interactions": 0, "structures": 0}
    # the five demo exchanges are confirmed by the other side; two stay pending (shown, not counted)
    assert sorted(Interaction.objects.values_list("status", flat=True)) == ["confirmed"] * 5 + ["pending"] * 2
    assert (Interaction.objects.count(), IntegratedStructure.objects.count(), PairLevel.objects.count()) == counts
    alliance = IntegratedStructure.objects.get(name_ru=ALLIANCE_NAME_RU)
    assert alliance.status == "confirmed"
    # issue #14: a sector, a stage and a parent body; confirmed through the queue on evidence, without a reason
    assert (alliance.sector.code, alliance.stage, alliance.parent.kind) == ("A", 2, "federal_body")
    assert alliance.confirmation_reason == "" and alliance.documents.exists()
    assert {agent.region.iso_code for agent in alliance.member_agents.all()} == {"RU-LIP", "RU-VOR", "RU-TAM"}
    actions = set(
        AuditLogEntry.objects.filter(target_id=str(alliance.pk), action__startswith="structure.").values_list(
            "action", flat=True
        )
    )
    assert {"structure.details_requested", "structure.resubmitted", "structure.confirmed"} <= actions
    # the Lipetsk–Belgorod cluster waits in the queue: it lacks the evidence, and gives no level 4
    cluster = IntegratedStructure.objects.get(name_ru=CLUSTER_NAME_RU)
    assert cluster.status == "proposed"
    current = dict(RegionLevel.objects.filter(lost_on=None).values_list("region__iso_code", "level").order_by("level"))
    assert {current["RU-LIP"], current["RU-VOR"], current["RU-TAM"]} == {4}
    assert current["RU-BEL"] >= 1 and current["RU-NVS"] >= 1
