"""Hostile files through the import services: refused with a clear message, nothing written; large files are
checked once by the worker's task (in-process here, as without Redis) and the preview is kept."""

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone, translation

from analytics.importers import ProblemCode
from analytics.models import Classifier, ImportBatch, Observation
from analytics.services import imports as imports_module
from analytics.services.imports import (
    STAGING_DIR,
    ImportCheck,
    ImportRejectedError,
    StagedImportNotFoundError,
    StoredPreview,
    import_apply,
    import_stage,
    staged_import_apply_request,
    staged_import_check,
    staged_import_state,
    staged_imports_cleanup,
)
from analytics.tasks import import_apply_task, import_check_task
from audit.models import AuditLogEntry
from tests.analytics import hostile_files
from tests.analytics.data_bank_factories import DatasetFactory, csv_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
HEADER = ["region", "code", "year", "value", "unit"]
GOOD = csv_bytes(
    [
        HEADER,
        ["RU-LIP", "A", "2020", "100,5", "million RUB"],
        ["Voronezh Oblast", "A", "2020", "200", "million RUB"],
        ["Russia", "A", "2020", "5000", "million RUB"],
    ]
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def nace2(reference_data):
    return Classifier.objects.get(code="nace2")


@pytest.fixture
def analyst(make_user):
    return make_user("analyst")


def _nothing_written():
    return not ImportBatch.objects.exists() and not Observation.objects.exists()


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (lambda: hostile_files.huge_string_xlsx(40 * MB), "xl/sharedStrings.xml takes 40.0 MB unpacked"),
        (lambda: hostile_files.blank_rows_xlsx(200_001, styled=False), "more than 200000 data rows"),
        (lambda: hostile_files.zip_bomb_xlsx(250 * MB), "Unpacked, the workbook would take"),
    ],
    ids=["huge-string", "blank-rows", "zip-bomb"],
)
def test_hostile_workbooks_are_refused_by_apply_and_nothing_is_written(nace2, analyst, build, expected):
    dataset = DatasetFactory()

    with pytest.raises(ImportRejectedError) as caught:
        import_apply(
            dataset=dataset, kind="observations", classifier=nace2, file_name="x.xlsx", content=build(), actor=analyst
        )

    [problem] = caught.value.preview.problems
    assert expected in problem.message
    assert "nothing was imported" in caught.value.messages[0]
    assert _nothing_written()
    assert not AuditLogEntry.objects.filter(action="analytics.imported").exists()


def test_the_command_refuses_a_zip_bomb_and_writes_nothing(nace2, tmp_path):
    dataset = DatasetFactory()
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(hostile_files.zip_bomb_xlsx(5 * MB))

    with pytest.raises(CommandError):
        call_command(
            "import_statistics", str(path), dataset=dataset.code, kind="observations", classifier="nace2", dry_run=True
        )
    assert _nothing_written()


# --- Large files: checked once in the worker ---------------------------------------------------


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


def test_a_large_upload_is_checked_by_the_task_and_its_preview_is_kept(
    nace2, analyst, settings, django_capture_on_commit_callbacks, monkeypatch
):
    # given a threshold below the file's size (and the task run in-process, as without Redis)
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    with django_capture_on_commit_callbacks(execute=True):
        staged = stage(analyst, nace2)

    # when the page asks again, the file is not parsed again
    def parse_again(*args, **kwargs):
        raise AssertionError("the stored preview should be shown")

    monkeypatch.setattr(imports_module, "parse_import", parse_again)
    state = staged_import_state(staging_id=staged.id, actor=analyst)

    # then it shows the stored result of the check: three rows to create, no error
    assert isinstance(state, StoredPreview)
    assert (state.created, state.updated, state.unchanged, state.problem_count) == (3, 0, 0, 0)
    assert state.is_valid and state.row_count == 3
    assert [change.region for change in state.listed_changes] == ["RU-LIP", "RU-VOR", "RU"]
    assert _nothing_written()


def test_the_check_task_is_idempotent(nace2, analyst, settings, monkeypatch):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    staged = stage(analyst, nace2)  # no on-commit: the task has not run yet
    assert isinstance(staged_import_state(staging_id=staged.id, actor=analyst), ImportCheck)

    assert import_check_task.delay(staged.id).get() == "done"
    monkeypatch.setattr(imports_module, "parse_import", lambda *a, **k: pytest.fail("checked twice"))

    assert import_check_task.delay(staged.id).get() == "done"
    assert import_check_task.delay("0" * 32).get() is None  # a discarded upload: nothing to do


