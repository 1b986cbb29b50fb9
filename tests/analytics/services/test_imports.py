"""Import services: dry run writes nothing, apply is all or nothing, upserts by key, batches and audit rows."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from analytics.models import Classifier, ImportBatch, Observation, PublishedCoefficient
from analytics.services.imports import (
    STAGING_DIR,
    ImportRejectedError,
    StagedImportNotFoundError,
    data_bank_overview,
    dataset_create,
    import_apply,
    import_preview,
    import_stage,
    staged_import_apply,
    staged_import_discard,
    staged_import_get,
    staged_import_preview,
    staged_imports_cleanup,
)
from audit.models import AuditLogEntry
from tests.analytics.data_bank_factories import DatasetFactory, csv_bytes

pytestmark = pytest.mark.django_db

TABLE5 = Path(__file__).resolve().parents[3] / "analytics" / "data" / "cbe_2020" / "table5_st_specialisation.csv"
HEADER = ["region", "code", "year", "value", "unit"]
GOOD = csv_bytes(
    [
        HEADER,
        ["RU-LIP", "A", "2020", "100,5", "million RUB"],
        ["Voronezh Oblast", "A", "2020", "200", "million RUB"],
        ["Russia", "A", "2020", "5000", "million RUB"],
    ]
)


@pytest.fixture
def nace2(reference_data):
    return Classifier.objects.get(code="nace2")


@pytest.fixture
def grnti(reference_data):
    return Classifier.objects.get(code="grnti")


@pytest.fixture
def analyst(make_user):
    return make_user("analyst")


def apply(dataset, classifier, content, actor, kind="observations", **kwargs):
    return import_apply(
        dataset=dataset,
        kind=kind,
        classifier=classifier,
        file_name="volumes.csv",
        content=content,
        actor=actor,
        **kwargs,
    )


def test_the_dry_run_counts_what_would_change_and_writes_nothing(nace2):
    dataset = DatasetFactory()

    preview = import_preview(dataset=dataset, kind="observations", classifier=nace2, file_name="v.csv", content=GOOD)

    assert preview.is_valid
    assert (preview.created, preview.updated, preview.unchanged) == (3, 0, 0)
    assert preview.years == [(2020, {"create": 3, "update": 0, "unchanged": 0})]
    assert [(c.action, c.region, c.code, c.value) for c in preview.listed_changes] == [
        ("create", "RU-LIP", "A", 100.5),
        ("create", "RU-VOR", "A", 200.0),
        ("create", "RU", "A", 5000.0),
    ]
    assert Observation.objects.count() == ImportBatch.objects.count() == 0


def test_apply_writes_the_rows_a_batch_and_an_audit_row(nace2, analyst):
    dataset = DatasetFactory()

    batch = apply(dataset, nace2, GOOD, analyst)

    rows = {
        (o.region.iso_code if o.region else None, o.item.code, o.year): (o.value, o.unit)
        for o in batch.observations.all()
    }
    assert rows == {
        ("RU-LIP", "A", 2020): (100.5, "million RUB"),
        ("RU-VOR", "A", 2020): (200.0, "million RUB"),
        (None, "A", 2020): (5000.0, "million RUB"),  # the country total has no region
    }
    assert batch.uploaded_by == analyst and batch.row_count == 3 and len(batch.checksum) == 64
    assert batch.report["created"] == 3 and batch.report["classifier"] == "nace2"
    entry = AuditLogEntry.objects.get(action="analytics.imported")
    assert entry.actor == analyst and entry.target == batch and entry.data["created"] == 3


def test_reimporting_updates_changed_rows_and_moves_them_to_the_new_batch(nace2, analyst):
    dataset = DatasetFactory()
    first = apply(dataset, nace2, GOOD, analyst)
    changed = csv_bytes(
        [HEADER, ["RU-LIP", "A", "2020", "100.5", "million RUB"], ["RU-VOR", "A", "2020", "250", "million RUB"]]
    )

    preview = import_preview(dataset=dataset, kind="observations", classifier=nace2, file_name="v.csv", content=changed)
    second = apply(dataset, nace2, changed, analyst)

    assert (preview.created, preview.updated, preview.unchanged) == (0, 1, 1)
    assert preview.listed_changes[0].old_value == 200.0
    voronezh = Observation.objects.get(dataset=dataset, region__iso_code="RU-VOR")
    assert voronezh.value == 250.0 and voronezh.batch == second
    assert Observation.objects.get(dataset=dataset, region__iso_code="RU-LIP").batch == first
    assert Observation.objects.filter(dataset=dataset).count() == 3


def test_a_file_without_unit_column_keeps_the_units(nace2, analyst):
    dataset = DatasetFactory()
    apply(dataset, nace2, GOOD, analyst)

    preview = import_preview(
        dataset=dataset,
        kind="observations",
        classifier=nace2,
        file_name="v.csv",
        content=csv_bytes([["region", "code", "year", "value"], ["RU-LIP", "A", "2020", "100.5"]]),
    )

    assert (preview.created, preview.updated, preview.unchanged) == (0, 0, 1)


def test_a_file_with_any_error_is_refused_and_nothing_is_written(nace2, analyst):
    dataset = DatasetFactory()
    bad = csv_bytes([HEADER, ["RU-LIP", "A", "2020", "1", ""], ["RU-LIP", "B", "2020", "-1", ""]])

    with translation.override("en"), pytest.raises(ImportRejectedError) as caught:
        apply(dataset, nace2, bad, analyst)

    assert caught.value.messages == ["The file has 1 error; nothing was imported."]
    assert [(p.row, p.column) for p in caught.value.preview.problems] == [(3, "value")]
    assert Observation.objects.count() == ImportBatch.objects.count() == 0
    assert not AuditLogEntry.objects.filter(action="analytics.imported").exists()


def test_a_failure_while_writing_rolls_everything_back(nace2, analyst, monkeypatch):
    dataset = DatasetFactory()

    def fail(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("analytics.services.imports.audit_log", fail)
    with pytest.raises(RuntimeError):
        apply(dataset, nace2, GOOD, analyst)

    assert Observation.objects.count() == ImportBatch.objects.count() == 0


def test_only_analysts_and_administrators_may_import(nace2, make_user):
    dataset = DatasetFactory()

    with pytest.raises(PermissionDenied):
        apply(dataset, nace2, GOOD, make_user())
    with pytest.raises(PermissionDenied):
        apply(dataset, nace2, GOOD, None)
    assert apply(dataset, nace2, GOOD, make_user("administrator")).report["created"] == 3


def test_the_system_imports_without_a_user(nace2):
    batch = apply(DatasetFactory(), nace2, GOOD, None, system=True)

    assert batch.uploaded_by is None and batch.report["created"] == 3
    assert AuditLogEntry.objects.get(action="analytics.imported").actor is None


def test_the_papers_table5_imports_as_coefficients_into_a_new_data_set(grnti, analyst):
    dataset = DatasetFactory(code="cbe-2021-science")

    batch = apply(dataset, grnti, TABLE5.read_bytes(), analyst, kind="coefficients")

    assert batch.report["created"] == 200
    lipetsk = PublishedCoefficient.objects.get(dataset=dataset, region__iso_code="RU-LIP", item__code="50")
    assert (lipetsk.indicator, lipetsk.year, lipetsk.value) == ("st_specialisation", 2021, 1.47)


def test_creating_a_data_set(analyst, make_user):
    dataset = dataset_create(actor=analyst, code="exports-2022", name_ru="Экспорт", name_en="Exports")

    assert AuditLogEntry.objects.get(action="analytics.dataset_created").target == dataset
    with pytest.raises(PermissionDenied):
        dataset_create(actor=make_user(), code="other", name_ru="x", name_en="x")


# --- staging ------------------------------------------------------------------------------


def stage(actor, nace2, content=GOOD, **kwargs):
    return import_stage(
        actor=actor,
        dataset=DatasetFactory(),
        kind="observations",
        classifier=nace2,
        file_name="v.csv",
        content=content,
        **kwargs,
    )


def test_a_staged_upload_is_previewed_then_applied_and_deleted(nace2, analyst, django_capture_on_commit_callbacks):
    staged = stage(analyst, nace2)
    assert default_storage.exists(f"{STAGING_DIR}/{staged.id}")

    preview = staged_import_preview(staging_id=staged.id, actor=analyst)
    with django_capture_on_commit_callbacks(execute=True):
        batch = staged_import_apply(staging_id=staged.id, actor=analyst)

    assert preview.created == 3 and batch.report["created"] == 3
    assert not default_storage.exists(f"{STAGING_DIR}/{staged.id}")
    assert not default_storage.exists(f"{STAGING_DIR}/{staged.id}.json")


def test_a_staged_upload_belongs_to_its_uploader(nace2, analyst, make_user):
    staged = stage(analyst, nace2)
    other = make_user("analyst")

    for call in (staged_import_preview, staged_import_apply, staged_import_discard):
        with pytest.raises(StagedImportNotFoundError):
            call(staging_id=staged.id, actor=other)
    with pytest.raises(StagedImportNotFoundError):
        staged_import_get(staging_id="not-a-uuid", actor=analyst)


def test_a_rejected_staged_upload_stays_until_discarded(nace2, analyst):
    staged = stage(analyst, nace2, content=csv_bytes([HEADER, ["Atlantis", "A", "2020", "1", ""]]))

    with pytest.raises(ImportRejectedError):
        staged_import_apply(staging_id=staged.id, actor=analyst)
    assert default_storage.exists(f"{STAGING_DIR}/{staged.id}")

    staged_import_discard(staging_id=staged.id, actor=analyst)
    assert not default_storage.exists(f"{STAGING_DIR}/{staged.id}")


def test_staged_uploads_expire_after_a_day(nace2, analyst):
    now = timezone.now()
    old = stage(analyst, nace2, now=now - timedelta(hours=25))
    fresh = stage(analyst, nace2, now=now - timedelta(hours=1))

    with pytest.raises(StagedImportNotFoundError):
        staged_import_get(staging_id=old.id, actor=analyst, now=now)
    assert not default_storage.exists(f"{STAGING_DIR}/{old.id}")
    assert staged_import_get(staging_id=fresh.id, actor=analyst, now=now)[1] == GOOD

    assert staged_imports_cleanup(now=now + timedelta(hours=24)) >= 1

    assert not default_storage.exists(f"{STAGING_DIR}/{fresh.id}")
    assert not default_storage.exists(f"{STAGING_DIR}/{fresh.id}.json")


def test_the_overview_counts_rows_per_year_and_classifier(nace2, grnti, analyst):
    dataset = DatasetFactory()
    apply(dataset, nace2, GOOD, analyst)
    apply(dataset, grnti, TABLE5.read_bytes(), analyst, kind="coefficients")

    [entry] = [e for e in data_bank_overview() if e.dataset == dataset]

    assert entry.years == [2020, 2021]
    assert [(r.kind, r.classifier.code, r.indicator, r.cells(entry.years)) for r in entry.counts] == [
        ("coefficients", "grnti", "st_specialisation", [0, 200]),
        ("observations", "nace2", "", [3, 0]),
    ]
    assert len(entry.batches) == 2


# --- the management command ---------------------------------------------------------------


def run_command(path, *options):
    with translation.override("en"):
        call_command("import_statistics", str(path), *options)


def test_the_command_dry_run_writes_nothing(tmp_path, nace2, capsys):
    dataset = DatasetFactory(code="volumes")
    path = tmp_path / "volumes.csv"
    path.write_bytes(GOOD)

    run_command(path, "--dataset", "volumes", "--kind", "observations", "--classifier", "nace2", "--dry-run")

    assert "dry run: 3 rows; would create 3, update 0, leave 0 unchanged; 0 error(s)" in capsys.readouterr().out
    assert not Observation.objects.filter(dataset=dataset).exists()


def test_the_command_imports_without_a_user(tmp_path, nace2, capsys):
    dataset = DatasetFactory(code="volumes")
    path = tmp_path / "volumes.csv"
    path.write_bytes(GOOD)

    run_command(path, "--dataset", "volumes", "--kind", "observations", "--classifier", "nace2")

    assert "imported volumes.csv into volumes" in capsys.readouterr().out
    assert Observation.objects.filter(dataset=dataset).count() == 3
    assert ImportBatch.objects.get().uploaded_by is None


def test_the_command_prints_every_error_and_exits_with_1(tmp_path, nace2, capsys):
    DatasetFactory(code="volumes")
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([HEADER, ["Atlantis", "A", "2020", "1", ""], ["RU-LIP", "A", "2020", "x", ""]]))

    with pytest.raises(CommandError) as caught:
        run_command(path, "--dataset", "volumes", "--kind", "observations", "--classifier", "nace2")

    assert caught.value.returncode == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[0].startswith("row 2, column region: Unknown region \u201cAtlantis\u201d")
    assert errors[1] == "row 3, column value: \u201cx\u201d is not a number."
    assert not Observation.objects.exists()


def test_the_command_names_an_unknown_data_set(tmp_path, nace2):
    path = tmp_path / "v.csv"
    path.write_bytes(GOOD)

    with pytest.raises(CommandError, match="unknown data set 'nope'"):
        run_command(path, "--dataset", "nope", "--kind", "observations", "--classifier", "nace2")


def test_commit_plan_writes_all_or_nothing_on_its_own(analyst, nace2, monkeypatch):
    # given a valid plan, and an audit log that fails after the batch and its rows are written
    from analytics.services import imports

    dataset = DatasetFactory()
    preview = import_preview(dataset=dataset, kind="observations", classifier=nace2, file_name="v.csv", content=GOOD)
    assert preview.is_valid

    def failing_audit_log(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(imports, "audit_log", failing_audit_log)

    # when the plan is committed by a caller that opened no transaction
    with pytest.raises(RuntimeError):
        imports.commit_plan(
            dataset=dataset,
            kind="observations",
            plan=preview.plan,
            file_name="v.csv",
            checksum=preview.checksum,
            row_count=preview.parsed.row_count,
            report=preview.summary(),
            actor=analyst,
        )

    # then neither the batch nor its observations remain
    assert not ImportBatch.objects.filter(dataset=dataset).exists()
    assert not Observation.objects.filter(dataset=dataset).exists()
