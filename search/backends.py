"""Free-text matching and ranking, on PostgreSQL and on the SQLite fallback (chosen by ``connection.vendor``).

Both backends match the same documents and score them the same way (``search/matching.py``): a
query is a list of concepts; a document matches when it contains **any** of them (``every``: all of
them); ``direct`` is 1 when it holds one by the query's own words (0 when found only through related
terms), ``matched`` the number it contains and ``rank`` the sum of each concept's weight by where it
is found (literal in the title 1.0, related in the title 0.5, literal in the body 0.4, related in the
body 0.2).

**PostgreSQL** — ``search_vector`` (GIN index) is ``setweight(to_tsvector('russian', title_text),
'A') || setweight(to_tsvector('russian', body), 'B')``. The query's stems (computed in Python with
PostgreSQL's own stemmers and stop lists, ``search/text.py``) are written as ``to_tsquery('simple',
…)`` so PostgreSQL does not stem them again: ``'кластер':*A`` is a stem beginning a title word,
``'сельск' & 'хозяйств'`` a phrase. PostgreSQL's ``russian`` configuration stems Cyrillic words with
``russian_stem`` and ASCII words with ``english_stem``, so this one configuration serves both languages.

**SQLite** (and any other backend) — the stems of the title and of the body are stored as text, each
surrounded by spaces: a stem is ``LIKE '% stem %'``, the beginning of one ``LIKE '% stem%'``.
"""

from __future__ import annotations

import functools
import operator
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connections
from django.db.models import Case, FloatField, IntegerField, Q, QuerySet, Value, When

from . import matching

#: PostgreSQL's text-search configuration of the documents (see the module docstring).
SEARCH_CONFIG = "russian"


def uses_fallback(queryset: QuerySet) -> bool:
    """Match with the stored stems: on any backend but PostgreSQL, or when ``SEARCH_FORCE_FALLBACK`` is set
    (the tests compare both backends on PostgreSQL with it; the index always stores the stems)."""
    return connections[queryset.db].vendor != "postgresql" or getattr(settings, "SEARCH_FORCE_FALLBACK", False)


def _pattern_sql(pattern: str, weight: str) -> str:
    # stems are letters and digits only (``text.tokens``): quoting them is enough
    if pattern.endswith("*"):
        return f"'{pattern[:-1]}':*{weight}"
    return f"'{pattern}'" + (f":{weight}" if weight else "")


def _postgres_condition(alternatives: tuple[matching.Alternative, ...], where: str) -> Q:
    """``search_vector @@ to_tsquery('simple', …)``: any of ``alternatives`` in the title (A), body (B) or anywhere."""
    weight = {"title": "A", "body": "B", "any": ""}[where]
    query = " | ".join(
        "(" + " & ".join(_pattern_sql(pattern, weight) for pattern in alternative) + ")" for alternative in alternatives
    )
    return Q(search_vector=SearchQuery(query, config="simple", search_type="raw"))


def _fallback_condition(alternatives: tuple[matching.Alternative, ...], where: str) -> Q:
    """Any of ``alternatives`` in the stored stems of the title, the body, or either (each pattern anywhere)."""

    def found(pattern: str) -> Q:
        needle = f" {pattern[:-1]}" if pattern.endswith("*") else f" {pattern} "
        if where == "title":
            return Q(title_stems__contains=needle)
        if where == "body":
            return Q(body_stems__contains=needle)
        return Q(title_stems__contains=needle) | Q(body_stems__contains=needle)

    condition = Q(pk__in=[])
    for alternative in alternatives:
        every = Q()
        for pattern in alternative:
            every &= found(pattern)
        condition |= every
    return condition


def match(queryset: QuerySet, query: str, *, rank: bool = False, every: bool = False) -> QuerySet:
    """Documents of ``queryset`` that contain any concept of ``query`` (with ``every``, each of them); with
    ``rank``, annotated ``direct`` (1 when a concept is found by its own words), ``matched`` (the number of
    concepts found) and ``rank`` (their weights).

    A query without any searchable word (empty, or stop words only) filters nothing.
    """
    concepts = matching.concepts(query)
    if not concepts:
        if rank:
            return queryset.annotate(
                direct=Value(0, output_field=IntegerField()),
                matched=Value(0, output_field=IntegerField()),
                rank=Value(0.0, output_field=FloatField()),
            )
        return queryset
    condition = _fallback_condition if uses_fallback(queryset) else _postgres_condition
    anywhere = [condition(concept.alternatives, "any") for concept in concepts]
    queryset = queryset.filter(functools.reduce(operator.and_ if every else operator.or_, anywhere))
    if not rank:
        return queryset
    literal_title, related_title, literal_body, related_body = matching.WEIGHTS
    matched: Any = Value(0, output_field=IntegerField())
    score: Any = Value(0.0, output_field=FloatField())
    for concept, found in zip(concepts, anywhere, strict=True):
        cases = [When(condition(concept.literal, "title"), then=Value(literal_title))]
        if concept.related:
            cases.append(When(condition(concept.related, "title"), then=Value(related_title)))
        cases.append(When(condition(concept.literal, "body"), then=Value(literal_body)))
        if concept.related:
            cases.append(When(condition(concept.related, "body"), then=Value(related_body)))
        # a phrase split between the title and the body counts as a related body match
        cases.append(When(found, then=Value(related_body)))
        score = score + Case(*cases, default=Value(0.0), output_field=FloatField())
        matched = matched + Case(When(found, then=Value(1)), default=Value(0), output_field=IntegerField())
    # found by the query's own words somewhere (a result found only through related terms ranks below, #12)
    own = functools.reduce(operator.or_, [condition(concept.literal, "any") for concept in concepts])
    direct = Case(When(own, then=Value(1)), default=Value(0), output_field=IntegerField())
    return queryset.annotate(direct=direct, matched=matched, rank=score)
