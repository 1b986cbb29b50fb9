"""Snapshots of the competence maps: values, idempotency, switching, failure, retention, lock.

SQLite, no worker (Celery is eager).  The data are written directly as Observation /
PublishedCoefficient rows of an ImportBatch, so these tests do not depend on the importers.
"""

from __future__ import annotations

import logging
from datetime import timedelta

import pandas as pd
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from analytics import computations, selectors
from analytics.choices import BatchKind, Indicator, SnapshotStatus
from analytics.computations.concordance import default_concordance, default_cross_cutting
from analytics.computations.tables import CBE_2020_DIR, CBE_2020_FILES
from analytics.models import (
    ClassifierItem,
    CoefficientValue,
    ConcordanceLink,
    CrossCuttingRubric,
    Dataset,
    ImportBatch,
    Observation,
    PublishedCoefficient,
    Snapshot,
    SnapshotDocument,
)
from analytics.services import snapshots
from analytics.services.snapshots import (
    LOCK_KEY,
    RecomputeInProgressError,
    SnapshotRecomputeError,
    snapshot_recompute,
)
from analytics.tasks import recompute_competence_maps_task
from audit.models import AuditLogEntry
from regions.models import Region

CBE_ISO = {"Belgorod": "RU-BEL", "Voronezh": "RU-VOR", "Kursk": "RU-KRS", "Lipetsk": "RU-LIP", "Tambov": "RU-TAM"}
NOW = timezone.now().replace(microsecond=0)

pytestmark = pytest.mark.django_db


# --- builders ------------------------------------------------------------------------


def _dataset(code: str) -> tuple[Dataset, ImportBatch]:
    dataset = Dataset.objects.create(code=code, name_ru=code, name_en=code)
    batch = ImportBatch.objects.create(
        dataset=dataset, kind=BatchKind.OBSERVATIONS, file_name=f"{code}.csv", checksum="0" * 64
    )
    return dataset, batch


def _item(classifier: str, code: str) -> ClassifierItem:
    return ClassifierItem.objects.get(classifier__code=classifier, code=code)


def _observe(dataset, batch, rows) -> None:
    """rows: (iso or None, classifier, item code, year, value)."""
    Observation.objects.bulk_create(
        Observation(
            dataset=dataset,
            batch=batch,
            region=Region.objects.get(iso_code=iso) if iso else None,
            item=_item(classifier, code),
            year=year,
            value=value,
        )
        for iso, classifier, code, year, value in rows
    )


def _value(snapshot, indicator, iso, code, year, dataset="volumes"):
    return CoefficientValue.objects.get(
        snapshot=snapshot, dataset__code=dataset, indicator=indicator, region__iso_code=iso, item__code=code, year=year
    )


@pytest.fixture
def volumes(reference_data):
    """A small data set of volumes with hand-computable coefficients.

    2020, NACE sections A and C, no country row (reference = sum of the regions):
        LIP A=10 C=30, VOR A=20 C=20 (both Central Black Earth), MOW A=10 C=50 (Central),
        TAM A=0 C=0 (no volume: NaN everywhere).
    2021, same regions plus an explicit country row A=100 C=100 (reference = that row):
        LIP A=10 C=30.
    Science 2020 (GRNTI 50 and 20): LIP 50=3 20=1, VOR 50=1 20=3.
    """
    dataset, batch = _dataset("volumes")
    _observe(
        dataset,
        batch,
        [
            ("RU-LIP", "nace2", "A", 2020, 10),
            ("RU-LIP", "nace2", "C", 2020, 30),
            ("RU-VOR", "nace2", "A", 2020, 20),
            ("RU-VOR", "nace2", "C", 2020, 20),
            ("RU-MOW", "nace2", "A", 2020, 10),
            ("RU-MOW", "nace2", "C", 2020, 50),
            ("RU-TAM", "nace2", "A", 2020, 0),
            ("RU-TAM", "nace2", "C", 2020, 0),
            ("RU-LIP", "nace2", "A", 2021, 10),
            ("RU-LIP", "nace2", "C", 2021, 30),
            (None, "nace2", "A", 2021, 100),
            (None, "nace2", "C", 2021, 100),
            ("RU-LIP", "grnti", "50", 2020, 3),
            ("RU-LIP", "grnti", "20", 2020, 1),
            ("RU-VOR", "grnti", "50", 2020, 1),
            ("RU-VOR", "grnti", "20", 2020, 3),
        ],
    )
    return dataset


