"""Three complete snapshots of one small data set, for the comparison of snapshots (pages and browser)."""

from datetime import timedelta

from django.utils import timezone

from analytics.models import ClassifierItem, CoefficientValue, Snapshot
from regions.models import Region
from tests.analytics.data_bank_factories import DatasetFactory

NAT = "national_localisation"


def three_snapshots() -> list[Snapshot]:
    """Three complete snapshots of one data set; the newest is current.

    From the oldest to the middle one nothing changes. From the middle one to the newest, worked out by hand:
    Lipetsk gains C (0.90 -> 1.20) and loses A (1.40 -> 0.70); Voronezh's C moves 2.000 -> 2.500 (changed)
    and its A 0.300 -> 0.305 (below the tolerance of 0.01: unchanged).
    """
    dataset = DatasetFactory(name_en="Volumes (test)", name_ru="Объёмы (тест)")
    lipetsk, voronezh = Region.objects.get(iso_code="RU-LIP"), Region.objects.get(iso_code="RU-VOR")
    a = ClassifierItem.objects.get(classifier__code="nace2", code="A")
    c = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    old = [(lipetsk, a, 1.4), (lipetsk, c, 0.9), (voronezh, a, 0.3), (voronezh, c, 2.0)]
    new = [(lipetsk, a, 0.7), (lipetsk, c, 1.2), (voronezh, a, 0.305), (voronezh, c, 2.5)]
    now = timezone.now()
    made = []
    for age, values in ((3, old), (2, old), (1, new)):
        snapshot = Snapshot.objects.create(
            status="complete",
            inputs_checksum=f"c{age}",
            started_at=now - timedelta(hours=age),
            finished_at=now - timedelta(hours=age) + timedelta(minutes=1),
            is_current=age == 1,
        )
        CoefficientValue.objects.bulk_create(
            CoefficientValue(
                snapshot=snapshot,
                dataset=dataset,
                indicator=NAT,
                region=region,
                item=item,
                year=2021,
                value=value,
                is_competence=value >= 1,
            )
            for region, item, value in values
        )
        made.append(snapshot)
    return made
