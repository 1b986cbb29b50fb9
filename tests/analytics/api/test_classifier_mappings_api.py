"""The OKVED1 → OKVED2 mapping through the read API: open data, filters, read-only, constant queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from analytics.models import ClassifierItem, ClassifierMapping

pytestmark = pytest.mark.django_db

URL = "/api/analytics/classifier-mappings/"


@pytest.fixture
def api():
    return APIClient()  # anonymous: the mapping is open data like the rest of the analytics API


def test_anonymous_visitors_list_the_shipped_mapping(api, reference_data):
    response = api.get(URL)

    assert response.status_code == 200
    links = {(m["source"]["code"], m["target"]["code"]): m for m in response.json()}
    assert links[("D", "C")]["kind"] == "equivalent"
    assert links[("D", "C")]["source"]["classifier"] == "okved1"
    assert links[("D", "C")]["target"]["classifier"] == "nace2"
    assert links[("D", "C")]["target"]["name_en"] == "Manufacturing industries"
    assert links[("E", "D")]["kind"] == "part"
    assert links[("D", "C")]["note"]


def test_filters_by_source_classifier_kind_and_codes(api, reference_data):
    okved1 = api.get(URL, {"source_classifier": "okved1"}).json()
    nothing = api.get(URL, {"source_classifier": "nace2"}).json()
    equivalent = api.get(URL, {"source_classifier": "okved1", "kind": "equivalent", "source": "H"}).json()

    assert len(okved1) == ClassifierMapping.objects.filter(source__classifier__code="okved1").count()
    assert nothing == []
    assert [(m["source"]["code"], m["target"]["code"]) for m in equivalent] == [("H", "I")]
    assert api.get(URL, {"kind": "nonsense"}).status_code == 400


def test_retrieve_one_link(api, reference_data):
    mapping = ClassifierMapping.objects.get(source__code="J", source__classifier__code="okved1")

    response = api.get(f"{URL}{mapping.pk}/")

    assert response.status_code == 200
    assert response.json()["target"]["code"] == "K"


def test_the_mapping_api_is_read_only(api, reference_data):
    mapping = ClassifierMapping.objects.first()

    assert api.post(URL, {}).status_code in {403, 405}
    assert api.delete(f"{URL}{mapping.pk}/").status_code in {403, 405}
    assert ClassifierMapping.objects.filter(pk=mapping.pk).exists()


def test_list_takes_one_query_whatever_the_number_of_links(api, reference_data):
    api.get(URL)
    with CaptureQueriesContext(connection) as few:
        assert api.get(URL).status_code == 200
    feacn = ClassifierItem.objects.filter(classifier__code="feacn_groups")
    grnti = ClassifierItem.objects.filter(classifier__code="grnti")
    pairs = zip(feacn, grnti, strict=False)
    ClassifierMapping.objects.bulk_create(ClassifierMapping(source=s, target=t, kind="part") for s, t in pairs)
    with CaptureQueriesContext(connection) as many:
        assert api.get(URL).status_code == 200

    assert len(many) == len(few)


def test_openapi_schema_documents_the_mapping_endpoint(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    parameters = {p["name"] for p in schema["paths"][URL]["get"]["parameters"]}
    assert {"source_classifier", "target_classifier", "kind"} <= parameters