def _load_concordance() -> None:
    """The shipped default concordance and cross-cutting list as analysts' rows."""
    grnti = dict(ClassifierItem.objects.filter(classifier__code="grnti").values_list("name_en", "pk"))
    directions = {
        "export": dict(ClassifierItem.objects.filter(classifier__code="feacn_groups").values_list("code", "pk")),
        "sector": dict(ClassifierItem.objects.filter(classifier__code="nace2").values_list("code", "pk")),
    }
    ConcordanceLink.objects.bulk_create(
        ConcordanceLink(
            direction_id=directions[row.classifier][row.code], rubric_id=grnti[row.st_rubric], sort_order=position
        )
        for position, row in enumerate(default_concordance().itertuples(index=False))
    )
    CrossCuttingRubric.objects.bulk_create(
        CrossCuttingRubric(rubric_id=grnti[rubric], sort_order=position)
        for position, rubric in enumerate(default_cross_cutting()["st_rubric"])
    )


@pytest.fixture
def cbe_2020(reference_data):
    """The paper's Tables 2-5 as published coefficients of a data set, plus the default concordance."""
    dataset = Dataset.objects.create(code="cbe-2020", name_ru="ЦЧ 2020", name_en="CBE 2020")
    batch = ImportBatch.objects.create(
        dataset=dataset, kind=BatchKind.COEFFICIENTS, file_name="cbe_2020", checksum="0" * 64
    )
    classifier_of = {
        Indicator.EXPORT_SPECIALISATION: "feacn_groups",
        Indicator.NATIONAL_LOCALISATION: "nace2",
        Indicator.MACROREGIONAL_LOCALISATION: "nace2",
        Indicator.ST_SPECIALISATION: "grnti",
    }
    regions = dict(Region.objects.filter(iso_code__in=CBE_ISO.values()).values_list("iso_code", "pk"))
    rows = []
    for indicator, file_name in CBE_2020_FILES.items():
        table = pd.read_csv(CBE_2020_DIR / file_name, dtype={"code": "string"}, keep_default_na=False)
        items = ClassifierItem.objects.filter(classifier__code=classifier_of[indicator])
        # Table 5 has no codes: its rubrics are matched by their English name.
        key = "name_en" if indicator == Indicator.ST_SPECIALISATION else "code"
        lookup = dict(items.values_list(key, "pk"))
        column = "name" if key == "name_en" else "code"
        rows.extend(
            PublishedCoefficient(
                dataset=dataset,
                batch=batch,
                indicator=indicator,
                region_id=regions[CBE_ISO[row["region"]]],
                item_id=lookup[row[column]],
                year=int(row["year"]),
                value=float(row["value"]),
            )
            for row in table.to_dict("records")
        )
    PublishedCoefficient.objects.bulk_create(rows)
    _load_concordance()
    return dataset


# --- values --------------------------------------------------------------------------


def test_coefficients_equal_hand_computed_values(volumes):
    snapshot = snapshot_recompute(now=NOW)

    assert snapshot.status == SnapshotStatus.COMPLETE and snapshot.is_current
    national, macro = Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION
    # 2020, reference = sum of the regions: A=40, C=100, total 140.
    assert _value(snapshot, national, "RU-LIP", "A", 2020).value == pytest.approx((10 / 40) / (40 / 140))
    assert _value(snapshot, national, "RU-LIP", "C", 2020).value == pytest.approx((30 / 40) / (100 / 140))
    assert _value(snapshot, national, "RU-MOW", "C", 2020).value == pytest.approx((50 / 60) / (100 / 140))
    # macro-region Central Black Earth = LIP + VOR (TAM has no volume): A=30, C=50, total 80.
    assert _value(snapshot, macro, "RU-LIP", "A", 2020).value == pytest.approx(0.25 / (30 / 80))
    assert _value(snapshot, macro, "RU-VOR", "A", 2020).value == pytest.approx(0.5 / (30 / 80))
    # Moscow is alone in its macro-region in this data: LQ = 1.
    assert _value(snapshot, macro, "RU-MOW", "A", 2020).value == pytest.approx(1.0)
    # 2021: the explicit country row is the reference: A=100, C=100.
    assert _value(snapshot, national, "RU-LIP", "A", 2021).value == pytest.approx(0.25 / 0.5)
    assert _value(snapshot, national, "RU-LIP", "C", 2021).value == pytest.approx(0.75 / 0.5)
    # S&T: LIP 50 = (3/4)/(4/8).
    assert _value(snapshot, Indicator.ST_SPECIALISATION, "RU-LIP", "50", 2020).value == pytest.approx(1.5)
    # No volume: NaN is stored as NULL and is never a competence.
    tambov = _value(snapshot, national, "RU-TAM", "A", 2020)
    assert tambov.value is None and tambov.is_competence is False
    # Competence flags: >= 1.
    assert _value(snapshot, national, "RU-LIP", "C", 2020).is_competence is True
    assert _value(snapshot, national, "RU-LIP", "A", 2020).is_competence is False
    assert snapshot.row_counts["coefficients"] == CoefficientValue.objects.filter(snapshot=snapshot).count()


