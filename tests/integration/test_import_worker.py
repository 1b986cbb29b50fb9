"""A large data-bank upload is checked and then imported by a real Celery worker; the page follows it."""

import time

import pytest

from analytics.models import ImportBatch, Observation
from tests.analytics.views.test_data_bank_pages import GOOD, upload


def _poll(client, url, until, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        response = client.get(url)
        if until(response):
            return response
        time.sleep(0.5)
    pytest.fail(f"{url} did not reach the expected state within {timeout} s")


def test_a_large_upload_is_checked_and_imported_by_a_real_worker(
    client, celery_worker_factory, make_user, reference_data, settings, tmp_path
):
    # given a threshold that sends every upload to the worker, and staged files both processes see
    file_system = "django.core.files.storage.FileSystemStorage"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": file_system, "OPTIONS": {"location": tmp_path}}}
    celery_worker_factory(env={"TEST_DEFAULT_STORAGE": file_system, "MEDIA_ROOT": str(tmp_path)})
    settings.ANALYTICS_IMPORT_BACKGROUND_BYTES = 10
    client.force_login(make_user("analyst"))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    # when the analyst uploads, the worker checks the file and the page shows the kept preview
    location = upload(client, GOOD)["Location"]
    preview = _poll(client, location, lambda r: "Check the import of" in r.content.decode())
    assert "2 rows created" in preview.content.decode()

    # and once confirmed, the worker imports it and the page sends the analyst to the data bank
    assert client.post(location)["Location"] == location
    _poll(client, location, lambda r: r.status_code == 302 and r["Location"] == "/analytics/data-bank/")
    assert ImportBatch.objects.count() == 1 and Observation.objects.count() == 2
