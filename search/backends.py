"""Free-text matching and ranking, on PostgreSQL and on the SQLite fallback (chosen by ``connection.vendor``).

Both backends match the same documents: every word of the query (stop words left out) must
occur, as a stem, in the document's title text or body.

**PostgreSQL** — ``search_vector`` (GIN index) is ``setweight(to_tsvector('russian', title_text),
'A') || setweight(to_tsvector('russian', body), 'B')``; the query is
``plainto_tsquery('russian', q)`` and the rank ``ts_rank`` with the default weights (A 1.0, B 0.4).
PostgreSQL's ``russian`` configuration stems Cyrillic words with ``russian_stem`` *and ASCII words
with* ``english_stem`` (its ``asciiword`` mapping), so this one configuration is the Russian plus the
English configuration: an ``'english'`` vector added to it would only repeat every English lexeme
(doubling its weight) and add the unstemmed Russian word forms, which no query can match.

**SQLite** (and any other backend) — the stems of the title and of the body are stored as text
(``search/text.py`` applies the same stemmers and stop lists as PostgreSQL); each query stem must be
found in one of them, and the rank is the weighted count of matched stems: 1.0 for a stem in the
title, 0.4 for a stem in the body (the weights of ``ts_rank``). PostgreSQL also rewards repeated
and nearby words, so ranks are not equal, but a title match ranks above a body-only match and more
matched words above fewer on both: the test corpus (``tests/search/test_relevance.py``) checks that
both give the same top results.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

from . import text

#: PostgreSQL's text-search configuration (see the module docstring).
SEARCH_CONFIG = "russian"
TITLE_WEIGHT = 1.0
BODY_WEIGHT = 0.4


def uses_fallback(queryset: QuerySet) -> bool:
    """Match with the stored stems: on any backend but PostgreSQL, or when ``SEARCH_FORCE_FALLBACK`` is set
    (the tests compare both backends on PostgreSQL with it; the index always stores the stems)."""
    return connections[queryset.db].vendor != "postgresql" or getattr(settings, "SEARCH_FORCE_FALLBACK", False)


def match(queryset: QuerySet, query: str, *, rank: bool = False) -> QuerySet:
    """Documents of ``queryset`` that match every word of ``query``; with ``rank``, annotated ``rank``.

    A query without any searchable word (empty, or stop words only) filters nothing.
    """
    terms = text.query_terms(query)
    if not terms:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())) if rank else queryset
    if not uses_fallback(queryset):
        search_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="plain")
        queryset = queryset.filter(search_vector=search_query)
        if rank:
            queryset = queryset.annotate(rank=SearchRank(F("search_vector"), search_query))
        return queryset
    score = Value(0.0, output_field=FloatField())
    for term in terms:
        needle = f" {term} "
        in_title, in_body = Q(title_stems__contains=needle), Q(body_stems__contains=needle)
        queryset = queryset.filter(in_title | in_body)
        if rank:
            score = (
                score
                + Case(When(in_title, then=Value(TITLE_WEIGHT)), default=Value(0.0), output_field=FloatField())
                + Case(When(in_body, then=Value(BODY_WEIGHT)), default=Value(0.0), output_field=FloatField())
            )
    return queryset.annotate(rank=score) if rank else queryset
