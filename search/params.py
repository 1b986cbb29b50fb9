"""The state of a search as GET parameters: read (leniently), written back (canonically).

Every part of a search lives in the URL, so a search can be shared, bookmarked, saved and run
again by the alert task. Unknown or malformed values are dropped rather than answered with an
error: a shared link that names a region or a competence that no longer exists still opens.

Parameters: ``q`` (free text), ``kind``, ``helix``, ``region`` (ISO code), ``macroregion``
(code), ``type`` (type of cooperation), ``competence`` (classifier item id), ``level`` (1–4) —
each filter may repeat (values of one filter are alternatives, filters combine) — ``sort``
(``relevance``, ``newest``, ``name``) and ``page``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.http import QueryDict

from cooperation.choices import CooperationLevel, CooperationType, Helix

from .choices import DocumentKind, Facet, SortOrder

MAX_QUERY_LENGTH = 200
MAX_VALUES = 50
_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")

#: Facets in the order of the URL and of the filter column.
FACETS = (Facet.KIND, Facet.HELIX, Facet.REGION, Facet.MACROREGION, Facet.TYPE, Facet.COMPETENCE, Facet.LEVEL)


def _choice(values: list[str], allowed) -> tuple[str, ...]:
    return tuple(sorted({value for value in values if value in allowed}))


def _codes(values: list[str]) -> tuple[str, ...]:
    return tuple(sorted({value for value in values if _CODE.match(value)}))


def _ints(values: list[str], *, low: int = 1, high: int = 2**62) -> tuple[int, ...]:
    numbers = set()
    for value in values:
        if value.isdigit() and low <= int(value) <= high:
            numbers.add(int(value))
    return tuple(sorted(numbers))


@dataclass(frozen=True)
class SearchParams:
    """A search: the text, the chosen values of each filter, the order and the page."""

    q: str = ""
    kind: tuple[str, ...] = ()
    helix: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    macroregion: tuple[str, ...] = ()
    type: tuple[str, ...] = ()
    competence: tuple[int, ...] = ()
    level: tuple[int, ...] = ()
    sort: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, data: QueryDict | dict | str | None) -> SearchParams:
        """Read the parameters of a request's GET (or a saved query string); never raises."""
        if data is None:
            data = QueryDict()
        elif isinstance(data, str):
            data = QueryDict(data)
        elif not isinstance(data, QueryDict):
            query = QueryDict(mutable=True)
            for key, value in data.items():
                query.setlist(key, [str(item) for item in value] if isinstance(value, list | tuple) else [str(value)])
            data = query

        def values(name: str) -> list[str]:
            return [value.strip() for value in data.getlist(name)[:MAX_VALUES] if value.strip()]

        q = " ".join((data.get("q") or "").split())[:MAX_QUERY_LENGTH]
        sort = data.get("sort") or ""
        page = _ints(values("page")[:1])
        return cls(
            q=q,
            kind=_choice(values("kind"), DocumentKind.values),
            helix=_choice(values("helix"), Helix.values),
            region=tuple(sorted({value.upper() for value in _codes(values("region"))})),
            macroregion=_codes(values("macroregion")),
            type=_choice(values("type"), CooperationType.values),
            competence=_ints(values("competence")),
            level=tuple(sorted(set(_ints(values("level"), low=1, high=4)) & set(CooperationLevel.values))),
            sort=sort if sort in SortOrder.values else "",
            page=page[0] if page else 1,
        )

    # --- What the parameters mean.

    @property
    def has_text(self) -> bool:
        return bool(self.q)

    @property
    def effective_sort(self) -> str:
        """The order used: relevance when there is text (unless chosen otherwise), else newest first."""
        if self.sort == SortOrder.NAME:
            return SortOrder.NAME
        if self.sort == SortOrder.NEWEST or not self.has_text:
            return SortOrder.NEWEST
        return SortOrder.RELEVANCE

    def selected(self, facet: str) -> tuple:
        return getattr(self, str(facet))

    @property
    def has_filters(self) -> bool:
        return any(self.selected(facet) for facet in FACETS)

    @property
    def is_empty(self) -> bool:
        """Neither text nor a filter: the search shows everything."""
        return not self.has_text and not self.has_filters

    # --- Writing them back.

    def items(self, *, page: bool = False, sort: bool = True) -> list[tuple[str, str]]:
        """``(name, value)`` pairs in a fixed order (the canonical form of a search)."""
        pairs: list[tuple[str, str]] = []
        if self.q:
            pairs.append(("q", self.q))
        for facet in FACETS:
            pairs.extend((str(facet), str(value)) for value in self.selected(facet))
        if sort and self.sort:
            pairs.append(("sort", self.sort))
        if page and self.page > 1:
            pairs.append(("page", str(self.page)))
        return pairs

    def to_query(self, *, page: bool = False, sort: bool = True) -> str:
        """The query string of this search (without the page unless asked), canonical: equal searches, equal strings."""
        return urlencode(self.items(page=page, sort=sort))

    def without(self, facet: str) -> SearchParams:
        """The same search with no value chosen in ``facet`` (to count the alternatives of that filter)."""
        return replace(self, **{str(facet): ()}, page=1)

    def toggled(self, facet: str, value) -> SearchParams:
        """The same search with ``value`` of ``facet`` switched on or off (a link in the filter column)."""
        current = set(self.selected(facet))
        current ^= {value}
        return replace(self, **{str(facet): tuple(sorted(current))}, page=1)

    def with_page(self, page: int) -> SearchParams:
        return replace(self, page=max(1, page))

    def to_dict(self) -> dict:
        """Plain JSON for the API: every filter as a list."""
        data: dict = {"q": self.q}
        for facet in FACETS:
            data[str(facet)] = list(self.selected(facet))
        data["sort"] = self.effective_sort
        data["page"] = self.page
        return data
