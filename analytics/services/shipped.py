"""Load the data shipped with Spiral into the data bank; idempotent (a second run writes nothing).

1. ``cbe-2020`` -- the seed paper's Tables 2–5 as published coefficients
   (``analytics/data/cbe_2020/``), one import batch per table, through the same
   validation as an analyst's import.
2. ``rosstat-gva`` -- Rosstat's GVA structure by OKVED section for all regions and
   Russia, 2009–2022, as volumes (share × GRP, million RUB) in one batch
   (``analytics/data/rosstat/``; see ``analytics.importers.rosstat``).
3. ``rosstat-rd-personnel`` and ``rosstat-innovation-activity`` -- Rosstat's regional tables
   (``nauka_2.xls``, ``innovations_1.xls``) as values per region and year
   (``RegionalStatistic``; see ``analytics.importers.rosstat_series``).
4. The default concordance and cross-cutting rubrics, only into empty tables.

Existing data sets keep their names and sources (analysts may edit them);
rows are upserted, and a table whose rows are all unchanged writes no batch.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from analytics.choices import BatchKind, RegionalSeries
from analytics.computations.concordance import read_concordance, read_cross_cutting
from analytics.importers.lookups import COUNTRY, RegionLookup, RegionNames
from analytics.importers.rosstat import UNIT, gva_volumes, read_grp_totals, read_gva_structure
from analytics.importers.rosstat_series import INNOVATION_ACTIVITY, RD_PERSONNEL, SeriesSpec, read_series
from analytics.models import Classifier, ClassifierItem, Dataset, RegionalStatistic
from regions.models import Region

from .concordance import concordance_load_default
from .imports import ImportRejectedError, commit_plan, import_preview, plan_rows

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

CBE_2020 = {
    "code": "cbe-2020",
    "name_en": "Central Black Earth macro-region: the paper's Tables 2–5 (2020–2021)",
    "name_ru": "Центрально-Черноземный макрорегион: таблицы 2–5 статьи (2020–2021)",
    "source_en": (
        "Lyshchikova, Stryabkova, Vladyka, Kulik, Bondareva (2023), \u201cStrategic management of smart "
        "specialization in regional economic development: connection of export, sectoral, scientific, and "
        "technological competences\u201d, Vol. 36, No. 05 (Especial), pp. 180-192, Tables 2–5. Published "
        "coefficients rounded to 2 decimals; only rows where at least one region is specialised."
    ),
    "source": (
        "Lyshchikova, Stryabkova, Vladyka, Kulik, Bondareva (2023), \u201cStrategic management of smart "
        "specialization in regional economic development: connection of export, sectoral, scientific, and "
        "technological competences\u201d, Vol. 36, No. 05 (Especial), pp. 180-192, таблицы 2–5. "
        "Опубликованные коэффициенты, округлённые до двух знаков; только строки, где специализирован хотя бы "
        "один регион."
    ),
    "description_en": (
        "Export specialisation ratio by FEACN group (2020), national and macro-regional localisation factors "
        "by NACE section (2020), S&T specialisation ratio by GRNTI rubric (2021) for the Belgorod, Voronezh, "
        "Kursk, Lipetsk and Tambov regions."
    ),
    "description": (
        "Коэффициент экспортной специализации по группам ТН ВЭД (2020), национальный и макрорегиональный "
        "коэффициенты локализации по разделам ОКВЭД2 (2020), коэффициент научно-технологической специализации "
        "по рубрикам ГРНТИ (2021) для Белгородской, Воронежской, Курской, Липецкой и Тамбовской областей."
    ),
    "sort_order": 10,
}
#: The paper's tables and the classifier each one uses.
CBE_2020_TABLES = (
    ("table2_export_specialisation.csv", "feacn_groups"),
    ("table3_national_localisation.csv", "nace2"),
    ("table4_macroregional_localisation.csv", "nace2"),
    ("table5_st_specialisation.csv", "grnti"),
)

ROSSTAT_GVA = {
    "code": "rosstat-gva",
    "name_en": "Rosstat: gross value added by OKVED section, all regions, 2009–2022",
    "name_ru": "Росстат: валовая добавленная стоимость по разделам ОКВЭД, все регионы, 2009–2022",
    "source_en": (
        "Rosstat, \u201cОтраслевая структура ВДС субъектов РФ\u201d (structure of gross value added by OKVED "
        "section, % of the region's GVA) and gross regional product, million roubles, current prices, "
        "1998–2022, as collected in the public repository devproglab/Regional-Multipliers-RU (commit 8c3d858, "
        "Data/VRP_OKVED2_s2016.xlsx and Data/VRP.xlsx). Volumes = share × GRP; OKVED1 until 2015, OKVED2 "
        "(= NACE Rev. 2 sections) from 2016."
    ),
    "source": (
        "Росстат, «Отраслевая структура ВДС субъектов РФ» (доля раздела ОКВЭД в ВДС региона, %) и валовой "
        "региональный продукт, млн руб., в текущих ценах, 1998–2022, в сборе открытого репозитория "
        "devproglab/Regional-Multipliers-RU (коммит 8c3d858, Data/VRP_OKVED2_s2016.xlsx и Data/VRP.xlsx). "
        "Объёмы = доля × ВРП; ОКВЭД1 до 2015 года, ОКВЭД2 (= разделы NACE Rev. 2) с 2016 года."
    ),
    "description_en": (
        "Gross value added by OKVED section (million RUB, current prices) of every federal subject and of "
        "Russia (sum of the subjects), 2009–2022. Every territory is counted once: Tyumen and Arkhangelsk "
        "Oblasts are Rosstat's rows without their autonomous okrugs (Khanty-Mansi, Yamalo-Nenets; Nenets), "
        "which are regions of their own, so no macro-regional or national sum counts the okrugs twice; "
        "the rows without the okrugs start in 2011."
    ),
    "description": (
        "Валовая добавленная стоимость по разделам ОКВЭД (млн руб., в текущих ценах) каждого субъекта "
        "Российской Федерации и России (сумма субъектов), 2009–2022. Каждая территория учтена один раз: "
        "Тюменская и Архангельская области — это строки Росстата без автономных округов (Ханты-Мансийского, "
        "Ямало-Ненецкого; Ненецкого), которые сами являются регионами, поэтому ни одна макрорегиональная или "
        "национальная сумма не учитывает округа дважды; строки без округов начинаются с 2011 года."
    ),
    "sort_order": 20,
}
_SERIES_SOURCE = (
    "Rosstat's own file, from the public repository findatalab/rosstat-open-data (commit b6ea930, MIT licence). "
    "Every territory once: Tyumen and Arkhangelsk Oblasts are the rows without their autonomous okrugs."
)
_SERIES_SOURCE_RU = (
    "Файл Росстата из открытого репозитория findatalab/rosstat-open-data (коммит b6ea930, лицензия MIT). "
    "Каждая территория один раз: Тюменская и Архангельская области — строки без их автономных округов."
)
ROSSTAT_SERIES: tuple[tuple[dict, str, RegionalSeries, SeriesSpec], ...] = (
    (
        {
            "code": "rosstat-rd-personnel",
            "name_en": "Rosstat: R&D personnel by region, 2010 and 2015–2024",
            "name_ru": "Росстат: численность персонала, занятого научными исследованиями и разработками, 2010, "
            "2015–2024",
            "source_en": "Rosstat, «Численность персонала, занятого научными исследованиями и разработками, по "
            "категориям и субъектам Российской Федерации» (nauka_2.xls, sheet 2, total personnel). " + _SERIES_SOURCE,
            "source": "Росстат, «Численность персонала, занятого научными исследованиями и разработками, по "
            "категориям и субъектам Российской Федерации» (nauka_2.xls, лист 2, весь персонал). " + _SERIES_SOURCE_RU,
            "description_en": "People employed in research and development in each federal subject and in Russia. "
            "The macro-region's value is the sum of its regions'.",
            "description": "Численность занятых научными исследованиями и разработками в каждом субъекте и в России. "
            "Значение макрорегиона — сумма значений его регионов.",
            "sort_order": 30,
        },
        "nauka_2.xls",
        RegionalSeries.RD_PERSONNEL,
        RD_PERSONNEL,
    ),
    (
        {
            "code": "rosstat-innovation-activity",
            "name_en": "Rosstat: level of innovation activity of organisations by region, 2010–2024",
            "name_ru": "Росстат: уровень инновационной активности организаций по субъектам, 2010–2024",
            "source_en": "Rosstat, «Уровень инновационной активности организаций по субъектам Российской Федерации» "
            "(innovations_1.xls, sheet 1; form 4-инновация). " + _SERIES_SOURCE,
            "source": "Росстат, «Уровень инновационной активности организаций по субъектам Российской Федерации» "
            "(innovations_1.xls, лист 1; форма 4-инновация). " + _SERIES_SOURCE_RU,
            "description_en": "Share of organisations that carried out innovations, %. 2010–2017 by the 3rd edition "
            "of the Oslo Manual, from 2018 by the 4th: the series breaks there. The macro-region's value is the "
            "plain mean of its regions' levels (the file gives no counts of organisations).",
            "description": "Доля организаций, осуществлявших инновации, %. 2010–2017 — по 3-й редакции "
            "Руководства Осло, с 2018 года — по 4-й: здесь ряд прерывается. Значение макрорегиона — простое среднее "
            "уровней его регионов (файл не даёт числа организаций).",
            "sort_order": 40,
        },
        "innovations_1.xls",
        RegionalSeries.INNOVATION_ACTIVITY,
        INNOVATION_ACTIVITY,
    ),
)
GVA_FILE = "gva_structure_by_okved_section_2009_2022.csv"
GRP_FILE = "grp_1998_2022.xlsx"


class ShippedDataError(Exception):
    """The shipped data cannot be loaded (reference data missing, or a shipped file is invalid)."""


@dataclass
class ShippedReport:
    """What loading one part of the shipped data wrote, and how long it took."""

    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    batches: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.label}: {self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.batches} batch(es) in {self.seconds:.2f} s"
        )
        return "\n".join([text, *(f"  - {note}" for note in self.notes)])


def shipped_load_all(*, data_dir: Path = DATA_DIR) -> list[ShippedReport]:
    """Load everything shipped (each part in its own transaction) and report per part, with timings."""
    reports = []
    for loader in (
        shipped_load_cbe_2020,
        shipped_load_rosstat_gva,
        shipped_load_rosstat_series,
        shipped_load_concordance,
    ):
        started = time.perf_counter()
        report = loader(data_dir=data_dir)
        report.seconds = time.perf_counter() - started
        reports.append(report)
    return reports


def _dataset(fields: dict) -> Dataset:
    """The shipped data set, created with its names and source on the first run and left as edited afterwards.

    A data set shipped before its texts had two languages held the English text in its Russian columns: that
    text moves to the English column and the Russian one takes the shipped Russian text (only while both are
    still as shipped, so an analyst's edit stays)."""
    defaults = {name: value for name, value in fields.items() if name != "code"}
    dataset, _ = Dataset.objects.get_or_create(code=fields["code"], defaults=defaults)
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    for text in ("source", "description"):
        english = fields.get(f"{text}_en", "")
        if english and not getattr(dataset, f"{text}_en") and getattr(dataset, text) == english:
            setattr(dataset, f"{text}_en", english)
            setattr(dataset, text, fields[text])
            dataset.save(update_fields=[text, f"{text}_en"])
    return dataset


def _classifier(code: str) -> Classifier:
    try:
        return Classifier.objects.get(code=code)
    except Classifier.DoesNotExist as error:
        raise ShippedDataError(f"classifier {code!r} is missing: run `manage.py load_reference_data` first") from error


@transaction.atomic
def shipped_load_cbe_2020(*, data_dir: Path = DATA_DIR) -> ShippedReport:
    """The paper's Tables 2–5 as published coefficients of the data set ``cbe-2020``."""
    if not Region.objects.exists():
        raise ShippedDataError("regions are missing: run `manage.py load_reference_data` first")
    report = ShippedReport(str(CBE_2020["code"]))
    dataset = _dataset(CBE_2020)
    for file_name, classifier_code in CBE_2020_TABLES:
        path = data_dir / "cbe_2020" / file_name
        preview = import_preview(
            dataset=dataset,
            kind=BatchKind.COEFFICIENTS,
            classifier=_classifier(classifier_code),
            file_name=f"cbe_2020/{file_name}",
            content=path.read_bytes(),
        )
        if not preview.is_valid:
            raise ShippedDataError(f"{path}: {ImportRejectedError(preview).messages[0]} {preview.problems[:5]}")
        report.created += preview.created
        report.updated += preview.updated
        report.unchanged += preview.unchanged
        if preview.plan.has_changes:
            commit_plan(
                dataset=dataset,
                kind=BatchKind.COEFFICIENTS,
                plan=preview.plan,
                file_name=preview.file_name,
                checksum=preview.checksum,
                row_count=preview.parsed.row_count,
                report={**preview.summary(), "source": "shipped"},
                actor=None,
            )
            report.batches += 1
    return report


@transaction.atomic
def shipped_load_rosstat_gva(*, data_dir: Path = DATA_DIR) -> ShippedReport:
    """Rosstat's GVA by OKVED section (volumes = share × GRP) as observations of the data set ``rosstat-gva``."""
    report = ShippedReport(str(ROSSTAT_GVA["code"]))
    gva_path, grp_path = data_dir / "rosstat" / GVA_FILE, data_dir / "rosstat" / GRP_FILE
    regions = list(Region.objects.values_list("iso_code", "rosstat_name"))
    if not regions:
        raise ShippedDataError("regions are missing: run `manage.py load_reference_data` first")
    volumes = gva_volumes(
        read_gva_structure(gva_path),
        read_grp_totals(grp_path),
        # Tyumen and Arkhangelsk are named by their rows without their okrugs: every territory once.
        regions={rosstat: iso for iso, rosstat in regions if rosstat},
    )
    rows = volumes.rows
    item_ids: dict[tuple[str, str], int] = {}
    for classifier_code in rows["classifier"].unique():
        classifier = _classifier(classifier_code)
        for code, pk in ClassifierItem.objects.filter(classifier=classifier).values_list("code", "id"):
            item_ids[(classifier_code, code)] = pk
    keys = list(zip(rows["classifier"], rows["code"], strict=True))
    unknown = sorted({key for key in keys if key not in item_ids})
    if unknown:
        raise ShippedDataError(f"{gva_path.name}: sections missing from the classifiers: {unknown}")
    rows = rows.assign(
        item_id=[item_ids[key] for key in keys],
        unit=UNIT,
        indicator="",
        row=None,
    )
    dataset = _dataset(ROSSTAT_GVA)
    plan = plan_rows(dataset=dataset, kind=BatchKind.OBSERVATIONS, rows=rows)
    report.created, report.updated, report.unchanged = len(plan.to_create), len(plan.to_update), plan.unchanged
    report.notes.append(
        f"{len(rows)} rows: {int((rows['region'] == COUNTRY).sum())} country totals, "
        f"{rows['region'].nunique() - 1} regions, years {rows['year'].min()}–{rows['year'].max()}"
    )
    report.notes.append(f"skipped {len(volumes.skipped_names)} aggregate rows: {', '.join(volumes.skipped_names)}")
    if volumes.rows_without_grp:
        report.notes.append(f"{volumes.rows_without_grp} shares without GRP left out")
    if plan.has_changes:
        checksum = hashlib.sha256(gva_path.read_bytes() + grp_path.read_bytes()).hexdigest()
        commit_plan(
            dataset=dataset,
            kind=BatchKind.OBSERVATIONS,
            plan=plan,
            file_name=f"rosstat/{GVA_FILE} × rosstat/{GRP_FILE}",
            checksum=checksum,
            row_count=len(rows),
            report={
                "source": "shipped",
                "rows": len(rows),
                "created": len(plan.to_create),
                "updated": len(plan.to_update),
                "unchanged": plan.unchanged,
                "skipped_regions": volumes.skipped_names,
                "years": {str(year): counts for year, counts in sorted(plan.by_year.items())},
            },
            actor=None,
        )
        report.batches = 1
    return report


@transaction.atomic
def shipped_load_rosstat_series(*, data_dir: Path = DATA_DIR) -> ShippedReport:
    """Rosstat's regional tables (R&D personnel, level of innovation activity) as ``RegionalStatistic`` rows,
    upserted: a second run writes nothing. A file with a row error loads nothing (``ShippedDataError``)."""
    report = ShippedReport("rosstat-series")
    regions = list(Region.objects.values_list("id", "iso_code", "name_ru", "name_en", "rosstat_name"))
    if not regions:
        raise ShippedDataError("regions are missing: run `manage.py load_reference_data` first")
    lookup = RegionLookup.build(RegionNames(iso, ru, en, rosstat) for _, iso, ru, en, rosstat in regions)
    region_ids = {iso: pk for pk, iso, *_ in regions}
    for fields, file_name, series, spec in ROSSTAT_SERIES:
        path = data_dir / "rosstat" / file_name
        parsed = read_series(path.read_bytes(), spec=spec, regions=lookup)
        if not parsed.is_valid:
            raise ShippedDataError(f"{path.name}: {'; '.join(str(problem) for problem in parsed.problems[:5])}")
        dataset = _dataset(fields)
        existing: dict[tuple[int | None, int], tuple[int, float]] = {
            (region_id, year): (pk, value)
            for pk, region_id, year, value in RegionalStatistic.objects.filter(series=series).values_list(
                "pk", "region_id", "year", "value"
            )
        }
        to_create, to_update = [], []
        for row in parsed.rows.itertuples(index=False):
            region_id = None if row.region == COUNTRY else region_ids[row.region]
            found = existing.get((region_id, int(row.year)))
            if found is None:
                to_create.append(
                    RegionalStatistic(
                        dataset=dataset,
                        series=series,
                        region_id=region_id,
                        year=int(row.year),
                        value=float(row.value),
                        unit=spec.unit,
                    )
                )
            elif found[1] != float(row.value):
                to_update.append(RegionalStatistic(pk=found[0], value=float(row.value)))
            else:
                report.unchanged += 1
        RegionalStatistic.objects.bulk_create(to_create, batch_size=1000)
        RegionalStatistic.objects.bulk_update(to_update, ["value"], batch_size=1000)
        report.created += len(to_create)
        report.updated += len(to_update)
        years = parsed.rows["year"]
        report.notes.append(
            f"{fields['code']}: {len(parsed.rows)} values, {parsed.rows['region'].nunique() - 1} regions and Russia, "
            f"{years.min()}–{years.max()}; skipped {len(parsed.skipped)} aggregate rows"
        )
    return report


def shipped_load_concordance(*, data_dir: Path = DATA_DIR) -> ShippedReport:
    """The default concordance and cross-cutting rubrics, each only into an empty table."""
    base = data_dir / "cbe_2020"
    loaded = concordance_load_default(
        concordance=read_concordance(base / "concordance.csv"),
        cross_cutting=read_cross_cutting(base / "cross_cutting.csv"),
    )
    report = ShippedReport("concordance", created=loaded.links + loaded.cross_cutting)
    report.notes.append(f"{loaded.links} direction → rubric links, {loaded.cross_cutting} cross-cutting rubrics")
    report.notes.extend(loaded.notes)
    return report
