"""Choosing regions on forms and filters: in alphabetical order of the active language, a multiple choice grouped
under the federal districts (``<optgroup>``s the searchable picker, ``static/core/picker.js``, shows as headings,
so a person finds "Липецкая область" under the Central district, or types part of its name)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator

from core.i18n import collation_key

from .models import Region

#: The mark of a city of federal significance ("г. Москва"), left out when sorting: Moscow comes under "М".
CITY_MARK = re.compile(r"^г\.\s*")


def name_key(region: Region) -> tuple[str, str]:
    """The sort key of ``region``'s name in the active language (without the mark of a federal city)."""
    return collation_key(CITY_MARK.sub("", region.name))


def by_name(regions: Iterable[Region]) -> list[Region]:
    """``regions`` in alphabetical order of their names in the active language (sorted in Python, so the same
    on SQLite and PostgreSQL whatever the database's collation)."""
    return sorted(regions, key=name_key)


def by_district(regions: Iterable[Region]) -> list[tuple[Any, list[Region]]]:
    """``regions`` grouped under their federal districts (in the districts' official order), each group in
    alphabetical order of the active language. The regions need their ``federal_district`` loaded."""
    groups: dict[int, tuple[Any, list[Region]]] = {}
    for region in regions:
        district = region.federal_district
        groups.setdefault(district.pk, (district, []))[1].append(region)
    ordered = sorted(groups.values(), key=lambda group: (group[0].sort_order, group[0].code))
    return [(district, by_name(members)) for district, members in ordered]


class RegionChoiceIterator(ModelChoiceIterator):
    """The queryset's regions in alphabetical order of the active language."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for region in by_name(self.queryset):
            yield self.choice(region)


class GroupedRegionChoiceIterator(ModelChoiceIterator):
    """The queryset's regions as ``(federal district, [(value, label), …])`` groups (see :func:`by_district`)."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for district, regions in by_district(self.queryset.select_related("federal_district")):
            yield (district.name, [self.choice(region) for region in regions])


class RegionChoiceField(forms.ModelChoiceField):
    """One region, from a list in alphabetical order of the page's language."""

    iterator = RegionChoiceIterator


class RegionMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Several regions, grouped under their federal districts, alphabetical in the page's language in each."""

    iterator = GroupedRegionChoiceIterator
