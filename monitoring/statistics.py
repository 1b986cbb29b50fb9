"""Indicators tied to regional statistics: suggestions per type of effect, before/after, roll-ups per region.

Reads only. The values come from the data bank (``analytics.series``); a project's contribution is shown as
the change in its regions beside the change in their macro-region between the project's start year and the
latest year with data -- a contribution, never an attribution (many things move regional statistics).

**Suggestions** per type of effect (``SUGGESTERS``):

* economic -- the GVA shares of the project's sections (its OKVED2 directions) in the participating regions;
* modernisation -- the shares of manufacturing (C) and ICT (J) and the level of innovation activity;
* economies of scale and coverage -- R&D personnel and the level of innovation activity of the regions involved;
* network -- the pairs of regions and the levels of cooperation they reach live in ``levels``, above this app:
  ``register_suggester(EffectType.NETWORK, provider)`` is the extension point a higher app fills (nothing here
  imports it); until one does, the network effect suggests the participating regions' innovation activity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.types import Viewer
from analytics.choices import RegionalSeries
from analytics.series import GVA_SHARE, NoSeriesDataError, SeriesComparison, UnknownSeriesError, series_comparison
from analytics.series import series_label as analytics_series_label
from cooperation.models import Project
from regions.models import Region

from .choices import EffectType
from .models import Indicator
from .selectors import indicators_visible_to

GVA_NACE = "nace2"


@dataclass(frozen=True)
class Suggestion:
    """A series one may link an indicator of this effect to, for one region."""

    series: str
    region_iso: str
    label: str


Suggester = Callable[[Project, list[Region]], list[Suggestion]]
SUGGESTERS: dict[str, list[Suggester]] = {}


def register_suggester(effect_type: str, suggester: Suggester) -> None:
    """Extension point: a higher app adds suggestions for a type of effect (levels: pairs and levels reached)."""
    SUGGESTERS.setdefault(effect_type, []).append(suggester)


def _for_regions(series: Iterable[str], regions: list[Region]) -> list[Suggestion]:
    return [
        Suggestion(code, region.iso_code, f"{analytics_series_label(code)} — {region.name}")
        for code in series
        for region in regions
    ]


def _economic(project: Project, regions: list[Region]) -> list[Suggestion]:
    sections = [item.code for item in project.directions.all() if item.classifier.code == GVA_NACE]
    return _for_regions([f"{GVA_SHARE}:{code}" for code in sorted(set(sections))], regions)


def _modernisation(project: Project, regions: list[Region]) -> list[Suggestion]:
    return _for_regions([f"{GVA_SHARE}:C", f"{GVA_SHARE}:J", RegionalSeries.INNOVATION_ACTIVITY.value], regions)


def _scale(project: Project, regions: list[Region]) -> list[Suggestion]:
    return _for_regions([RegionalSeries.RD_PERSONNEL.value, RegionalSeries.INNOVATION_ACTIVITY.value], regions)


def _network(project: Project, regions: list[Region]) -> list[Suggestion]:
    return _for_regions([RegionalSeries.INNOVATION_ACTIVITY.value], regions)


register_suggester(EffectType.ECONOMIC, _economic)
register_suggester(EffectType.MODERNISATION, _modernisation)
register_suggester(EffectType.SCALE, _scale)
register_suggester(EffectType.NETWORK, _network)


def suggestions(project: Project, effect_type: str, regions: list[Region]) -> list[Suggestion]:
    """The default series for an effect of this type in the project's participating ``regions``."""
    found: list[Suggestion] = []
    for suggester in SUGGESTERS.get(effect_type, []):
        found += [item for item in suggester(project, regions) if item not in found]
    return found


def start_year(project: Project) -> int:
    """The year the project started (actually, else as planned, else when it was drafted)."""
    for day in (project.started_on, project.starts_on):
        if day is not None:
            return day.year
    return project.created_at.year


