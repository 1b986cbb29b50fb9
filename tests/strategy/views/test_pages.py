"""The strategy pages: the import's dry run on the page, the template, the country view, the links in."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from strategy.models import PrioritySet
from tests.strategy.factories import coordinator_of

pytestmark = pytest.mark.django_db


def test_the_import_page_checks_first_then_imports(client, lipetsk):
    client.force_login(coordinator_of(lipetsk))
    data = {"title": "Стратегия", "year": 2024}
    bad = SimpleUploadedFile("p.csv", b"classifier,code\nnace2,ZZ\n")
    good = b"classifier,code\nnace2,C\n"

    response = client.post("/strategy/regions/RU-LIP/priorities/import/", {**data, "file": bad, "apply": "on"})
    assert response.status_code == 200
    assert "ZZ" in response.content.decode()
    assert not PrioritySet.objects.exists()

    response = client.post(
        "/strategy/regions/RU-LIP/priorities/import/", {**data, "file": SimpleUploadedFile("p.csv", good)}
    )
    assert response.status_code == 200 and not PrioritySet.objects.exists()  # a dry run

    response = client.post(
        "/strategy/regions/RU-LIP/priorities/import/",
        {**data, "file": SimpleUploadedFile("p.csv", good), "apply": "on"},
    )
    assert response.status_code == 302
    assert PrioritySet.objects.get().priorities.get().item.code == "C"


def test_the_template_has_the_importers_columns(client):
    response = client.get("/strategy/priorities/template.csv")

    assert response.content.decode("utf-8-sig").splitlines()[0] == "classifier,code,rank,note"


def test_the_region_page_and_the_dashboard_link_to_the_priorities(client, lipetsk):
    client.force_login(coordinator_of(lipetsk))

    assert "/strategy/regions/RU-LIP/" in client.get("/regions/RU-LIP/").content.decode()
    assert "/strategy/regions/RU-LIP/" in client.get("/cooperation/regions/RU-LIP/").content.decode()


def test_the_country_view_opens_without_a_snapshot(client, reference_data):
    assert client.get("/strategy/").status_code == 200
    assert client.get("/strategy/export.csv").status_code == 200
    assert client.get("/strategy/export.pdf").status_code == 404
