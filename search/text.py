"""Language-independent stems: how the SQLite fallback (and the tests) read Russian and English text.

The rules are PostgreSQL's ``russian`` text-search configuration, so that both backends match the
same documents:

* a word of ASCII letters only is an English word: dropped when it is in the English stop list,
  otherwise stemmed with Snowball's English (Porter2) stemmer (PostgreSQL: ``asciiword`` →
  ``english_stem``);
* any other word of letters (Cyrillic, or mixed) is a Russian word: Russian stop list, Snowball's
  Russian stemmer, which also reads ``ё`` as ``е`` (PostgreSQL: ``word`` → ``russian_stem``);
* a token with digits is kept as it is, lower-cased (PostgreSQL: ``numword``/``int`` → ``simple``).

The stop lists in ``search/data/`` are PostgreSQL's own copies of Snowball's lists, and the
``snowballstemmer`` release is pinned to the Snowball version PostgreSQL bundles (2.2.0; Snowball
3 changed some English stems, e.g. "universities" → "universiti" instead of "univers").

Differences that remain are in tokenisation only: PostgreSQL also indexes a hyphenated compound as
a whole ("quadruple-helix") besides its parts, reads e-mail addresses, URLs and signed numbers as
single tokens; the fallback splits them into words. Queries of ordinary words behave the same.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import snowballstemmer

DATA_DIR = Path(__file__).resolve().parent / "data"
_TOKEN = re.compile(r"[^\W_]+")
_local = threading.local()


def _stop_words(name: str) -> frozenset[str]:
    lines = (DATA_DIR / f"{name}.stop").read_text(encoding="utf-8").splitlines()
    return frozenset(word.strip().lower() for word in lines if word.strip())


ENGLISH_STOP_WORDS = _stop_words("english")
RUSSIAN_STOP_WORDS = _stop_words("russian")


def _stemmer(language: str):
    # Snowball stemmers keep state while stemming a word: one instance per thread.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(language)
    return stemmers[language]


@lru_cache(maxsize=200_000)
def stem(token: str) -> str | None:
    """The stem of one lower-case token, or None for a stop word."""
    if any(char.isdigit() for char in token):
        return token
    if token.isascii():
        if token in ENGLISH_STOP_WORDS:
            return None
        return _stemmer("english").stemWord(token)
    if token in RUSSIAN_STOP_WORDS:
        return None
    return _stemmer("russian").stemWord(token)


def tokens(text: str) -> list[str]:
    """The words of ``text``, lower-cased, in order."""
    return _TOKEN.findall((text or "").lower())


def stems(text: str) -> list[str]:
    """The stems of the words of ``text`` in order (repeated as the words are), stop words left out."""
    return [value for value in (stem(token) for token in tokens(text)) if value]


def unique_stems(texts: Iterable[str]) -> list[str]:
    """The distinct stems of several texts, in order of first appearance."""
    seen: dict[str, None] = {}
    for text in texts:
        for value in stems(text):
            seen.setdefault(value, None)
    return list(seen)


def stems_field(texts: Iterable[str]) -> str:
    """Distinct stems as stored for the fallback: space-separated with a space at each end.

    The surrounding spaces let ``LIKE '% stem %'`` match whole stems only.
    """
    values = unique_stems(texts)
    return f" {' '.join(values)} " if values else ""


def query_terms(query: str) -> list[str]:
    """The distinct stems of a query's words, in order (``search/matching.py`` reads a query into concepts)."""
    return unique_stems([query])