def test_a_check_that_runs_out_of_time_says_so_and_allows_no_import(
    nace2, analyst, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    monkeypatch.setattr(imports_module, "check_seconds", lambda: -1)
    with django_capture_on_commit_callbacks(execute=True):
        staged = stage(analyst, nace2)

    state = staged_import_state(staging_id=staged.id, actor=analyst)

    assert [problem.code for problem in state.listed_problems] == [ProblemCode.CHECK_TIMEOUT]
    assert "split it into smaller files" in state.listed_problems[0].message
    assert not state.is_valid


def test_a_check_that_never_finished_is_reported_as_stopped(nace2, analyst, settings):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    staged = stage(analyst, nace2)

    state = staged_import_state(staging_id=staged.id, actor=analyst, now=timezone.now() + timedelta(minutes=16))

    assert [problem.code for problem in state.listed_problems] == [ProblemCode.CHECK_TIMEOUT]
    assert "stopped before it finished" in state.listed_problems[0].message


def test_the_check_reports_its_progress(nace2, analyst, settings, monkeypatch):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    monkeypatch.setattr("analytics.importers.reading.PROGRESS_EVERY", 2)
    seen = []
    write = imports_module._write_check
    monkeypatch.setattr(
        imports_module,
        "_write_check",
        lambda staged, check: (seen.append((check.status, check.rows_read)), write(staged, check)),
    )
    staged = stage(analyst, nace2)

    staged_import_check(staging_id=staged.id)

    # the header is row 1: rows 2 and 4 are reported while reading, then the 3 data rows as done
    assert seen[-4:] == [("running", 0), ("running", 2), ("running", 4), ("done", 3)]


def test_a_large_upload_is_imported_by_the_worker_once(nace2, analyst, settings, django_capture_on_commit_callbacks):
    # given a large upload whose check is done
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    with django_capture_on_commit_callbacks(execute=True):
        staged = stage(analyst, nace2)

    # when the analyst confirms it twice (the task runs in-process, as without Redis)
    with django_capture_on_commit_callbacks(execute=True):
        queued = staged_import_apply_request(staging_id=staged.id, actor=analyst)
        again = staged_import_apply_request(staging_id=staged.id, actor=analyst)
    assert (queued.status, again.status) == ("applying", "applying")

    # then one batch is written, the upload is gone and the page is told it is applied
    assert ImportBatch.objects.count() == 1 and Observation.objects.count() == 3
    assert not default_storage.exists(f"{STAGING_DIR}/{staged.id}")
    state = staged_import_state(staging_id=staged.id, actor=analyst)
    assert (state.status, state.result["created"], state.batch_id) == ("applied", 3, ImportBatch.objects.get().pk)
    # and running the task again writes nothing
    assert import_apply_task.delay(staged.id, analyst.pk).get() is None
    assert ImportBatch.objects.count() == 1


def test_a_large_upload_with_errors_is_refused_by_the_worker_and_nothing_is_written(
    nace2, analyst, settings, django_capture_on_commit_callbacks
):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 10
    bad = csv_bytes([HEADER, ["Atlantis", "A", "2020", "1", ""]])
    with django_capture_on_commit_callbacks(execute=True):
        staged = stage(analyst, nace2, content=bad)
        staged_import_apply_request(staging_id=staged.id, actor=analyst)

    state = staged_import_state(staging_id=staged.id, actor=analyst)

    assert isinstance(state, StoredPreview)
    assert [problem.code for problem in state.listed_problems] == [ProblemCode.UNKNOWN_REGION]
    assert _nothing_written()


def test_someone_elses_import_note_is_not_found(
    nace2, analyst, make_user, settings, django_capture_on_commit_callbacks
):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    with django_capture_on_commit_callbacks(execute=True):
        staged = stage(analyst, nace2)
        staged_import_apply_request(staging_id=staged.id, actor=analyst)

    with pytest.raises(StagedImportNotFoundError):
        staged_import_state(staging_id=staged.id, actor=make_user("analyst"))


def test_the_cleanup_keeps_the_check_of_a_live_upload(nace2, analyst, settings, django_capture_on_commit_callbacks):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 100
    with django_capture_on_commit_callbacks(execute=True):
        staged = stage(analyst, nace2)

    staged_imports_cleanup()

    assert default_storage.exists(f"{STAGING_DIR}/{staged.id}{imports_module.CHECK_SUFFIX}")
    assert isinstance(staged_import_state(staging_id=staged.id, actor=analyst), StoredPreview)
