"""The analysts' data bank pages: permissions, upload → preview → confirm, errors, concordance editor."""

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from analytics.models import Classifier, ConcordanceLink, CrossCuttingRubric, Dataset, ImportBatch, Observation
from analytics.services.concordance import concordance_load_default
from analytics.services.imports import STAGING_DIR, import_apply
from tests.analytics.data_bank_factories import DatasetFactory, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

PAGES = ["/analytics/data-bank/", "/analytics/data-bank/imports/new/", "/analytics/data-bank/datasets/new/"]
PAGES += ["/analytics/data-bank/concordance/"]
HEADER = ["region", "code", "year", "value", "unit"]
GOOD = csv_bytes([HEADER, ["RU-LIP", "A", "2020", "1,5", "million RUB"], ["Россия", "A", "2020", "10", "million RUB"]])


@pytest.fixture
def analyst_client(client, make_user, reference_data):
    client.force_login(make_user("analyst"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def upload(client, content, name="volumes.csv", kind="observations", classifier="nace2", dataset=None):
    dataset = dataset or DatasetFactory()
    return client.post(
        "/analytics/data-bank/imports/new/",
        {
            "dataset": dataset.pk,
            "kind": kind,
            "classifier": Classifier.objects.get(code=classifier).pk,
            "file": SimpleUploadedFile(name, content),
        },
    )


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, page):
    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("roles", [(), ("moderator",), ("coordinator",)])
def test_other_users_are_forbidden(client, make_user, lipetsk, page, roles):
    client.force_login(make_user(*roles, region=lipetsk))

    assert client.get(page).status_code == 403


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("role", ["analyst", "administrator"])
def test_analysts_and_administrators_see_the_pages(client, make_user, reference_data, page, role):
    client.force_login(make_user(role))

    assert client.get(page).status_code == 200


def test_members_cannot_post_an_upload(client, make_user, reference_data):
    client.force_login(make_user())

    assert upload(client, GOOD).status_code == 403
    assert not ImportBatch.objects.exists()


def test_upload_preview_confirm(analyst_client, django_capture_on_commit_callbacks):
    dataset = DatasetFactory(name_en="Regional volumes")

    # when the analyst uploads a good file
    response = upload(analyst_client, GOOD, dataset=dataset)

    # then they see the preview, and nothing is written yet
    assert response.status_code == 302
    staging_id = re.fullmatch(r"/analytics/data-bank/imports/([0-9a-f-]+)/", response["Location"]).group(1)
    preview = analyst_client.get(response["Location"])
    html = preview.content.decode()
    assert preview.status_code == 200
    assert "2 rows created" in html and "0 errors" in html
    assert "Lipetsk Oblast" in html and "Russia (country total)" in html
    assert ">Import</button>" in html
    assert not Observation.objects.exists()

    # when they confirm
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = analyst_client.post(response["Location"])

    # then the rows are imported, the staged file is gone, and the overview shows the batch
    assert confirmed.status_code == 302 and confirmed["Location"] == "/analytics/data-bank/"
    assert Observation.objects.filter(dataset=dataset).count() == 2
    assert not default_storage.exists(f"{STAGING_DIR}/{staging_id.replace('-', '')}")
    overview = analyst_client.get("/analytics/data-bank/").content.decode()
    assert "volumes.csv" in overview and "Regional volumes" in overview
    assert "volumes.csv is imported: 2 rows created, 0 updated, 0 unchanged." in overview
    # and they are offered to recompute the maps, which do not show the import before
    assert "The competence maps do not show this import until they are recomputed." in overview
    assert '<a class="alert-link" href="/analytics/data-bank/snapshots/">Recompute the competence maps</a>' in overview


def test_the_preview_shows_values_without_float_noise_in_the_page_language(analyst_client):
    noisy = csv_bytes([HEADER, ["RU-LIP", "A", "2020", "11099.524799999997", "million RUB"]])
    location = upload(analyst_client, noisy)["Location"]

    english = analyst_client.get(location).content.decode()
    assert '<td class="text-end">11099.5248</td>' in english
    assert "11099.524799999997" not in english
    analyst_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    russian = analyst_client.get(location).content.decode()
    assert '<td class="text-end">11099,5248</td>' in russian


@pytest.mark.parametrize(
    ("kind", "columns"),
    [
        ("observations", ["region", "code", "year", "value", "unit", "name"]),
        ("coefficients", ["indicator", "code", "region", "year", "value", "name"]),
    ],
)
def test_the_import_templates_are_linked_and_import_as_they_are(analyst_client, kind, columns):
    url = f"/analytics/data-bank/imports/template/{kind}.csv"
    assert url in analyst_client.get("/analytics/data-bank/imports/new/").content.decode()

    response = analyst_client.get(url)

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="spiral-{kind}-template.csv"'
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == columns
    # Uploaded back unchanged, the importer reads every column and finds no error.
    preview = analyst_client.get(upload(analyst_client, response.content, name="template.csv", kind=kind)["Location"])
    html = preview.content.decode()
    assert "1 row created" in html and "0 errors" in html


def test_an_unknown_import_template_is_not_found(analyst_client):
    assert analyst_client.get("/analytics/data-bank/imports/template/volumes.csv").status_code == 404


def test_a_missing_column_is_named_in_russian_like_the_forms_help(analyst_client):
    analyst_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    no_value = csv_bytes([["регион", "код", "год"], ["RU-LIP", "A", "2020"]])

    html = analyst_client.get(upload(analyst_client, no_value)["Location"]).content.decode()

    assert "Нет столбца значение; в файле должны быть столбцы регион, код, год, значение." in html


def test_a_bad_file_shows_every_error_and_writes_nothing(analyst_client):
    bad = xlsx_bytes(
        [
            ["region", "code", "year", "value"],
            ["Atlantis", "A", 2020, 1],
            ["RU-LIP", "A", 2020, -3],
            ["RU-LIP", "B", "twenty", 1],
        ]
    )

    response = upload(analyst_client, bad, name="bad.xlsx")
    preview = analyst_client.get(response["Location"])
    html = preview.content.decode()

    assert "3 errors" in html
    assert "Unknown region \u201cAtlantis\u201d" in html
    assert "<td>3</td><td>value</td><td>D3</td><td>-3</td>" in html
    assert "\u201ctwenty\u201d is not a year." in html
    assert ">Import</button>" not in html
    # confirming anyway is refused, with the errors again
    refused = analyst_client.post(response["Location"])
    assert refused.status_code == 400
    assert "nothing was imported" in refused.content.decode()
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_with_the_wrong_encoding_says_where(analyst_client):
    content = csv_bytes([HEADER, ["Липецкая область", "A", "2020", "1", ""]], encoding="cp1251")

    html = analyst_client.get(upload(analyst_client, content)["Location"]).content.decode()

    assert "Wrong encoding" in html and "row 2, character 1" in html


def test_an_oversized_file_is_refused_by_the_form(analyst_client, settings):
    settings.ANALYTICS_IMPORT_MAX_BYTES = 10

    response = upload(analyst_client, GOOD)

    assert response.status_code == 200
    assert "The file is too large" in response.content.decode()


def test_someone_elses_upload_is_not_found(analyst_client, client, make_user):
    location = upload(analyst_client, GOOD)["Location"]
    client.force_login(make_user("analyst"))

    assert client.get(location).status_code == 404
    assert client.post(location).status_code == 404
    assert client.get("/analytics/data-bank/imports/00000000000000000000000000000000/").status_code == 404


def test_an_upload_can_be_discarded(analyst_client):
    location = upload(analyst_client, GOOD)["Location"]

    response = analyst_client.post(location + "discard/")

    assert response.status_code == 302
    assert analyst_client.get(location).status_code == 404
    assert not Observation.objects.exists()


def test_a_new_data_set_then_an_import_into_it(analyst_client):
    response = analyst_client.post(
        "/analytics/data-bank/datasets/new/",
        {"code": "exports-2022", "name_ru": "Экспорт 2022", "name_en": "Exports 2022", "source": "Customs"},
    )

    dataset = Dataset.objects.get(code="exports-2022")
    assert response.status_code == 302
    assert response["Location"] == f"/analytics/data-bank/imports/new/?dataset={dataset.pk}"
    form = analyst_client.get(response["Location"]).context["form"]
    assert str(form["dataset"].value()) == str(dataset.pk)


def test_the_overview_takes_the_same_number_of_queries_however_much_data(analyst_client, make_user):
    nace2 = Classifier.objects.get(code="nace2")

    def add_data_sets(count):
        for _ in range(count):
            import_apply(
                dataset=DatasetFactory(),
                kind="observations",
                classifier=nace2,
                file_name="v.csv",
                content=GOOD,
                actor=None,
                system=True,
            )

    add_data_sets(1)
    analyst_client.get("/analytics/data-bank/")  # caches the user's unread count and TOTP state for both
    with CaptureQueriesContext(connection) as few:
        analyst_client.get("/analytics/data-bank/")
    add_data_sets(5)
    with CaptureQueriesContext(connection) as many:
        response = analyst_client.get("/analytics/data-bank/")

    assert response.status_code == 200
    assert len(many) == len(few)


def test_the_concordance_editor(analyst_client):
    concordance_load_default()
    page = analyst_client.get("/analytics/data-bank/concordance/").content.decode()
    assert "Mechanical engineering" in page and "Cybernetics" in page

    nace2 = Classifier.objects.get(code="nace2")
    added = analyst_client.post(
        "/analytics/data-bank/concordance/links/add/",
        {"direction_classifier": nace2.pk, "direction_code": "R", "rubric": "Computer science"},
    )
    assert added.status_code == 302
    link = ConcordanceLink.objects.get(direction__code="R", direction__classifier=nace2, rubric__code="20")

    refused = analyst_client.post(
        "/analytics/data-bank/concordance/links/add/",
        {"direction_classifier": nace2.pk, "direction_code": "ZZ", "rubric": "Computer science"},
    )
    assert refused.status_code == 400
    assert "Unknown code \u201cZZ\u201d" in refused.content.decode()

    assert analyst_client.post(f"/analytics/data-bank/concordance/links/{link.pk}/remove/").status_code == 302
    assert not ConcordanceLink.objects.filter(pk=link.pk).exists()

    entry = CrossCuttingRubric.objects.get(rubric__name_en="Cybernetics")
    assert analyst_client.post(f"/analytics/data-bank/concordance/cross-cutting/{entry.pk}/remove/").status_code == 302
    assert (
        analyst_client.post(
            "/analytics/data-bank/concordance/cross-cutting/add/", {"rubric": "Cybernetics"}
        ).status_code
        == 302
    )
    duplicate = analyst_client.post("/analytics/data-bank/concordance/cross-cutting/add/", {"rubric": "Cybernetics"})
    assert duplicate.status_code == 400
    assert "already cross-cutting" in duplicate.content.decode()


def test_members_cannot_edit_the_concordance(client, make_user, reference_data):
    concordance_load_default()
    client.force_login(make_user())
    link = ConcordanceLink.objects.first()

    assert client.post(f"/analytics/data-bank/concordance/links/{link.pk}/remove/").status_code == 403
    assert ConcordanceLink.objects.filter(pk=link.pk).exists()


# --- Hostile and large files -------------------------------------------------------------------


def test_a_zip_bomb_is_refused_on_the_preview_with_a_clear_message_and_nothing_is_imported(
    analyst_client, django_capture_on_commit_callbacks
):
    from tests.analytics import hostile_files

    # (large unpacked: checked by the task, which runs in the request without Redis)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(analyst_client, hostile_files.zip_bomb_xlsx(250 * 1024 * 1024), name="bomb.xlsx")
    location = response["Location"]

    preview = analyst_client.get(location)
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(location)  # a forged confirmation: the worker refuses it again
    after = analyst_client.get(location)

    for response in (preview, after):
        html = response.content.decode()
        assert response.status_code == 200
        assert "Unpacked, the workbook would take 250.0 MB; the limit is 200.0 MB." in html
        assert 'type="submit">Import</button>' not in html
    assert not ImportBatch.objects.exists() and not Observation.objects.exists()


def test_a_large_upload_shows_its_check_then_the_stored_preview(
    analyst_client, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # given a threshold below the file's size and a worker that has not picked the task yet
    from analytics import tasks

    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 10
    queued = []
    monkeypatch.setattr(tasks.import_check_task, "delay", lambda staging_id: queued.append(staging_id))
    with django_capture_on_commit_callbacks(execute=True):
        location = upload(analyst_client, GOOD)["Location"]

    # when the analyst opens the preview, it says the file is being checked and refreshes itself
    waiting = analyst_client.get(location).content.decode()
    assert "checked in the background" in waiting
    assert '<meta http-equiv="refresh" content="2">' in waiting
    assert "<script>" not in waiting and "style=" not in waiting

    # then once the worker ran the task, the page shows the preview
    [staging_id] = queued
    tasks.import_check_task.apply(args=[staging_id])
    html = analyst_client.get(location).content.decode()
    assert "Check the import of volumes.csv" in html
    assert "2 rows created" in html
    assert 'http-equiv="refresh"' not in html


def test_a_large_upload_is_imported_by_the_worker_and_the_page_follows_it(
    analyst_client, settings, django_capture_on_commit_callbacks
):
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 10
    with django_capture_on_commit_callbacks(execute=True):
        location = upload(analyst_client, GOOD)["Location"]
    assert "2 rows created" in analyst_client.get(location).content.decode()

    # (without Redis the task runs in the request, on commit)
    with django_capture_on_commit_callbacks(execute=True):
        confirm = analyst_client.post(location)
    assert confirm.status_code == 302 and confirm["Location"] == location

    done = analyst_client.get(location, follow=True)
    assert done.redirect_chain[-1][0] == "/analytics/data-bank/"
    assert "volumes.csv is imported: 2 rows created" in done.content.decode()
    assert Observation.objects.count() == 2


def test_after_an_import_that_changes_data_the_overview_prompts_to_recompute_until_the_maps_are(
    analyst_client, django_capture_on_commit_callbacks
):
    dataset = DatasetFactory(name_en="Regional volumes", name_ru="Объёмы по регионам")

    # given an imported file the maps have not been computed from
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(upload(analyst_client, GOOD, dataset=dataset)["Location"])

    # then the overview says so, with the button, in both languages
    english = analyst_client.get("/analytics/data-bank/").content.decode()
    assert 'id="recompute-prompt"' in english
    assert "1 import changed the data bank after the maps were last computed" in english
    assert 'action="/analytics/data-bank/snapshots/recompute/"' in english and "Recompute now</button>" in english
    analyst_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ru"
    russian = analyst_client.get("/analytics/data-bank/").content.decode()
    assert "Карты компетенций не показывают последние импорты" in russian
    assert "«Объёмы по регионам»" in russian and "Пересчитать сейчас</button>" in russian

    # when the maps are recomputed
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post("/analytics/data-bank/snapshots/recompute/")

    # then the prompt is gone
    assert 'id="recompute-prompt"' not in analyst_client.get("/analytics/data-bank/").content.decode()

    # and importing the same file again changes nothing: no prompt, no call to recompute
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(upload(analyst_client, GOOD, dataset=dataset)["Location"])
    again = analyst_client.get("/analytics/data-bank/").content.decode()
    assert "без изменений — 2" in again
    assert 'id="recompute-prompt"' not in again
    assert "покажут этот импорт только после пересчёта" not in again


def test_the_forms_help_names_the_required_columns_as_the_importer_does_in_the_page_language(analyst_client):
    from django.utils import translation

    from analytics.importers.validation import COLUMN_LABELS, REQUIRED_COLUMNS

    for language in ("ru", "en"):
        analyst_client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
        html = analyst_client.get("/analytics/data-bank/imports/new/").content.decode()
        with translation.override(language):
            for kind in ("observations", "coefficients"):
                required = ", ".join(str(COLUMN_LABELS[column]) for column in REQUIRED_COLUMNS[kind])
                # the required columns, then the optional ones in brackets (the name is not required)
                assert f": {required} (" in html, (language, kind)


def test_a_dry_run_that_would_change_nothing_says_so_and_offers_no_import(
    analyst_client, django_capture_on_commit_callbacks
):
    # Walk-through of issue #12: the same file twice — the second dry run, with 0 changes, still offered "Import".
    dataset = DatasetFactory()
    first = upload(analyst_client, GOOD, dataset=dataset)
    with django_capture_on_commit_callbacks(execute=True):
        analyst_client.post(first["Location"])

    second = upload(analyst_client, GOOD, dataset=dataset)
    html = analyst_client.get(second["Location"]).content.decode()

    assert "2 rows unchanged" in html and "0 rows created" in html
    assert ">Import</button>" not in html
    assert "Importing this file would change nothing: every row is already in the data bank." in html
    assert ">Discard this upload</button>" in html
