"""A current snapshot for the tests of the public pages and API, made by the real recomputation.

The paper's Tables 2–5 are loaded as the published coefficients of one data set, and a second
data set ("rosstat-test") holds a few years of localisation factors (OKVED1, then OKVED2) for the
trend chart and the map; with the shipped concordance (``concordance_load_default``),
``analytics.services.snapshots.snapshot_recompute`` turns them into the snapshot's coefficient
rows and documents (scenario models, managerial matrix, complexity).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from django.test import override_settings

from analytics.choices import BatchKind, Indicator
from analytics.computations import (
    cbe_2020_tables,
)
from analytics.models import (
    ClassifierItem,
    CoefficientValue,
    Dataset,
    ImportBatch,
    PublishedCoefficient,
    Snapshot,
)
from analytics.services.concordance import concordance_load_default
from analytics.services.snapshots import snapshot_recompute
from regions.models import Region
from tests.worlds import module_transaction

CBE = {"Belgorod": "RU-BEL", "Voronezh": "RU-VOR", "Kursk": "RU-KRS", "Lipetsk": "RU-LIP", "Tambov": "RU-TAM"}
CBE_ORDER = ["RU-BEL", "RU-VOR", "RU-KRS", "RU-LIP", "RU-TAM"]
PAPER = "cbe-2020-test"
ROSSTAT = "rosstat-test"
OKVED1_YEARS = tuple(range(2009, 2016))
INDICATOR_CLASSIFIER = {
    Indicator.EXPORT_SPECIALISATION: "feacn_groups",
    Indicator.NATIONAL_LOCALISATION: "nace2",
    Indicator.MACROREGIONAL_LOCALISATION: "nace2",
    Indicator.ST_SPECIALISATION: "grnti",
}
LEVEL_TABLE = {
    "global": Indicator.EXPORT_SPECIALISATION,
    "national": Indicator.NATIONAL_LOCALISATION,
    "macroregional": Indicator.MACROREGIONAL_LOCALISATION,
}


def _items() -> dict[tuple[str, str], ClassifierItem]:
    return {(item.classifier.code, item.code): item for item in ClassifierItem.objects.select_related("classifier")}


def paper_tables() -> dict[str, pd.DataFrame]:
    """Tables 2–5 with ISO region codes and GRNTI codes for Table 5's rubrics."""
    grnti = dict(ClassifierItem.objects.filter(classifier__code="grnti").values_list("name_en", "code"))
    tables = cbe_2020_tables(st_codes=grnti)
    return {indicator: table.assign(region=table["region"].map(CBE)) for indicator, table in tables.items()}


def _published(dataset: Dataset, batch: ImportBatch, indicator: str, region: Region, item, year: int, value: float):
    return PublishedCoefficient(
        dataset=dataset, batch=batch, indicator=indicator, region=region, item=item, year=year, value=value
    )


def build_snapshot(*, rosstat_years: range = range(2016, 2023), threshold: float = 1.0) -> Snapshot:
    """A complete, current snapshot with the paper's data set and a small Rosstat-like one.

    Both are loaded as published coefficients (as an import of coefficient tables would) and the
    snapshot is made by the real recomputation (``analytics.services.snapshots.snapshot_recompute``):
    its coefficient rows, scenario models, managerial matrix and complexity documents are the ones
    the portal would show for those tables.
    """
    paper, _ = Dataset.objects.update_or_create(
        code=PAPER,
        defaults={
            "name_en": "Paper's tables (test)",
            "name_ru": "Таблицы статьи (тест)",
            "source": "Lyshchikova et al. (2023), Tables 2–5",
            "sort_order": 1,
        },
    )
    rosstat, _ = Dataset.objects.update_or_create(
        code=ROSSTAT,
        defaults={
            "name_en": "Rosstat GVA structure (test)",
            "name_ru": "Структура ВДС, Росстат (тест)",
            "source": "Rosstat, GVA structure by OKVED section",
            "sort_order": 2,
        },
    )
    # The paper's direction -> S&T rubric concordance and cross-cutting rubrics (only into empty tables).
    concordance_load_default()
    # Called again (a newer snapshot), the same tables are loaded anew: the recomputation is forced.
    PublishedCoefficient.objects.filter(dataset__in=[paper, rosstat]).delete()
    batches = {
        dataset.code: ImportBatch.objects.create(
            dataset=dataset, kind=BatchKind.COEFFICIENTS, file_name=f"{dataset.code}.csv", checksum="0" * 64
        )
        for dataset in (paper, rosstat)
    }
    items = _items()
    regions = {region.iso_code: region for region in Region.objects.filter(macroregion__code="central-black-earth")}
    rows = []
    for indicator, table in paper_tables().items():
        classifier = INDICATOR_CLASSIFIER[Indicator(indicator)]
        for record in table.itertuples(index=False):
            rows.append(
                _published(
                    paper,
                    batches[PAPER],
                    indicator,
                    regions[record.region],
                    items[(classifier, record.code)],
                    record.year,
                    record.value,
                )
            )
    # A Rosstat-like series: localisation factors of three sections, drifting over the years.
    for offset, year in enumerate(rosstat_years):
        for position, iso in enumerate(CBE_ORDER):
            for code, base in (("A", 2.5), ("C", 1.1), ("K", 0.4)):
                for indicator in (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION):
                    value = round(base + 0.05 * offset - 0.1 * position, 2)
                    rows.append(
                        _published(
                            rosstat, batches[ROSSTAT], indicator, regions[iso], items[("nace2", code)], year, value
                        )
                    )
    # Before 2016 Rosstat used OKVED1, whose "D" is manufacturing (OKVED2's "C") and "C" mining;
    # its "A" (agriculture without fishing) is only part of OKVED2's "A": not comparable.
    for year in OKVED1_YEARS:
        for position, iso in enumerate(CBE_ORDER):
            for code, base in (("A", 2.0), ("C", 0.6), ("D", 1.3)):
                value = round(base - 0.1 * position, 2)
                rows.append(
                    _published(
                        rosstat,
                        batches[ROSSTAT],
                        Indicator.NATIONAL_LOCALISATION,
                        regions[iso],
                        items[("okved1", code)],
                        year,
                        value,
                    )
                )
    PublishedCoefficient.objects.bulk_create(rows)
    with override_settings(ANALYTICS_COMPETENCE_THRESHOLD=threshold):
        return snapshot_recompute(force=True)


def add_rosstat_year(snapshot: Snapshot, year: int, *, iso_codes: list[str] | None = None) -> None:
    """More data for query-count tests: one more year of the Rosstat-like series (three sections)."""
    dataset = Dataset.objects.get(code=ROSSTAT)
    items = _items()
    regions = Region.objects.filter(iso_code__in=iso_codes or CBE_ORDER)
    CoefficientValue.objects.bulk_create(
        CoefficientValue(
            snapshot=snapshot,
            dataset=dataset,
            indicator=indicator,
            region=region,
            item=items[("nace2", code)],
            year=year,
            value=1.5,
            is_competence=True,
        )
        for region in regions
        for code in ("A", "B", "C", "D")
        for indicator in (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION)
    )


@pytest.fixture(scope="module")
def module_snapshot(django_db_setup, django_db_blocker) -> Iterator[int]:
    """``build_snapshot()`` once for a test module (``tests/worlds.py``); its id. A module's ``snapshot`` fixture
    reads it afresh for each test, whose writes are undone after it."""
    with module_transaction(django_db_blocker):
        yield build_snapshot().pk
