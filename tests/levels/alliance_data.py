"""A small current snapshot for the alliance builder's tests: section C's localisation factors of three
regions (2020 and 2021) and two S&T ratios of two of them, written directly."""

from django.utils import timezone

from analytics.choices import Indicator, SnapshotStatus
from analytics.models import ClassifierItem, CoefficientValue, Dataset, Snapshot
from regions.models import Region


def alliance_snapshot() -> Snapshot:
    snapshot = Snapshot.objects.create(
        status=SnapshotStatus.COMPLETE, is_current=True, inputs_checksum="x", started_at=timezone.now()
    )
    rosstat = Dataset.objects.create(code="rosstat-gva", name_ru="Росстат", name_en="Rosstat")
    paper = Dataset.objects.create(code="cbe-2020", name_ru="Статья", name_en="Paper")
    section = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    regions = {iso: Region.objects.get(iso_code=iso) for iso in ("RU-LIP", "RU-BEL", "RU-VOR")}
    rows = [
        # (region, national, macro-regional) in 2021; 2020 differs, to show the latest year is read
        ("RU-LIP", 2021, 2.29, 1.90),
        ("RU-BEL", 2021, 1.16, 1.05),
        ("RU-VOR", 2021, 0.92, 0.80),
        ("RU-VOR", 2020, 1.50, 1.50),
    ]
    for iso, year, national, macro in rows:
        for indicator, value in (
            (Indicator.NATIONAL_LOCALISATION, national),
            (Indicator.MACROREGIONAL_LOCALISATION, macro),
        ):
            CoefficientValue.objects.create(
                snapshot=snapshot,
                dataset=rosstat,
                indicator=indicator,
                region=regions[iso],
                item=section,
                year=year,
                value=value,
            )
    metallurgy = ClassifierItem.objects.get(classifier__code="grnti", code="53")
    mechanical = ClassifierItem.objects.get(classifier__code="grnti", code="55")
    for iso, item, value in (
        ("RU-LIP", metallurgy, 22.1),
        ("RU-LIP", mechanical, 1.92),
        ("RU-BEL", metallurgy, 6.11),
        ("RU-BEL", mechanical, 0.77),
    ):
        CoefficientValue.objects.create(
            snapshot=snapshot,
            dataset=paper,
            indicator=Indicator.ST_SPECIALISATION,
            region=regions[iso],
            item=item,
            year=2021,
            value=value,
        )
    return snapshot
