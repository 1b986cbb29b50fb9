"""Relevance on the fixed corpus, in Russian and in English — the same top results on both backends.

The suite runs twice (SQLite, then PostgreSQL): the expected rankings below are constants, so each pass
checks its backend against them. On PostgreSQL, ``test_fallback_and_postgresql_agree`` also runs the
SQLite fallback (forced, on the same database) side by side with PostgreSQL's full-text search.
"""

import pytest
from django.db import connection

from search.params import SearchParams
from search.selectors import search

pytestmark = pytest.mark.django_db

# query -> the expected results, best first (names of tests/search/corpus.py; "region:RU-VOR" a region).
EXPECTED = {
    # Russian plural finds the singular; title matches first, equal ranks newest first; body-only matches
    # last. A stem of five letters or more also begins longer words: "кластер" finds "кластерной" in the
    # university's description (body, as the agency's "кластеры", which is newer).
    "кластеры": ["joint_project", "expert", "biotech_cluster", "agency", "university"],
    "кластер": ["joint_project", "expert", "biotech_cluster", "agency", "university"],
    # English plural finds the singular ("Voronezh State University"); "университет" is a related term
    # (search/data/related_terms.txt), so the Russian bodies follow at the lowest weight, newest first.
    "universities": ["university", "joint_project", "school", "expert", "agency"],
    "university": ["university", "joint_project", "school", "expert", "agency"],
    "университет": ["university", "joint_project", "school", "expert", "agency"],
    # Any word matches; more words first (the university's description has both, in its body), then where.
    "кластер биотехнологий": ["joint_project", "biotech_cluster", "university", "expert", "agency"],
    # The expert's "Cluster expert" is one word in the title; the university's "биотехнологии" one related
    # word in the body.
    "biotechnology cluster": ["joint_project", "biotech_cluster", "expert", "university"],
    # Stop words are ignored.
    "the cluster": ["joint_project", "expert", "biotech_cluster"],
    # A region is found by its name, and so are the agents, experts and projects there: they come first.
    "воронежская": ["university", "joint_project", "expert", "region:RU-VOR"],
    "квантовая гравитация": [],
}


def refs(corpus, names):
    result = []
    for name in names:
        if name.startswith("region:"):
            from regions.models import Region

            result.append(("region", Region.objects.get(iso_code=name.split(":")[1]).pk))
        else:
            result.append(corpus.ref(name))
    return result


def found(query, **filters):
    results = search(SearchParams.from_query({"q": query, **filters}), page_size=50)
    return [(document.kind, document.object_id) for document in results.documents]


@pytest.mark.parametrize("query", list(EXPECTED))
def test_ranking_on_the_corpus(corpus, query):
    assert found(query) == refs(corpus, EXPECTED[query])


def test_what_is_not_public_is_never_found(corpus):
    everything = found("кластер") + found("cluster") + found("Кластерный консультант")
    for name in ("unverified", "hidden_expert", "draft", "hidden"):
        assert corpus.ref(name) not in everything


def test_a_query_of_stop_words_only_is_no_text_filter(corpus):
    assert len(found("и the")) == len(found(""))


def test_filters_narrow_the_ranked_results(corpus):
    assert found("кластеры", kind="agent") == refs(corpus, ["biotech_cluster", "agency", "university"])
    assert found("университет", kind=["project", "expert"]) == refs(corpus, ["joint_project", "school", "expert"])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="side by side only on PostgreSQL (the PostgreSQL pass)")
def test_fallback_and_postgresql_agree(corpus, settings):
    for query in EXPECTED:
        settings.SEARCH_FORCE_FALLBACK = False
        postgres = found(query)
        settings.SEARCH_FORCE_FALLBACK = True
        fallback = found(query)
        assert fallback == postgres, query
    settings.SEARCH_FORCE_FALLBACK = False