def test_complexity_documents_per_family_and_year(volumes):
    snapshot_recompute(now=NOW)

    document = selectors.complexity_for("volumes", Indicator.NATIONAL_LOCALISATION, 2020)
    assert document["source"] == "volumes"
    # TAM has no volume: dropped, as ecomplexity does; RCA against the sum of the regions.
    assert document["dropped_regions"] == ["RU-TAM"]
    assert document["regions"] == ["RU-LIP", "RU-MOW", "RU-VOR"] and document["items"] == ["A", "C"]
    assert document["rca"][0][0] == pytest.approx((10 / 40) / (40 / 140))
    assert document["presence"] == [[0, 1], [0, 1], [1, 0]]
    assert document["diversity"] == [1, 1, 1] and document["ubiquity"] == [1, 2]
    assert selectors.document_years(kind="complexity", dataset_code="volumes", key="national_localisation") == [
        2020,
        2021,
    ]


def test_the_macroregional_factor_gets_its_relatedness_from_the_coefficients(volumes):
    # given volumes of a sector classifier: national factor from volumes, macro-regional from coefficients
    snapshot_recompute(now=NOW)

    document = selectors.complexity_for("volumes", Indicator.MACROREGIONAL_LOCALISATION, 2020)

    assert document is not None and document["source"] == "coefficients"
    # its "rca" is the snapshot's macro-regional factor of each region and item
    snapshot = selectors.current_snapshot()
    for row, region in enumerate(document["regions"]):
        for column, item in enumerate(document["items"]):
            stored = _value(snapshot, Indicator.MACROREGIONAL_LOCALISATION, region, item, 2020).value
            assert document["rca"][row][column] == pytest.approx(stored)


def test_selectors_read_the_current_snapshot_in_one_query(volumes, django_assert_num_queries):
    snapshot_recompute(now=NOW)

    with django_assert_num_queries(1):
        rows = list(selectors.coefficient_values(dataset="volumes", region="RU-LIP", year=2020))
    assert {row.indicator for row in rows} == {
        Indicator.NATIONAL_LOCALISATION,
        Indicator.MACROREGIONAL_LOCALISATION,
        Indicator.ST_SPECIALISATION,
    }
    assert rows[0].region_iso == "RU-LIP" and rows[0].macroregion_code == "central-black-earth"
    with django_assert_num_queries(1):
        competences = list(selectors.coefficient_values(macroregion="central-black-earth", competences_only=True))
    assert all(row.is_competence for row in competences)


# --- the paper: Lipetsk's scenario model is Figure 1 ----------------------------------


def test_lipetsk_scenario_document_is_figure_1(cbe_2020):
    snapshot_recompute(now=NOW)

    scenario = selectors.scenario_for("RU-LIP", "cbe-2020")
    codes = {level: [d["code"] for d in directions] for level, directions in scenario["levels"].items()}
    assert codes == {
        "global": ["01-24", "72-83"],
        "national": ["A", "C", "F", "L"],
        "macroregional": ["H", "I", "J", "K", "L"],
    }
    cross = ["Automation. Computer engineering", "Computer science", "Cybernetics"]
    for directions in scenario["levels"].values():
        for direction in directions:
            assert [c["name"] for c in direction["cross_cutting"]] == cross
    assert scenario["region"] == "RU-LIP" and scenario["region_name_en"] == "Lipetsk Oblast"
    assert scenario["year"] == 2020 and scenario["years"] == {
        "global": 2020,
        "national": 2020,
        "macroregional": 2020,
        "st": 2021,
    }
    food = scenario["levels"]["global"][0]
    assert [c["name"] for c in food["st_competences"]] == ["Chemical technology. Chemical industry"]


