"""Series of the data bank with one value per region and year, read for a region beside its macro-region and Russia.

What other apps link to (monitoring's indicators, the region page's charts). A series is named by a code:

* ``rd_personnel`` -- R&D personnel (people; ``RegionalStatistic``); the macro-region's value is the sum of
  its regions' (each territory once);
* ``innovation_activity`` -- level of innovation activity of organisations (%; ``RegionalStatistic``); the
  macro-region's value is the plain mean of its regions' (the file gives no counts of organisations);
* ``gva_share:<section>`` -- share of a NACE Rev. 2 (= OKVED2) section in the region's gross value added (%),
  from the volumes of the data set ``rosstat-gva`` (2016–2022): volume of the section / the region's total ×
  100; the macro-region's share is the sum of its regions' volumes of the section over the sum of their totals.

Reads only (selectors); bad input is an exception with a message for people: :class:`UnknownSeriesError`
(no such series), :class:`NoSeriesDataError` (a region without data in that series).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.models import Region

from .choices import RegionalSeries
from .models import ClassifierItem, Observation, RegionalStatistic

GVA_DATASET = "rosstat-gva"
GVA_CLASSIFIER = "nace2"
GVA_SHARE = "gva_share"
UNITS = {RegionalSeries.RD_PERSONNEL: gettext_lazy("people"), RegionalSeries.INNOVATION_ACTIVITY: "%", GVA_SHARE: "%"}


class UnknownSeriesError(ValueError):
    """No series of the data bank has this code."""


class NoSeriesDataError(LookupError):
    """The series has no value for this region."""


@dataclass
class SeriesComparison:
    """One series for a region, its macro-region and Russia: ``{year: value}`` each."""

    code: str
    label: str
    unit: str
    region_iso: str
    region_name: str
    macroregion_name: str
    region: dict[int, float] = field(default_factory=dict)
    macroregion: dict[int, float] = field(default_factory=dict)
    country: dict[int, float] = field(default_factory=dict)
    #: For a count (R&D personnel): the mean per region of the macro-region and of Russia, comparable with
    #: the region's own value; empty for shares and levels, which are comparable as they are.
    macroregion_mean: dict[int, float] = field(default_factory=dict)
    country_mean: dict[int, float] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted(self.region)


def parse_series_code(code: str) -> tuple[str, str]:
    """``(kind, section)`` of a series code (section empty but for GVA shares); UnknownSeriesError otherwise."""
    text = (code or "").strip()
    if text in RegionalSeries.values:
        return text, ""
    kind, _sep, section = text.partition(":")
    if kind == GVA_SHARE and section:
        if ClassifierItem.objects.filter(classifier__code=GVA_CLASSIFIER, code=section).exists():
            return GVA_SHARE, section
    raise UnknownSeriesError(_("Unknown series of the data bank: “%(code)s”.") % {"code": code})


def series_choices() -> list[tuple[str, str]]:
    """Every series one may link to: the regional statistics, then the GVA share of each NACE section."""
    choices = [(str(value), str(label)) for value, label in RegionalSeries.choices]
    sections = ClassifierItem.objects.filter(classifier__code=GVA_CLASSIFIER).order_by("sort_order", "code")
    choices += [
        (
            f"{GVA_SHARE}:{item.code}",
            _("GVA share of section %(code)s: %(name)s") % {"code": item.code, "name": item.name},
        )
        for item in sections
    ]
    return choices


def series_label(code: str) -> str:
    """A person's name of the series (its code when it is unknown)."""
    kind, section = _split(code)
    if kind in RegionalSeries.values:
        return str(RegionalSeries(kind).label)
    if kind == GVA_SHARE:
        return _("GVA share of section %(code)s") % {"code": section}
    return code


def _split(code: str) -> tuple[str, str]:
    kind, _sep, section = (code or "").partition(":")
    return kind, section


def series_comparison(code: str, *, region_iso: str) -> SeriesComparison:
    """The series for ``region_iso``, its macro-region and Russia; raises on an unknown series or a region
    without data (two or three queries)."""
    kind, section = parse_series_code(code)
    region = Region.objects.select_related("macroregion").filter(iso_code=region_iso).first()
    if region is None:
        raise NoSeriesDataError(_("Unknown region: “%(region)s”.") % {"region": region_iso})
    peers = list(Region.objects.filter(macroregion_id=region.macroregion_id).values_list("id", "iso_code"))
    comparison = SeriesComparison(
        code=code,
        label=series_label(code),
        unit=str(UNITS[kind]),
        region_iso=region.iso_code,
        region_name=region.name,
        macroregion_name=region.macroregion.name if region.macroregion else "",
    )
    ids = {pk: iso for pk, iso in peers}
    if kind == GVA_SHARE:
        _gva_shares(comparison, section=section, ids=ids)
    else:
        _statistics(comparison, kind=kind, ids=ids)
    if not comparison.region:
        raise NoSeriesDataError(
            _("The data bank has no values of “%(series)s” for %(region)s.")
            % {"series": comparison.label, "region": region.name}
        )
    return comparison


