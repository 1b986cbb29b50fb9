"""The search page: results, filters with counts, pagination, a shareable URL, a constant number of queries."""

import re
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from accounts.selectors import user_roles
from cooperation.selectors import user_agent_roles
from levels.models import RegionLevel
from notifications.selectors import unread_notification_count
from search.choices import Facet
from search.models import SavedSearch
from search.params import SearchParams
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
        # "кластерной" in its description: a longer word beginning with the stem (body, older than the agency)
        "Воронежский государственный университет",
    ]
    html = response.content.decode()
    assert "5 результатов" in html or "5 results" in html
    # every filter value with its count, as a checkbox of the search form
    assert re.search(r'name="kind" value="agent"[^>]*>\s*<label[^>]*>[^<]*<span[^>]*data-count>3</span>', html)


def test_english_page(client, corpus):
    response = client.get(URL, {"q": "universities"}, HTTP_ACCEPT_LANGUAGE="en")
    assert titles(response) == [
        "Voronezh State University",
        "Interregional biotechnology cluster",
        "School of young scientists",
        # "университеты" in the body: a related term of "universities" (search/data/related_terms.txt)
        "Ирина Смирнова",
        "Regional Development Agency",
    ]
    assert "5 results" in response.content.decode()


def test_every_part_of_the_search_is_in_the_url(client, corpus):
    response = client.get(URL, {"q": "университет", "kind": ["project", "expert"], "sort": "name", "page": "1"})
    query = "q=%D1%83%D0%BD%D0%B8%D0%B2%D0%B5%D1%80%D1%81%D0%B8%D1%82%D0%B5%D1%82&kind=expert&kind=project&sort=name"
    assert response.context["share_url"] == f"http://testserver{URL}?{query}"
    # the shared link gives the same page
    again = client.get(f"{URL}?{query}")
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

    # 25 new agents, and three of the corpus (the university by "кластерной" in its description)
    assert len(titles(first)) == 20 and len(titles(second)) == 8
    assert not set(titles(first)) & set(titles(second)) - {"Кластерное агентство"}
    assert 'href="?q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80&amp;kind=agent&amp;page=2"' in first.content.decode()
    assert client.get(URL, {"q": "кластер", "page": 999}).status_code == 200


def test_cached_page_links_are_those_of_the_canonical_search(client, corpus):
    AgentFactory.create_batch(25, name="Кластерное агентство", description="Кластер.")
    index_rebuild()

    # the first visitor's extra parameter and order do not reach the cached links others get
    client.get(URL, {"kind": "agent", "utm_source": "mail", "q": "кластер"})
    second = client.get(URL, {"q": "кластер", "kind": "agent"})

    assert 'href="?q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80&amp;kind=agent&amp;page=2"' in second.content.decode()
    assert "utm_source" not in second.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_data(client, corpus, make_user):
    user = make_user()
    client.force_login(user)
    query = {"q": "кластер", "kind": ["agent", "project"], "region": "RU-LIP", "sort": "relevance"}
    client.get(URL, query)  # warm up (session, content types)

    cache.clear()  # a new search (its counts, pages and HTML are cached under the index's version)
    # but the user's own cached state (unread count, roles, memberships) is warm for every measured request
    unread_notification_count(user)
    user_roles(user)
    user_agent_roles(user)
    with CaptureQueriesContext(connection) as few:
        client.get(URL, query)
    with CaptureQueriesContext(connection) as again:
        client.get(URL, query)
    AgentFactory.create_batch(30, name="Ещё один кластер", description="Про кластеры.")
    index_rebuild()
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, query)

    assert response.context["results"].count == 33  # the index changed: not the cached answer
    assert results_heading(response).startswith("33 ")  # nor the cached HTML
    assert len(many) == len(few) <= 13
    # A repeated search reads the key (the index's version and the regions' levels) and the user's own
    # state, never the results: their HTML is cached.
    assert len(again) <= 6
    assert not [query for query in again.captured_queries if "search_searchdocument" in query["sql"]]


def results_heading(response) -> str:
    return re.search(r'<h2 id="results-heading"[^>]*>([^<]+)</h2>', response.content.decode()).group(1)


def test_a_cached_search_is_shown_in_the_visitors_language(client, corpus):
    russian = client.get(URL, {"q": "universities"}, HTTP_ACCEPT_LANGUAGE="ru")
    english = client.get(URL, {"q": "universities"}, HTTP_ACCEPT_LANGUAGE="en")

    assert titles(english) == [
        "Voronezh State University",
        "Interregional biotechnology cluster",
        "School of young scientists",
        "Ирина Смирнова",
        "Regional Development Agency",
    ]
    assert titles(russian) == [
        "Воронежский государственный университет",
        "Межрегиональный кластер биотехнологий",
        "Школа молодых учёных",
        "Ирина Смирнова",
        "Агентство регионального развития",
    ]
    with translation.override("en"):
        kind_en = str(Facet.KIND.label)
    with translation.override("ru"):
        kind_ru = str(Facet.KIND.label)
    assert f">{kind_en}</legend>" in english.content.decode()
    assert f">{kind_ru}</legend>" in russian.content.decode()


def test_a_level_change_shows_at_once(client, corpus, lipetsk):
    before = client.get(URL, {"level": 2})
    RegionLevel.objects.create(region=lipetsk, level=2, reached_on=date(2024, 1, 1))
    after = client.get(URL, {"level": 2})

    assert titles(before) == [] and results_heading(before).startswith("0 ")
    assert results_heading(after).startswith("3 ")  # Lipetsk, and its two agents


def test_removing_a_chosen_filter_keeps_the_order(client, corpus):
    for sort in ("name", "newest"):
        query = {"q": "кластер", "kind": "agent", "sort": sort}
        response = client.get(URL, query)

        removal = SearchParams.from_query(query).toggled("kind", "agent").to_query()
        assert removal.endswith(f"sort={sort}")
        assert f'href="?{escape(removal)}"' in response.content.decode()


def test_the_saved_state_of_a_search_is_each_users_own(client, corpus, make_user):
    owner, other = make_user(), make_user()
    SavedSearchFactory(user=owner, name="Кластеры Липецка", query="q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80")
    query = {"q": "кластер"}

    client.force_login(owner)
    owners = client.get(URL, query)
    client.force_login(other)
    others = client.get(URL, query)  # the results come from the cache
    client.logout()
    anonymous = client.get(URL, query)

    assert titles(owners) == titles(others) == titles(anonymous) != []
    owners_html, others_html, anonymous_html = (page.content.decode() for page in (owners, others, anonymous))
    assert "Кластеры Липецка" in owners_html and 'id="save-search"' not in owners_html
    assert "Кластеры Липецка" not in others_html and 'id="save-search"' in others_html
    assert others.context["saved_search"] is None
    assert "Кластеры Липецка" not in anonymous_html and "/accounts/login/?next=" in anonymous_html


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
