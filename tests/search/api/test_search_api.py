"""The search API (same parameters and answers as the page), saved searches (own CRUD)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from search.models import SavedSearch
from search.services import index_rebuild
from tests.cooperation.factories import AgentFactory
from tests.search.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_results_and_facets_like_the_page(api, corpus):
    response = api.get("/api/search/", {"q": "universities", "kind": ["agent", "project"]}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4 and body["query"] == "q=universities&kind=agent&kind=project"
    assert [(row["kind"], row["title"]) for row in body["results"]] == [
        ("agent", "Voronezh State University"),
        ("project", "Interregional biotechnology cluster"),
        ("project", "School of young scientists"),
        # "университеты" in its Russian description: a related term (search/data/related_terms.txt)
        ("agent", "Regional Development Agency"),
    ]
    assert body["results"][0]["region"] == "RU-VOR" and body["results"][0]["rank"] > body["results"][1]["rank"]
    # why each matched: the field, and its words in <mark>
    assert body["results"][0]["why"] == [{"field": "name", "html": "Voronezh State <mark>University</mark>"}]
    assert body["results"][3]["why"] == [
        {"field": "description", "html": "Поддерживаем кластеры и <mark>университеты</mark> региона."}
    ]
    kinds = next(facet for facet in body["facets"] if facet["name"] == "kind")
    assert {option["value"]: (option["count"], option["selected"]) for option in kinds["options"]} == {
        "agent": (2, True),
        "project": (2, True),
        "expert": (1, False),  # "университеты" in her bio
    }


def test_pages_link_to_each_other(api, corpus):
    AgentFactory.create_batch(22, name="Кластер")
    index_rebuild()

    first = api.get("/api/search/", {"q": "кластер", "kind": "agent"}).json()
    second = api.get(first["next"]).json()

    # 22 new agents and three of the corpus (the university by "кластерной" in its description)
    assert first["num_pages"] == 2 and len(first["results"]) == 20 and len(second["results"]) == 5
    assert second["previous"].endswith("/api/search/?q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80&kind=agent")


def test_the_search_api_takes_a_constant_number_of_queries(api, corpus):
    query = {"q": "кластер", "region": "RU-LIP"}
    api.get("/api/search/", query)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        api.get("/api/search/", query)
    AgentFactory.create_batch(20, name="Кластер")
    index_rebuild()
    with CaptureQueriesContext(connection) as many:
        api.get("/api/search/", query)
    assert len(few) == len(many)


# --- Saved searches.


def test_saved_searches_are_private_and_managed_by_their_owner(api, make_user):
    owner, other = make_user(), make_user()
    theirs = SavedSearchFactory(user=other)
    assert api.get("/api/saved-searches/").status_code in (401, 403)

    api.force_authenticate(owner)
    created = api.post(
        "/api/saved-searches/", {"name": "Вузы", "query": "kind=agent&q=университет&page=2"}, format="json"
    )
    assert created.status_code == 201, created.data
    mine = created.json()
    assert mine["query"] == "q=%D1%83%D0%BD%D0%B8%D0%B2%D0%B5%D1%80%D1%81%D0%B8%D1%82%D0%B5%D1%82&kind=agent"
    assert mine["url"] == f"/search/?{mine['query']}" and mine["alerts_enabled"] is True

    assert [row["id"] for row in api.get("/api/saved-searches/").json()["results"]] == [mine["id"]]
    changed = api.patch(
        f"/api/saved-searches/{mine['id']}/", {"name": "Университеты", "alerts_enabled": False, "query": "q=x"}
    )
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["alerts_enabled"], changed.json()["query"]) == (
        "Университеты",
        False,
        mine["query"],
    )
    assert api.get(f"/api/saved-searches/{theirs.pk}/").status_code == 404
    assert api.patch(f"/api/saved-searches/{theirs.pk}/", {"name": "x"}).status_code == 404
    assert api.delete(f"/api/saved-searches/{theirs.pk}/").status_code == 404
    assert api.post("/api/saved-searches/", {"name": "Университеты", "query": ""}).status_code == 400
    assert api.delete(f"/api/saved-searches/{mine['id']}/").status_code == 204
    assert list(SavedSearch.objects.values_list("pk", flat=True)) == [theirs.pk]