def test_scenario_documents_equal_the_engines_scenario_model(cbe_2020):
    # given the engine fed directly from the shipped CSVs (Table 5's rubrics coded as in GRNTI)
    grnti = dict(ClassifierItem.objects.filter(classifier__code="grnti").values_list("name_en", "code"))
    tables = computations.cbe_2020_tables(st_codes=grnti)
    concordance, cross_cutting = default_concordance(), default_cross_cutting()

    snapshot_recompute(now=NOW)

    for name, iso in CBE_ISO.items():
        expected = computations.scenario_model(
            name,
            st=tables[Indicator.ST_SPECIALISATION],
            concordance=concordance,
            cross_cutting=cross_cutting,
            export=tables[Indicator.EXPORT_SPECIALISATION],
            national=tables[Indicator.NATIONAL_LOCALISATION],
            macroregional=tables[Indicator.MACROREGIONAL_LOCALISATION],
        ).to_dict()
        stored = selectors.scenario_for(iso, "cbe-2020", 2020)
        # the stored document is the engine's to_dict(), the region named by its ISO code
        assert stored["levels"] == expected["levels"], name
        assert stored["region"] == iso


def test_managerial_matrix_document_has_table_6_layout(cbe_2020):
    snapshot_recompute(now=NOW)

    matrix = selectors.matrix_for("central-black-earth", "cbe-2020")
    assert [region["code"] for region in matrix["regions"]] == list(CBE_ISO.values())
    national = {direction["code"]: direction for direction in matrix["levels"]["national"]}
    lipetsk_c = national["C"]["cells"][3]
    assert lipetsk_c["region"] == "RU-LIP" and lipetsk_c["mark"] == "+" and lipetsk_c["specialised"]
    assert [cell["region"] for cell in national["C"]["cells"]] == list(CBE_ISO.values())
    # every listed direction has a "+" somewhere, as in the paper
    for directions in matrix["levels"].values():
        assert all(any(cell["specialised"] for cell in d["cells"]) for d in directions)
    cross = {row["region"]: [c["name"] for c in row["competences"]] for row in matrix["cross_cutting"]}
    assert cross["RU-LIP"] == ["Automation. Computer engineering", "Computer science", "Cybernetics"]


# --- idempotency, switching, failure, retention ---------------------------------------


def test_same_inputs_give_the_same_snapshot(volumes, make_user):
    first = snapshot_recompute(now=NOW)
    analyst = make_user()

    second = snapshot_recompute(actor=analyst, now=NOW + timedelta(hours=1))

    assert second.pk == first.pk
    assert Snapshot.objects.count() == 1
    assert AuditLogEntry.objects.filter(action="analytics.recomputed", actor=analyst).exists()


def test_a_naive_now_is_refused(volumes):
    with pytest.raises(ValueError, match="timezone-aware"):
        snapshot_recompute(now=NOW.replace(tzinfo=None))


def test_force_recomputes_with_the_same_inputs(volumes):
    first = snapshot_recompute(now=NOW)

    second = snapshot_recompute(now=NOW + timedelta(hours=1), force=True)

    assert second.pk != first.pk and second.inputs_checksum == first.inputs_checksum
    first.refresh_from_db()
    assert second.is_current and not first.is_current


def test_changed_input_makes_a_new_current_snapshot_and_the_old_one_serves_until_then(volumes, monkeypatch):
    old = snapshot_recompute(now=NOW)
    Observation.objects.filter(dataset=volumes, region__iso_code="RU-LIP", item__code="A", year=2020).update(value=20)
    seen_during_run = []
    write = snapshots._write

    def spy(snapshot, computed, inputs):
        counts = write(snapshot, computed, inputs)
        # the new rows are written, yet readers still get the old snapshot
        seen_during_run.append((selectors.current_snapshot().pk, snapshot.status))
        seen_during_run.append(_value(old, Indicator.NATIONAL_LOCALISATION, "RU-LIP", "A", 2020).value)
        return counts

    monkeypatch.setattr(snapshots, "_write", spy)

    new = snapshot_recompute(now=NOW + timedelta(hours=1))

    assert seen_during_run[0] == (old.pk, SnapshotStatus.RUNNING)
    assert seen_during_run[1] == pytest.approx((10 / 40) / (40 / 140))
    assert new.pk != old.pk and new.is_current and new.inputs_checksum != old.inputs_checksum
    old.refresh_from_db()
    assert not old.is_current and old.status == SnapshotStatus.COMPLETE
    assert selectors.current_snapshot() == new
    (row,) = selectors.coefficient_values(
        dataset="volumes", region="RU-LIP", indicator=Indicator.NATIONAL_LOCALISATION, item="A", year=2020
    )
    assert row.value == pytest.approx((20 / 50) / (50 / 150))


