"""What a query asks for, and why a text matches it: pure functions (no database), shared by both backends.

A query is read as a list of **concepts**, one per word (or per known phrase) that is not a stop word.
A concept is found in a text through its *literal* alternatives (the word itself: its stem, or any
word beginning with the stem when it is long enough, so "беспилотных" finds "беспилотник") or through
its *related* alternatives (``search/data/related_terms.txt``: "дрон" for "беспилотник", "сельское
хозяйство" for "агро…"), which rank lower. A compound that begins with a combining form of the list
("агродроны") is read as two concepts ("агро…" and "дроны").

An alternative is a tuple of stem patterns that must all occur (a phrase); a pattern ending in ``*``
is the beginning of a stem. Stems are those of ``search/text.py`` (PostgreSQL's rules).

Documents match when they contain **any** concept (the search page: partial matches are shown, best first);
a saved search's alert asks for more (``ALERTS_REQUIRE_EVERY_CONCEPT``), as it fires unasked. Within a kind,
documents that hold a concept by its own words come before those found only through related terms, then
they are ranked by the number of concepts they contain, then by where (title above body, literal above
related): ``WEIGHTS``.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import text

#: A stem at least this long also matches longer words it begins ("кластер" → "кластерный").
PREFIX_MIN_LENGTH = 5
#: A compound's remainder after a combining form ("агро" + "дрон") must be at least this long.
COMPOUND_MIN_REST = 3
#: The score of one concept by where it is found: (literal in title, related in title, literal in body,
#: related in body). The title/body ratio is ts_rank's default (A 1.0, B 0.4); related terms count half.
WEIGHTS = (1.0, 0.5, 0.4, 0.2)
#: The longest phrase of the related-terms list looked for in a query, in words.
MAX_PHRASE = 3
#: Two stems are akin (for the related competences offered when nothing matches) when they share a beginning of
#: this many letters: "энергоэффективн" and "энергетик", "медицинск" and "медицин".
AKIN_PREFIX = 5
#: Characters of a long field shown around its first matched word.
SNIPPET_LENGTH = 160
#: A saved search's alert fires only on a document that holds **every** concept of its query (each by its own
#: words or a related term), where the search page shows any partial match: an alert interrupts its owner,
#: so "точное земледелие беспилотники" must not fire on a text that only says "точное" (#12).
ALERTS_REQUIRE_EVERY_CONCEPT = True

Alternative = tuple[str, ...]


@dataclass(frozen=True)
class Concept:
    """One idea of a query: the words as typed, and the stem patterns that find it."""

    words: str
    literal: tuple[Alternative, ...]
    related: tuple[Alternative, ...] = ()

    @property
    def alternatives(self) -> tuple[Alternative, ...]:
        return self.literal + tuple(alt for alt in self.related if alt not in self.literal)

    @property
    def patterns(self) -> frozenset[str]:
        return frozenset(pattern for alternative in self.alternatives for pattern in alternative)


@dataclass(frozen=True)
class FieldMatch:
    """A field of a document that matched: its key, the concepts found in it, the text with ``<mark>``."""

    field: str
    concepts: frozenset[int]
    html: SafeString = field(compare=False)
    #: The query's words (as typed) found in this field only through a related term ("агродроны" for "беспилотные").
    related: tuple[str, ...] = field(default=(), compare=False)


# --- The related-terms list. ---------------------------------------------------------------------------


def _term_patterns(term: str) -> Alternative:
    """The stem patterns of one term of the list ("агро*" → ("агро*",); "сельское хозяйство" → two stems)."""
    prefix = term.strip().endswith("*")
    words = text.tokens(term)
    if prefix and len(words) == 1:
        return (words[0] + "*",)
    return tuple(text.stems(term))


@cache
def related_groups() -> tuple[tuple[Alternative, ...], ...]:
    """The groups of ``search/data/related_terms.txt``, each term as stem patterns."""
    groups = []
    for line in (text.DATA_DIR / "related_terms.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        terms = tuple(dict.fromkeys(p for p in (_term_patterns(term) for term in line.split(",")) if p))
        if terms:
            groups.append(terms)
    return tuple(groups)


def pattern_matches(pattern: str, stem: str) -> bool:
    """Whether one stem of a text is found by one pattern of a query."""
    if pattern.endswith("*"):
        return stem.startswith(pattern[:-1])
    return stem == pattern


def _literal(stem: str) -> Alternative:
    return (stem + "*",) if len(stem) >= PREFIX_MIN_LENGTH and not stem.isdigit() else (stem,)


def _related_to(alternative: Alternative) -> list[Alternative]:
    """Every term of the groups that hold ``alternative`` (a term of a group, or a word a prefix term begins)."""
    found: list[Alternative] = []
    for group in related_groups():
        hit = alternative in group or (
            len(alternative) == 1
            and any(
                len(term) == 1 and term[0].endswith("*") and pattern_matches(term[0], alternative[0]) for term in group
            )
        )
        if hit:
            found.extend(term for term in group if term not in found)
    return found


def _combining_forms() -> list[str]:
    forms = {term[0][:-1] for group in related_groups() for term in group if len(term) == 1 and term[0].endswith("*")}
    return sorted(forms, key=len, reverse=True)


def _covered(alternative: Alternative, literal: Sequence[Alternative]) -> bool:
    """Whether a related term adds nothing to the literal ones (``земледел`` beside ``земледел*``)."""
    return (
        any(
            len(alternative) == len(own) == 1 and pattern_matches(own[0], alternative[0].rstrip("*")) for own in literal
        )
        or alternative in literal
    )


def _concept(words: str, stems: Alternative) -> Concept:
    literal = (_literal(stems[0]),) if len(stems) == 1 else (stems,)
    related = tuple(alt for alt in _related_to(stems) if not _covered(alt, literal))
    return Concept(words=words, literal=literal, related=related)


def _is_term(stem: str) -> bool:
    return any((stem,) in group for group in related_groups())


def _compound(word: str, stem: str) -> list[Concept] | None:
    """ "агродроны" → the concepts "агро…" and "дрон" (the whole word found by either), or None."""
    for form in _combining_forms():
        rest = stem[len(form) :]
        if stem.startswith(form) and len(rest) >= COMPOUND_MIN_REST:
            whole = _literal(stem)
            head_related = dict.fromkeys([(form + "*",), *_related_to((form + "*",))])
            head = Concept(words=word, literal=(whole,), related=tuple(head_related))
            tail_literal = (whole, _literal(rest))
            tail_related = tuple(alt for alt in _related_to((rest,)) if not _covered(alt, tail_literal))
            tail = Concept(words=word, literal=tail_literal, related=tail_related)
            return [head, tail]
    return None


def concepts(query: str) -> list[Concept]:
    """The concepts of a query, in order (a phrase of the related-terms list is one concept)."""
    words = [(token, stem) for token in text.tokens(query) if (stem := text.stem(token))]
    phrases = {term for group in related_groups() for term in group if len(term) > 1}
    found: list[Concept] = []
    seen: set[Alternative] = set()
    position = 0
    while position < len(words):
        for size in range(min(MAX_PHRASE, len(words) - position), 0, -1):
            stems = tuple(stem for _token, stem in words[position : position + size])
            if size == 1 or stems in phrases:
                break
        typed = " ".join(token for token, _stem in words[position : position + size])
        position += size
        if stems in seen:
            continue
        seen.add(stems)
        if size == 1 and not _is_term(stems[0]) and (parts := _compound(typed, stems[0])):
            found.extend(parts)
        else:
            found.append(_concept(typed, stems))
    return found


# --- Why a text matches. -------------------------------------------------------------------------------


def _found(alternative: Alternative, stems: Collection[str]) -> bool:
    # a set of stems: an exact pattern is looked up, a prefix compared with each
    return all(
        any(stem.startswith(pattern[:-1]) for stem in stems) if pattern.endswith("*") else pattern in stems
        for pattern in alternative
    )


def _concepts_found(value: str, query: Sequence[Concept]) -> tuple[frozenset[int], frozenset[int]]:
    """The concepts found in a text, and those found by their own words (one reading of the text)."""
    stems = set(text.stems(value))
    found, literal = set(), set()
    for position, concept in enumerate(query):
        if any(_found(alternative, stems) for alternative in concept.literal):
            found.add(position)
            literal.add(position)
        elif any(_found(alternative, stems) for alternative in concept.related):
            found.add(position)
    return frozenset(found), frozenset(literal)


def concepts_in(value: str, query: Sequence[Concept], *, literal: bool = False) -> frozenset[int]:
    """The positions (in ``query``) of the concepts found in a text (with ``literal``, by their own words only)."""
    found, own = _concepts_found(value, query)
    return own if literal else found


def highlight(value: str, query: Sequence[Concept], *, limit: int | None = None) -> SafeString:
    """The text HTML-escaped, each word of a matched concept in ``<mark>``; with ``limit``, cut to about that many
    characters around the first marked word (an ellipsis where cut)."""
    value = " ".join((value or "").split())
    stems = set(text.stems(value))
    patterns = [
        pattern
        for concept in query
        for alternative in concept.alternatives
        if _found(alternative, stems)
        for pattern in alternative
    ]
    spans = []
    for token in re.finditer(r"[^\W_]+", value):
        stem = text.stem(token.group().lower())
        if stem and any(pattern_matches(pattern, stem) for pattern in patterns):
            spans.append((token.start(), token.end()))
    start, stop = 0, len(value)
    if limit is not None and len(value) > limit:
        first = spans[0][0] if spans else 0
        start = max(0, first - limit // 3)
        if start:
            space = value.find(" ", start)
            start = space + 1 if 0 <= space < first else start
        stop = min(len(value), start + limit)
        if stop < len(value):
            space = value.rfind(" ", start, stop)
            stop = space if space > max(start, spans[0][1] if spans else start) else stop
    parts = ["…" if start else ""]
    cursor = start
    for span_start, span_end in spans:
        if span_start < start or span_end > stop:
            continue
        parts.append(escape(value[cursor:span_start]))
        parts.append(f"<mark>{escape(value[span_start:span_end])}</mark>")
        cursor = span_end
    parts.append(escape(value[cursor:stop]))
    if stop < len(value):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308  # every piece of the text went through escape()


def why(fields: Iterable[Sequence[str]], query: Sequence[Concept], *, most: int = 2) -> list[FieldMatch]:
    """The fields that explain a match, best first: each adds concepts the ones before it lack (at most ``most``).

    ``fields`` are ``(key, text)`` pairs in the document's order of importance (its name first); a field holding
    the query's own words is preferred to one holding only related terms.
    """
    candidates = []
    for order, (key, value) in enumerate(fields):
        found, literal = _concepts_found(value, query)
        if found:
            candidates.append((order, key, value, found, literal))
    chosen: list[FieldMatch] = []
    covered: frozenset[int] = frozenset()
    while candidates and len(chosen) < most:
        # most new concepts, then most found by the query's own words, then the earlier field
        order, key, value, found, own = max(
            candidates, key=lambda item: (len(item[3] - covered), len(item[4] - covered), -item[0])
        )
        if not found - covered:
            break
        related = tuple(dict.fromkeys(query[position].words for position in sorted(found - own)))
        chosen.append(
            FieldMatch(
                field=key,
                concepts=found,
                html=highlight(value, query, limit=SNIPPET_LENGTH),
                related=tuple(words for words in related if words not in _own_words(query, own)),
            )
        )
        covered |= found
        candidates = [item for item in candidates if item[0] != order]
    return chosen


def _own_words(query: Sequence[Concept], literal: frozenset[int]) -> set[str]:
    # a compound's two concepts share the typed word: found by its own words through one, it is not "related"
    return {query[position].words for position in literal}


def words_found(query: Sequence[Concept], found: Iterable[FieldMatch]) -> int:
    """How many of the query's words (or phrases) the fields explaining a match hold (a compound counts once)."""
    positions = frozenset().union(*(match.concepts for match in found))
    return len({query[position].words for position in positions})


# --- When nothing matches. -----------------------------------------------------------------------------


def _akin(one: str, other: str) -> bool:
    shared = 0
    for first, second in zip(one, other, strict=False):
        if first != second:
            break
        shared += 1
    return shared >= AKIN_PREFIX or one == other


def akin(value: str, query: Sequence[Concept]) -> bool:
    """Whether a text (a competence's name) shares a stem, or the beginning of one, with a concept of the query:
    looser than a match, to suggest where to look when a search found nothing."""
    stems = set(text.stems(value))
    wanted = {pattern.rstrip("*") for concept in query for pattern in concept.patterns}
    return any(_akin(pattern, stem) or _akin(stem, pattern) for pattern in wanted for stem in stems)
