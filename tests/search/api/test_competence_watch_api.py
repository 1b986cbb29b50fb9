"""The competence-watch API: create by region ISO code and/or item id, refuse nothing or a duplicate (400)."""

import pytest
from rest_framework.test import APIClient

from analytics.models import ClassifierItem
from search.models import CompetenceWatch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


def test_create_list_and_refusals(make_user):
    user = make_user()
    api = APIClient()
    api.force_authenticate(user)
    item = ClassifierItem.objects.get(classifier__code="nace2", code="C")

    region = api.post("/api/competence-watches/", {"region": "RU-LIP"}, format="json")
    both = api.post("/api/competence-watches/", {"region": "RU-LIP", "item": item.pk}, format="json")
    only_item = api.post("/api/competence-watches/", {"item": item.pk}, format="json")
    again = api.post("/api/competence-watches/", {"region": "RU-LIP"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    nothing = api.post("/api/competence-watches/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    unknown = api.post("/api/competence-watches/", {"region": "RU-XXX"}, format="json")

    assert (region.status_code, both.status_code, only_item.status_code) == (201, 201, 201)
    assert region.json()["region"] == "RU-LIP" and region.json()["item"] is None
    assert again.status_code == 400 and "You already follow this." in str(again.json())
    assert nothing.status_code == 400 and "Choose a region" in str(nothing.json())
    assert unknown.status_code == 400
    assert CompetenceWatch.objects.filter(user=user).count() == 3
    assert api.get("/api/competence-watches/").json()["count"] == 3
