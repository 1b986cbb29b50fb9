"""Match the regions and classifier codes written in a file to the portal's reference data.

Pure: the caller passes plain names and codes (the services read them from the
database). Matching ignores case, blanks, ``ё``/``е`` and the kind of dash, so
``Кемеровская область-Кузбасс`` finds ``Кемеровская область – Кузбасс``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

#: What a file writes for the country as a whole (stored as an observation without region).
COUNTRY = "RU"
COUNTRY_NAMES = (
    "RU",
    "Russia",
    "Russian Federation",
    "Россия",
    "РФ",
    "Российская Федерация",
    # Rosstat's wording of its "Russia" row
    "Российская Федерация из суммы субъектов",
    "Российская Федерация из суммы субъектов Российской Федерации",
)

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_BLANKS = re.compile(r"\s+")
# Generic words that a short English name may leave out ("Lipetsk" for "Lipetsk Oblast").
_ENGLISH_GENERIC = re.compile(r"^(republic of )|( (oblast|krai|republic|autonomous okrug|autonomous oblast))$")


def normalise_key(text: object) -> str:
    """Case-, blank-, dash- and ё-insensitive key of a name or code."""
    value = "" if text is None else str(text)
    value = _DASHES.sub("-", value.casefold().replace("ё", "е"))
    return _BLANKS.sub("", value)


@dataclass(frozen=True)
class RegionNames:
    """The names under which one region may appear in a file."""

    iso_code: str
    name_ru: str = ""
    name_en: str = ""
    rosstat_name: str = ""


@dataclass
class RegionLookup:
    """Finds a region's ISO code from its ISO code, Russian, English or Rosstat name.

    A short English name without the generic word ("Lipetsk", "Tatarstan") is
    accepted when it is unambiguous ("Altai" is not: krai or republic).
    """

    keys: dict[str, str] = field(default_factory=dict)
    country_keys: frozenset[str] = frozenset()

    @classmethod
    def build(cls, regions: Iterable[RegionNames], *, country_names: Iterable[str] = COUNTRY_NAMES) -> RegionLookup:
        keys: dict[str, str] = {}
        ambiguous: set[str] = set()
        regions = list(regions)
        for region in regions:
            for name in (region.iso_code, region.name_ru, region.name_en, region.rosstat_name):
                key = normalise_key(name)
                if key:
                    keys.setdefault(key, region.iso_code)
        short: dict[str, str] = {}
        for region in regions:
            text = " ".join(region.name_en.casefold().split())
            key = normalise_key(_ENGLISH_GENERIC.sub("", text))
            if not key or key in keys:
                continue
            if key in short and short[key] != region.iso_code:
                ambiguous.add(key)
            short[key] = region.iso_code
        keys.update({key: iso for key, iso in short.items() if key not in ambiguous})
        return cls(keys=keys, country_keys=frozenset(normalise_key(name) for name in country_names))

    def resolve(self, text: object) -> str | None:
        """The region's ISO code, :data:`COUNTRY` for the country, or None when unknown."""
        key = normalise_key(text)
        if key in self.country_keys:
            return COUNTRY
        return self.keys.get(key)


@dataclass(frozen=True)
class ItemNames:
    """One classifier item: its code and names."""

    code: str
    name_ru: str = ""
    name_en: str = ""


@dataclass
class ItemLookup:
    """Finds a classifier item's code from its code or, failing that, its English or Russian name.

    Codes win over names. A numeric code that lost its leading zeros in a
    spreadsheet (``2`` for GRNTI ``02``) is found too.
    """

    codes: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    digit_widths: tuple[int, ...] = ()

    @classmethod
    def build(cls, items: Iterable[ItemNames]) -> ItemLookup:
        codes: dict[str, str] = {}
        names: dict[str, str] = {}
        ambiguous: set[str] = set()
        widths: set[int] = set()
        for item in items:
            codes[normalise_key(item.code)] = item.code
            if item.code.isdigit():
                widths.add(len(item.code))
            for name in (item.name_en, item.name_ru):
                key = normalise_key(name)
                if not key:
                    continue
                if key in names and names[key] != item.code:
                    ambiguous.add(key)
                names[key] = item.code
        return cls(
            codes=codes,
            names={key: code for key, code in names.items() if key not in ambiguous},
            digit_widths=tuple(sorted(widths)),
        )

    def resolve(self, text: object) -> str | None:
        """The item's code, or None when neither a code nor a name matches."""
        key = normalise_key(text)
        if not key:
            return None
        if key in self.codes:
            return self.codes[key]
        if key.isdigit():
            for width in self.digit_widths:
                padded = key.zfill(width)
                if padded in self.codes:
                    return self.codes[padded]
        return self.names.get(key)