@dataclass
class BeforeAfter:
    """A linked indicator's series in its region and macro-region, before (start year) and after (latest)."""

    indicator: Indicator
    comparison: SeriesComparison | None
    error: str = ""
    before_year: int | None = None
    after_year: int | None = None
    region_before: float | None = None
    region_after: float | None = None
    macro_before: float | None = None
    macro_after: float | None = None
    years: list[dict] = field(default_factory=list)
    start_year: int | None = None

    @property
    def no_year_after_start(self) -> bool:
        """The data bank has no year after the project's start yet (before and after are one year)."""
        return self.comparison is not None and self.start_year is not None and self.after_year == self.before_year

    @property
    def region_change(self) -> float | None:
        if self.region_before is None or self.region_after is None:
            return None
        return self.region_after - self.region_before

    @property
    def macro_change(self) -> float | None:
        if self.macro_before is None or self.macro_after is None:
            return None
        return self.macro_after - self.macro_before


def before_after(
    indicator: Indicator, *, start: int, memo: dict[tuple[str, str], SeriesComparison | str] | None = None
) -> BeforeAfter:
    """The data bank's values of a linked indicator: every year, and before (the latest year up to ``start``,
    else the first) and after (the latest year). ``memo`` shares one read per series and region on a page."""
    memo = {} if memo is None else memo
    key = (indicator.series, indicator.series_region.iso_code)
    if key not in memo:
        try:
            memo[key] = series_comparison(key[0], region_iso=key[1])
        except (UnknownSeriesError, NoSeriesDataError) as error:
            memo[key] = str(error)
    found = memo[key]
    if isinstance(found, str):
        return BeforeAfter(indicator=indicator, comparison=None, error=found)
    comparison = found
    years = comparison.years
    earlier = [year for year in years if year <= start]
    before, after = (earlier[-1] if earlier else years[0]), years[-1]
    row = BeforeAfter(
        indicator=indicator,
        comparison=comparison,
        before_year=before,
        after_year=after,
        region_before=comparison.region.get(before),
        region_after=comparison.region.get(after),
        macro_before=comparison.macroregion.get(before),
        macro_after=comparison.macroregion.get(after),
        start_year=start,
    )
    row.years = [
        {"year": year, "region": comparison.region.get(year), "macroregion": comparison.macroregion.get(year)}
        for year in years
    ]
    return row


def linked_indicators(project: Project) -> list[BeforeAfter]:
    """The project's indicators linked to the data bank, each with its before and after."""
    start = start_year(project)
    indicators = (
        Indicator.objects.filter(effect__project=project)
        .exclude(series="")
        .select_related("series_region__macroregion", "effect")
        .order_by("effect_id", "id")
    )
    memo: dict[tuple[str, str], SeriesComparison | str] = {}
    return [before_after(indicator, start=start, memo=memo) for indicator in indicators]


@dataclass
class RegionRollup:
    """Every linked indicator about one region, in the projects a viewer may see."""

    region: Region
    rows: list[tuple[Project, BeforeAfter]]

    @property
    def items(self) -> list[dict]:
        return [{"project": project, "link": link} for project, link in self.rows]


def region_rollup(region: Region, *, user: Viewer | None) -> RegionRollup:
    """The linked indicators about ``region`` of the projects ``user`` may see, with before and after."""
    indicators = (
        indicators_visible_to(user)
        .filter(Q(series_region=region) & ~Q(series=""))
        .select_related("series_region__macroregion", "effect__project")
        .order_by("effect__project_id", "id")
    )
    memo: dict[tuple[str, str], SeriesComparison | str] = {}
    rows = [
        (indicator.effect.project, before_after(indicator, start=start_year(indicator.effect.project), memo=memo))
        for indicator in indicators
    ]
    return RegionRollup(region=region, rows=rows)


def series_label(code: str) -> str:
    """A person's name of a series code (the monitoring pages' wording)."""
    return analytics_series_label(code) if code else _("not linked")