def _statistics(comparison: SeriesComparison, *, kind: str, ids: dict[int, str]) -> None:
    rows = (
        RegionalStatistic.objects.filter(series=kind)
        .filter(_region_or_country(list(ids)))
        .values_list("region_id", "year", "value")
    )
    peers: dict[int, list[float]] = defaultdict(list)
    for region_id, year, value in rows:
        if region_id is None:
            comparison.country[year] = value
            continue
        peers[year].append(value)
        if ids[region_id] == comparison.region_iso:
            comparison.region[year] = value
    for year, values in peers.items():
        total = sum(values)
        comparison.macroregion[year] = total if kind == RegionalSeries.RD_PERSONNEL else total / len(values)
    if kind == RegionalSeries.RD_PERSONNEL:
        comparison.macroregion_mean = {year: sum(values) / len(values) for year, values in peers.items()}
        counts = dict(
            RegionalStatistic.objects.filter(series=kind, region__isnull=False)
            .values_list("year")
            .annotate(regions=Count("id"))
            .values_list("year", "regions")
        )
        comparison.country_mean = {
            year: value / counts[year] for year, value in comparison.country.items() if counts.get(year)
        }


def _gva_shares(comparison: SeriesComparison, *, section: str, ids: dict[int, str]) -> None:
    rows = Observation.objects.filter(
        _region_or_country(list(ids)),
        dataset__code=GVA_DATASET,
        item__classifier__code=GVA_CLASSIFIER,
    ).values_list("region_id", "item__code", "year", "value")
    section_volume: dict[tuple[int | None, int], float] = defaultdict(float)
    total: dict[tuple[int | None, int], float] = defaultdict(float)
    for region_id, item_code, year, value in rows:
        total[(region_id, year)] += value
        if item_code == section:
            section_volume[(region_id, year)] += value
    macro_section: dict[int, float] = defaultdict(float)
    macro_total: dict[int, float] = defaultdict(float)
    for (region_id, year), value in total.items():
        share = section_volume.get((region_id, year), 0.0) / value * 100 if value else None
        if region_id is None:
            if share is not None:
                comparison.country[year] = share
            continue
        macro_section[year] += section_volume.get((region_id, year), 0.0)
        macro_total[year] += value
        if ids[region_id] == comparison.region_iso and share is not None:
            comparison.region[year] = share
    comparison.macroregion = {year: macro_section[year] / value * 100 for year, value in macro_total.items() if value}


def _region_or_country(region_ids: list[int]) -> Q:
    """Rows of these regions or of the country (no region)."""
    return Q(region_id__in=region_ids) | Q(region__isnull=True)


def region_ratings(region: Region) -> list[SeriesComparison]:
    """The regional statistics (R&D personnel, innovation activity) of ``region`` beside its macro-region and
    Russia, for its page, in one query (the country's rows carry the number of regions with a value that year);
    a series without data for the region is left out."""
    regions_with_value = (
        RegionalStatistic.objects.filter(series=OuterRef("series"), year=OuterRef("year"), region__isnull=False)
        .values("series")
        .annotate(count=Count("id"))
        .values("count")
    )
    rows = (
        RegionalStatistic.objects.filter(Q(region__macroregion_id=region.macroregion_id) | Q(region__isnull=True))
        .annotate(regions=Subquery(regions_with_value))
        .values_list("series", "region__iso_code", "year", "value", "regions")
    )
    by_series: dict[str, list[tuple[str | None, int, float, int | None]]] = defaultdict(list)
    for series, iso, year, value, regions in rows:
        by_series[series].append((iso, year, value, regions))
    found = []
    for kind in RegionalSeries.values:
        comparison = SeriesComparison(
            code=kind,
            label=series_label(kind),
            unit=str(UNITS[kind]),
            region_iso=region.iso_code,
            region_name=region.name,
            macroregion_name=region.macroregion.name if region.macroregion else "",
        )
        peers: dict[int, list[float]] = defaultdict(list)
        counts: dict[int, int] = {}
        for iso, year, value, regions in by_series.get(kind, []):
            if iso is None:
                comparison.country[year] = value
                counts[year] = regions or 0
                continue
            peers[year].append(value)
            if iso == region.iso_code:
                comparison.region[year] = value
        if not comparison.region:
            continue
        for year, values in peers.items():
            total = sum(values)
            comparison.macroregion[year] = total if kind == RegionalSeries.RD_PERSONNEL else total / len(values)
        if kind == RegionalSeries.RD_PERSONNEL:
            comparison.macroregion_mean = {year: sum(values) / len(values) for year, values in peers.items()}
            comparison.country_mean = {
                year: value / counts[year] for year, value in comparison.country.items() if counts.get(year)
            }
        found.append(comparison)
    return found
