"""The search page: results, filters with counts, pagination, a shareable URL, a constant number of queries."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from search.models import SavedSearch
from search.services import index_rebuild
from tests.cooperation.factories import AgentFactory
from tests.search.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db
URL = reverse("search:index")


def titles(response) -> list[str]:
    return re.findall(r'<h3 class="h6 card-title mb-1"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_the_page_ranks_and_counts(client, corpus):
    response = client.get(URL, {"q": "кластеры"})

    assert response.status_code == 200
    assert titles(response) == [
        "Межрегиональный кластер биотехнологий",
        "Ирина Смирнова",
        "Липецкий кластер биотехнологий",
        "Агентство регионального развития",
    ]
    html = response.content.decode()
    assert "4 результата" in html or "4 results" in html
    # every filter value with its count, as a checkbox of the search form
    assert re.search(r'name="kind" value="agent"[^>]*>\s*<label[^>]*>[^<]*<span[^>]*data-count>2</span>', html)


def test_english_page(client, corpus):
    response = client.get(URL, {"q": "universities"}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == [
        "Voronezh State University",
        "Interregional biotechnology cluster",
        "School of young scientists",
    ]
    assert "3 results" in response.content.decode()


def test_every_part_of_the_search_is_in_the_url(client, corpus):
    response = client.get(URL, {"q": "университет", "kind": ["project", "expert"], "sort": "name", "page": "1"})
    context = response.context
    assert (
        context["querystring"]
        == "q=%D1%83%D0%BD%D0%B8%D0%B2%D0%B5%D1%80%D1%81%D0%B8%D1%82%D0%B5%D1%82&kind=expert&kind=project&sort=name"
    )
    assert context["share_url"] == f"http://testserver{URL}?{context['querystring']}"
    # the shared link gives the same page
    again = client.get(f"{URL}?{context['querystring']}")
    assert titles(again) == titles(response)
    # the checked boxes and chosen order are shown again
    html = response.content.decode()
    assert re.search(r'name="kind" value="project" id="[^"]+" checked', html)
    assert '<option value="name" selected>' in html
    assert '<option value="" selected>' in client.get(URL, {"q": "x"}).content.decode()


def test_pagination_keeps_the_search(client, corpus):
    AgentFactory.create_batch(25, name="Кластерное агентство", description="Кластер.")
    index_rebuild()

    first = client.get(URL, {"q": "кластер", "kind": "agent"})
    second = client.get(URL, {"q": "кластер", "kind": "agent", "page": 2})

    assert len(titles(first)) == 20 and len(titles(second)) == 7
    assert not set(titles(first)) & set(titles(second)) - {"Кластерное агентство"}
    assert 'href="?q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80&amp;kind=agent&amp;page=2"' in first.content.decode()
    assert client.get(URL, {"q": "кластер", "page": 999}).status_code == 200


def test_the_number_of_queries_does_not_grow_with_the_data(client, corpus, make_user):
    user = make_user()
    client.force_login(user)
    query = {"q": "кластер", "kind": ["agent", "project"], "region": "RU-LIP", "sort": "relevance"}
    client.get(URL, query)  # warm up (session, content types)

    cache.clear()  # a new search (its counts and pages are cached under the index's version)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, query)
    with CaptureQueriesContext(connection) as again:
        client.get(URL, query)
    AgentFactory.create_batch(30, name="Ещё один кластер", description="Про кластеры.")
    index_rebuild()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, query)

    assert response.context["results"].count == 33  # the index changed: not the cached answer
    assert len(many) == len(few) <= 16
    assert len(again) < len(few)


def test_anonymous_visitors_are_invited_to_log_in_to_save(client, corpus):
    html = client.get(URL, {"q": "кластер"}).content.decode()
    assert "/accounts/login/?next=" in html and 'action="/search/saved/new/"' not in html


def test_saving_the_search_shown(client, corpus, make_user):
    user = make_user()
    client.force_login(user)
    page = client.get(URL, {"q": "кластеры", "region": "RU-LIP"})
    query = page.context["save_form"]["query"].value()

    response = client.post(
        reverse("search:saved-create"), {"name": "Липецкие кластеры", "query": query, "alerts_enabled": "on"}
    )

    saved = SavedSearch.objects.get(user=user)
    assert response.status_code == 302 and response["Location"] == f"{URL}?{saved.query}"
    assert (saved.name, saved.query, saved.alerts_enabled) == ("Липецкие кластеры", query, True)
    after = client.get(response["Location"])
    assert "Липецкие кластеры" in after.content.decode() and after.context["saved_search"] == saved


def test_a_duplicate_name_shows_the_search_again_with_the_error(client, corpus, make_user):
    user = make_user()
    SavedSearchFactory(user=user, name="Мой поиск")
    client.force_login(user)

    response = client.post(reverse("search:saved-create"), {"name": "Мой поиск", "query": "q=кластеры"})

    assert response.status_code == 400
    assert response.context["params"].q == "кластеры" and response.context["save_form"].errors
    assert SavedSearch.objects.count() == 1


def test_saving_needs_an_account(client, corpus):
    response = client.post(reverse("search:saved-create"), {"name": "x", "query": "q=x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not SavedSearch.objects.exists()


def test_navbar_link(client, reference_data):
    html = client.get(URL).content.decode()
    assert re.search(r'<a class="nav-link" href="/search/"\s+aria-current="page">', html)