def test_changed_threshold_makes_a_new_snapshot(volumes, settings):
    first = snapshot_recompute(now=NOW)
    settings.ANALYTICS_COMPETENCE_THRESHOLD = 1.2

    second = snapshot_recompute(now=NOW + timedelta(hours=1))

    assert second.pk != first.pk and second.threshold == 1.2
    # LIP C 2020 = 1.05: a competence at 1.0, not at 1.2
    assert _value(first, Indicator.NATIONAL_LOCALISATION, "RU-LIP", "C", 2020).is_competence
    assert not _value(second, Indicator.NATIONAL_LOCALISATION, "RU-LIP", "C", 2020).is_competence


def test_a_failing_computation_leaves_the_previous_snapshot_current(volumes, monkeypatch):
    previous = snapshot_recompute(now=NOW)
    Observation.objects.filter(dataset=volumes, item__code="C").update(value=5)

    def boom(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(computations, "macroregional_localisation_factor", boom)

    with pytest.raises(SnapshotRecomputeError) as raised:
        snapshot_recompute(now=NOW + timedelta(hours=1))

    failed = raised.value.snapshot
    failed.refresh_from_db()
    assert failed.status == SnapshotStatus.FAILED and not failed.is_current
    assert "engine exploded" in failed.error
    assert not CoefficientValue.objects.filter(snapshot=failed).exists()
    assert selectors.current_snapshot() == previous
    assert cache.get(LOCK_KEY) is None  # the lock is released


def test_a_failure_while_writing_leaves_no_partial_rows(volumes, monkeypatch):
    previous = snapshot_recompute(now=NOW)
    Observation.objects.filter(dataset=volumes, item__code="C").update(value=5)

    def broken_switch(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(snapshots, "_switch", broken_switch)

    with pytest.raises(SnapshotRecomputeError):
        snapshot_recompute(now=NOW + timedelta(hours=1))

    assert selectors.current_snapshot() == previous
    assert set(CoefficientValue.objects.values_list("snapshot", flat=True).distinct()) == {previous.pk}


def test_retention_prunes_old_complete_snapshots_never_the_current(volumes, settings):
    settings.ANALYTICS_SNAPSHOT_RETENTION = 2
    runs = [snapshot_recompute(now=NOW + timedelta(hours=hour), force=True) for hour in range(4)]

    kept = list(Snapshot.objects.order_by("started_at").values_list("pk", flat=True))
    assert kept == [runs[2].pk, runs[3].pk]
    assert selectors.current_snapshot() == runs[3]
    assert not CoefficientValue.objects.filter(snapshot__in=[runs[0].pk, runs[1].pk]).exists()


def test_an_interrupted_run_is_marked_failed_by_the_next(volumes):
    previous = snapshot_recompute(now=NOW)
    orphan = Snapshot.objects.create(status=SnapshotStatus.RUNNING, inputs_checksum="x", started_at=NOW)

    current = snapshot_recompute(now=NOW + timedelta(hours=1))

    orphan.refresh_from_db()
    assert orphan.status == SnapshotStatus.FAILED and "Interrupted" in orphan.error
    assert current.pk == previous.pk  # inputs unchanged: nothing recomputed


# --- lock ----------------------------------------------------------------------------


def test_a_held_lock_refuses_a_second_run(volumes):
    # given another run holds the lock
    assert cache.add(LOCK_KEY, "someone-else", timeout=60)

    with pytest.raises(RecomputeInProgressError):
        snapshot_recompute(now=NOW)

    assert not Snapshot.objects.exists()
    assert cache.get(LOCK_KEY) == "someone-else"  # not released by the refused call
    cache.delete(LOCK_KEY)
    assert snapshot_recompute(now=NOW).is_current


def test_the_task_is_refused_while_another_run_holds_the_lock(volumes, caplog):
    assert cache.add(LOCK_KEY, "someone-else", timeout=60)

    with caplog.at_level(logging.WARNING, logger="analytics.tasks"):
        result = recompute_competence_maps_task.delay()

    assert result.get() is None
    assert "another run holds the lock" in caplog.text
    assert not Snapshot.objects.exists()


def test_the_task_runs_the_service_in_process_without_redis(volumes, make_user):
    analyst = make_user()

    snapshot_id = recompute_competence_maps_task.delay(analyst.pk).get()

    snapshot = Snapshot.objects.get(pk=snapshot_id)
    assert snapshot.is_current and snapshot.triggered_by == analyst
    assert recompute_competence_maps_task.delay().get() == snapshot_id  # idempotent


def test_management_command_prints_the_figures(volumes, capsys):
    call_command("recompute_competence_maps")
    call_command("recompute_competence_maps", "--force")

    output = capsys.readouterr().out
    assert output.count("coefficients:") == 2 and "total" in output
    assert Snapshot.objects.filter(status=SnapshotStatus.COMPLETE).count() == 2


def test_documents_are_written_per_dataset_kind_and_year(volumes, cbe_2020):
    _dataset("empty")  # a data set without any figure yet: nothing to compute, no error

    snapshot = snapshot_recompute(now=NOW)

    kinds = set(SnapshotDocument.objects.filter(snapshot=snapshot).values_list("dataset__code", "kind"))
    assert kinds >= {("cbe-2020", "scenario"), ("cbe-2020", "matrix"), ("cbe-2020", "complexity")}
    assert ("volumes", "scenario") in kinds
    years = selectors.scenario_for("RU-LIP", "volumes", 2021)["years"]
    assert years == {"national": 2021, "macroregional": 2021, "st": 2020}
    assert selectors.scenario_for("RU-XXX", "volumes") is None


def test_okved1_directions_keep_their_own_names_and_no_okved2_concordance(reference_data):
    # given OKVED1 sections in 2015 and OKVED2 (NACE) sections in 2016 -- "C" is mining in
    # the first and manufacturing in the second -- and the default (NACE) concordance
    _load_concordance()
    rubric = default_concordance().query("classifier == 'sector' and code == 'C'")["st_rubric"].iloc[0]
    linked = ClassifierItem.objects.get(classifier__code="grnti", name_en=rubric).code
    other = ClassifierItem.objects.filter(classifier__code="grnti").exclude(code=linked).first().code
    dataset, batch = _dataset("okved")
    rows = []
    for classifier, year in (("okved1", 2015), ("nace2", 2016)):
        rows += [
            ("RU-LIP", classifier, "A", year, 10),
            ("RU-LIP", classifier, "C", year, 30),
            ("RU-VOR", classifier, "A", year, 30),
            ("RU-VOR", classifier, "C", year, 10),
            ("RU-LIP", "grnti", linked, year, 3),
            ("RU-LIP", "grnti", other, year, 1),
            ("RU-VOR", "grnti", linked, year, 1),
            ("RU-VOR", "grnti", other, year, 3),
        ]
    _observe(dataset, batch, rows)

    snapshot_recompute(now=NOW)

    mining = selectors.scenario_for("RU-LIP", "okved", 2015)["levels"]["national"]
    manufacturing = selectors.scenario_for("RU-LIP", "okved", 2016)["levels"]["national"]
    assert [(d["code"], d["name"]) for d in mining] == [("C", _item("okved1", "C").name_en)]
    assert [(d["code"], d["name"]) for d in manufacturing] == [("C", _item("nace2", "C").name_en)]
    assert mining[0]["st_competences"] == []  # the concordance links NACE's C, not OKVED1's
    assert [c["code"] for c in manufacturing[0]["st_competences"]] == [linked]


def test_an_empty_data_bank_gives_an_empty_complete_snapshot(reference_data):
    """A fresh installation: recomputing before any import must not fail."""
    snapshot = snapshot_recompute()

    assert snapshot.status == SnapshotStatus.COMPLETE and snapshot.is_current
    assert snapshot.coefficients.count() == 0
