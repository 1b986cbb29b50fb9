"""A current snapshot built directly from model rows, for the tests of the public pages and API.

It does not run the recomputation service: the paper's Tables 2–5 are written as
coefficient rows, and the scenario models and managerial matrix are computed with the
pure engine (``analytics.computations``) and stored in the documented JSON shapes. A
second data set ("rosstat-test") holds a few years of localisation factors for the
trend chart and the map.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pandas as pd
from django.utils import timezone

from analytics import selectors
from analytics.choices import Indicator, SnapshotStatus
from analytics.computations import (
    cbe_2020_tables,
    default_concordance,
    default_cross_cutting,
    managerial_matrix,
    scenario_model,
)
from analytics.models import ClassifierItem, CoefficientValue, Dataset, Snapshot, SnapshotDocument
from regions.models import Region

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


def matrix_payload(matrix, regions: dict[str, Region], context: dict[str, Any]) -> dict[str, Any]:
    """The managerial matrix in the layout documented by ``analytics.selectors.matrix_for``."""
    competences: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in matrix.st_competences.itertuples(index=False):
        competences.setdefault((row.level, row.code, row.region), []).append(
            {"code": row.st_code, "name": row.st_name, "value": float(row.st_value)}
        )
    cross: dict[str, list[dict[str, Any]]] = {}
    for row in matrix.cross_cutting.itertuples(index=False):
        cross.setdefault(row.region, []).append(
            {"code": row.st_code, "name": row.st_name, "value": float(row.st_value)}
        )
    levels: dict[str, list[dict[str, Any]]] = {level: [] for level in LEVEL_TABLE}
    presence = matrix.presence
    keep = presence.groupby(["level", "code"], sort=False)["specialised"].transform("any")
    directions: dict[tuple[str, str], dict[str, Any]] = {}
    for row in presence[keep.to_numpy(dtype=bool)].itertuples(index=False):
        direction = directions.get((row.level, row.code))
        if direction is None:
            direction = directions[(row.level, row.code)] = {"code": row.code, "name": row.name, "cells": []}
            levels[row.level].append(direction)
        direction["cells"].append(
            {
                "region": row.region,
                "value": None if pd.isna(row.value) else float(row.value),
                "specialised": bool(row.specialised),
                "mark": row.mark,
                "st_competences": competences.get((row.level, row.code, row.region), []),
            }
        )
    return {
        "macroregion": "central-black-earth",
        "macroregion_name_en": "Central Black Earth Macroregion",
        "macroregion_name_ru": "Центрально-Черноземный макрорегион",
        **context,
        "regions": [
            {"code": iso, "name_en": regions[iso].name_en, "name_ru": regions[iso].name_ru} for iso in matrix.regions
        ],
        "levels": levels,
        "cross_cutting": [{"region": iso, "competences": cross.get(iso, [])} for iso in matrix.regions],
    }


def build_snapshot(*, rosstat_years: range = range(2016, 2023), threshold: float = 1.0) -> Snapshot:
    """A complete, current snapshot with the paper's data set and a small Rosstat-like one."""
    now = timezone.now()
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
    Snapshot.objects.filter(is_current=True).update(is_current=False)
    snapshot = Snapshot.objects.create(
        status=SnapshotStatus.COMPLETE,
        is_current=True,
        inputs_checksum="test",
        threshold=threshold,
        started_at=now - timedelta(seconds=2),
        finished_at=now,
        row_counts={"coefficients": 0},
    )
    items = _items()
    regions = {region.iso_code: region for region in Region.objects.filter(macroregion__code="central-black-earth")}
    tables = paper_tables()
    rows = []
    for indicator, table in tables.items():
        classifier = INDICATOR_CLASSIFIER[Indicator(indicator)]
        for record in table.itertuples(index=False):
            rows.append(
                CoefficientValue(
                    snapshot=snapshot,
                    dataset=paper,
                    indicator=indicator,
                    region=regions[record.region],
                    item=items[(classifier, record.code)],
                    year=record.year,
                    value=record.value,
                    is_competence=record.value >= threshold,
                )
            )
    # A Rosstat-like series: localisation factors of three sections, drifting over the years.
    for offset, year in enumerate(rosstat_years):
        for position, iso in enumerate(CBE_ORDER):
            for code, base in (("A", 2.5), ("C", 1.1), ("K", 0.4)):
                for indicator in (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION):
                    value = round(base + 0.05 * offset - 0.1 * position, 2)
                    rows.append(
                        CoefficientValue(
                            snapshot=snapshot,
                            dataset=rosstat,
                            indicator=indicator,
                            region=regions[iso],
                            item=items[("nace2", code)],
                            year=year,
                            value=value,
                            is_competence=value >= threshold,
                        )
                    )
    # Before 2016 Rosstat used OKVED1, whose "D" is manufacturing (OKVED2's "C") and "C" mining;
    # its "A" (agriculture without fishing) is only part of OKVED2's "A": not comparable.
    for year in OKVED1_YEARS:
        for position, iso in enumerate(CBE_ORDER):
            for code, base in (("A", 2.0), ("C", 0.2), ("D", 1.3)):
                value = round(base - 0.1 * position, 2)
                rows.append(
                    CoefficientValue(
                        snapshot=snapshot,
                        dataset=rosstat,
                        indicator=Indicator.NATIONAL_LOCALISATION,
                        region=regions[iso],
                        item=items[("okved1", code)],
                        year=year,
                        value=value,
                        is_competence=value >= threshold,
                    )
                )
    CoefficientValue.objects.bulk_create(rows)

    concordance, cross_cutting = default_concordance(), default_cross_cutting()
    level_tables = {level: tables[indicator] for level, indicator in LEVEL_TABLE.items()}
    years = {"global": 2020, "national": 2020, "macroregional": 2020, "st": 2021}
    context = {"dataset": PAPER, "year": 2020, "years": years, "threshold": threshold}
    documents = []
    for iso in CBE_ORDER:
        payload = scenario_model(
            iso,
            st=tables[Indicator.ST_SPECIALISATION],
            concordance=concordance,
            cross_cutting=cross_cutting,
            export=level_tables["global"],
            national=level_tables["national"],
            macroregional=level_tables["macroregional"],
            threshold=threshold,
        ).to_dict()
        payload.update(region_name_en=regions[iso].name_en, region_name_ru=regions[iso].name_ru, **context)
        documents.append(
            SnapshotDocument(
                snapshot=snapshot,
                dataset=paper,
                kind=selectors.DOCUMENT_SCENARIO,
                key=iso,
                year=2020,
                payload=payload,
            )
        )
    matrix = managerial_matrix(
        st=tables[Indicator.ST_SPECIALISATION],
        concordance=concordance,
        cross_cutting=cross_cutting,
        export=level_tables["global"],
        national=level_tables["national"],
        macroregional=level_tables["macroregional"],
        regions=CBE_ORDER,
        threshold=threshold,
    )
    documents.append(
        SnapshotDocument(
            snapshot=snapshot,
            dataset=paper,
            kind=selectors.DOCUMENT_MATRIX,
            key="central-black-earth",
            year=2020,
            payload=matrix_payload(matrix, regions, context),
        )
    )
    SnapshotDocument.objects.bulk_create(documents)
    snapshot.row_counts = {"coefficients": len(rows), "documents": {"scenario": 5, "matrix": 1}}
    snapshot.save(update_fields=["row_counts"])
    return snapshot


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
