"""Shapes the analytics reads for the public pages, their exports and the map.

The views read through ``analytics.selectors`` (``region_page_data`` and its siblings: a fixed
number of queries whatever the number of regions, items and years) and pass what they read in;
this module reads nothing (``tests/portal/test_presenters_pure.py``): it only regroups the rows into what
a template or an export needs: heat-map tables, the scenario model's levels, the managerial
matrix's rows, chart series and the map's values.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from analytics.choices import TREND_INDICATORS, Indicator, MappingKind
from analytics.computations.relatedness import DEFAULT_QUANTILE, eci_ranks, possible_to_develop
from analytics.maps import ATTRIBUTION, LICENCE, LICENCE_URL, country_map
from core.numbers import half_up, machine_number

if TYPE_CHECKING:
    from analytics.selectors import PageData

LEVELS = ("global", "national", "macroregional")
LEVEL_INDICATOR = {
    "global": Indicator.EXPORT_SPECIALISATION,
    "national": Indicator.NATIONAL_LOCALISATION,
    "macroregional": Indicator.MACROREGIONAL_LOCALISATION,
}
LEVEL_TITLES = {
    "global": gettext_lazy("Global level"),
    "national": gettext_lazy("National level"),
    "macroregional": gettext_lazy("Macro-regional level"),
}
LEVEL_BASIS = {
    "global": gettext_lazy("export specialisation (FEACN commodity groups)"),
    "national": gettext_lazy("national localisation (economic activities)"),
    "macroregional": gettext_lazy("macro-regional localisation (economic activities)"),
}
PRESENCE_LABELS = {
    "global": gettext_lazy("Presence (+) / lack (−) of export specialisation"),
    "national": gettext_lazy("Presence (+) / lack (−) of national specialisation"),
    "macroregional": gettext_lazy("Presence (+) / lack (−) of macro-regional specialisation"),
}
ST_KEY = "st"

#: Upper bounds of the heat-map classes, as multiples of the competence threshold:
#: three classes below it (blues), four at or above it (reds). ColorBrewer RdBu.
HEAT_BOUNDS = (0.5, 0.8, 1.0, 1.5, 2.0, 3.0)
HEAT_CLASSES = len(HEAT_BOUNDS) + 1
NO_DATA = "heat-na"

#: (coefficient, item code) -> (English name, Russian name)
Names = dict[tuple[str, str], tuple[str, str]]


# --- Tables (rendered by templates/analytics/public/_table.html, exported as CSV/XLSX) ---


@dataclass(frozen=True)
class Cell:
    """One cell: ``value`` is exported as it is (number or text), ``text`` is shown."""

    value: Any = None
    text: str = ""
    css: str = ""
    competence: bool = False
    href: str = ""
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Row:
    headers: tuple[Cell, ...]
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class DataTable:
    """A table of a page: its caption, its column labels (row-header columns first) and rows."""

    slug: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    header_columns: int = 1
    heat: bool = False
    note: str = ""

    def export_rows(self) -> list[list[Any]]:
        """The header row then one row per table row, with raw values (numbers stay numbers)."""
        rows: list[list[Any]] = [list(self.columns)]
        for row in self.rows:
            rows.append([cell.value for cell in (*row.headers, *row.cells)])
        return rows


def pick(en: str | None, ru: str | None) -> str:
    """The name in the active language, falling back on the other one (see ``core.i18n.localized``)."""
    en, ru = en or "", ru or ""
    if (get_language() or "ru").startswith("en"):
        return en or ru
    return ru or en


def number(value: float | None) -> str:
    """A coefficient as the active language writes it, 2 decimals (``1,89`` in Russian)."""
    if value is None:
        return "—"
    return formats.number_format(half_up(value, 2), 2)


def heat_class(value: float | None, threshold: float) -> str:
    """CSS class of a coefficient's colour: ``heat-0`` (far below the threshold) … ``heat-6``."""
    if value is None:
        return NO_DATA
    ratio = value / threshold if threshold else value
    for index, bound in enumerate(HEAT_BOUNDS):
        if ratio < bound:
            return f"heat-{index}"
    return f"heat-{len(HEAT_BOUNDS)}"


def heat_legend(threshold: float) -> list[dict[str, str]]:
    """Legend entries: CSS class and the range of values it stands for."""
    bounds = [bound * threshold for bound in HEAT_BOUNDS]
    entries = [{"css": "heat-0", "label": _("below %(upper)s") % {"upper": number(bounds[0])}}]
    for index in range(1, len(bounds)):
        entries.append(
            {
                "css": f"heat-{index}",
                "label": _("%(lower)s to %(upper)s")
                % {"lower": number(bounds[index - 1]), "upper": number(bounds[index])},
            }
        )
    entries.append({"css": f"heat-{len(bounds)}", "label": _("%(lower)s and above") % {"lower": number(bounds[-1])}})
    entries.append({"css": NO_DATA, "label": _("no data")})
    return entries


def value_cell(value: float | None, competence: bool, threshold: float) -> Cell:
    return Cell(value=value, text=number(value), css=heat_class(value, threshold), competence=bool(competence))


def indicator_label(indicator: str) -> str:
    return str(Indicator(indicator).label)


# --- Common context ----------------------------------------------------------------


@dataclass
class Context:
    """What every analytics page starts from: the current snapshot, the data sets, the chosen one."""

    snapshot: Any
    datasets: list[Any]
    dataset: Any = None
    threshold: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "snapshot": self.snapshot,
            "datasets": self.datasets,
            "dataset": self.dataset,
            "threshold": self.threshold,
            "threshold_text": number(self.threshold),
            "legend": heat_legend(self.threshold),
            "legend_example": number(1.23 * self.threshold),
            **self.extra,
        }


def _context(data: PageData) -> Context:
    threshold = data.snapshot.threshold if data.snapshot is not None else 1.0
    return Context(snapshot=data.snapshot, datasets=data.datasets, dataset=data.dataset, threshold=threshold)


def _names_by_indicator(rows: Iterable[Any], years: dict[str, int] | None = None) -> Names:
    """(indicator, item code) -> (English name, Russian name), from coefficient rows.

    ``years`` (a document's ``years``: level or ``st`` -> year) keeps, per coefficient, the
    rows of the year the document used: item codes repeat across classifiers (OKVED1's "C"
    is mining, OKVED2's manufacturing), and the year tells which one the document means.
    """
    wanted = {LEVEL_INDICATOR[level].value: year for level, year in (years or {}).items() if level in LEVEL_INDICATOR}
    if years and ST_KEY in years:
        wanted[Indicator.ST_SPECIALISATION.value] = years[ST_KEY]
    return {
        (row.indicator, row.item_code): (row.item_name_en, row.item_name_ru)
        for row in rows
        if wanted.get(row.indicator, row.year) == row.year
    }


def _item_label(code: str, name: str, classifier: str | None = None) -> str:
    """``C. Manufacturing``; with ``classifier`` (when a table mixes two, as OKVED1 and OKVED2) ``C (OKVED2). …``,
    the classifier's short name in the reader's language (ОКВЭД2), never its internal code ``nace2``."""
    key = f"{code} ({_classifier_short(classifier)})" if classifier else code
    return f"{key}. {name}" if name and name != code else key


# --- Region page -------------------------------------------------------------------


def region_page(
    *,
    region: Any,
    data: PageData,
    year: int | None = None,
    rule: PossibleRule | None = None,
    min_proximity: float = 0.5,
    import_urls: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Context of a region's analytics page: competence profile, scenario model, relatedness, trend.

    ``data`` is what :func:`analytics.selectors.region_page_data` read (this function reads nothing).
    ``rule`` is the cut-off of the possible-to-develop rule, ``min_proximity`` that of the drawn edges.
    """
    rule = rule or PossibleRule()
    context = _context(data)
    if context.snapshot is None or context.dataset is None:
        return context.as_dict()
    by_dataset = data.rows_by_dataset()
    dataset_rows = by_dataset.get(context.dataset.code, [])
    profile = region_profile_tables(dataset_rows, region=region, dataset=context.dataset, threshold=context.threshold)
    payload = data.document
    names = _names_by_indicator(dataset_rows, payload.get("years") if payload else None)
    scenario = scenario_levels(payload, names) if payload else None
    trends = []
    if data.trend_dataset:
        trends = trend_charts(
            by_dataset[data.trend_dataset.code],
            region=region,
            dataset=data.trend_dataset,
            threshold=context.threshold,
            mappings=data.mappings,
        )
    families = relatedness_families(
        data.complexity,
        dataset_rows,
        region=region,
        threshold=context.threshold,
        rule=rule,
        min_proximity=min_proximity,
    )
    if scenario is not None:
        by_family = {family["indicator"]: family for family in families}
        for level in scenario:
            family = by_family.get(LEVEL_INDICATOR[level["key"]].value)
            level["possible"] = family["possible"] if family else []
            level["has_relatedness"] = family is not None
    tables = [*profile]
    if payload:
        tables.append(scenario_table(payload, names, region=region))
    tables.extend(family["table"] for family in families)
    tables.extend(trend["table"] for trend in trends)
    context.extra.update(
        {
            "region": region,
            "profile": profile,
            "scenario": scenario,
            "scenario_payload": payload,
            "scenario_years": data.document_years,
            "scenario_year": payload.get("year") if payload else year,
            "scenario_table_years": payload.get("years", {}) if payload else {},
            "trends": trends,
            "trend_dataset": data.trend_dataset,
            "tables": tables,
            "export_name": f"{region.iso_code}-{context.dataset.code}",
            "region_has_data": bool(dataset_rows),
            "families": families,
            "possible_rule": rule.describe(context.threshold),
            "min_proximity_text": number(min_proximity),
            "status_legend": status_legend(),
            "missing_levels": missing_levels(payload, dataset_rows),
            "import_urls": import_urls or {},
        }
    )
    return context.as_dict()


#: What fills each level of the scenario model, for the note on the levels a data set lacks.
LEVEL_DATA = {
    "global": gettext_lazy("exports by commodity group (ТН ВЭД groups, classifier “feacn_groups”)"),
    "national": gettext_lazy("gross value added or output by economic activity (ОКВЭД 2 sections, “nace2”)"),
    "macroregional": gettext_lazy("gross value added or output by economic activity (ОКВЭД 2 sections, “nace2”)"),
    ST_KEY: gettext_lazy("publications by S&T rubric (ГРНТИ rubrics, “grnti”)"),
}
LEVEL_DATA_TITLES = {**LEVEL_TITLES, ST_KEY: gettext_lazy("S&T competences")}


def missing_levels(payload: dict[str, Any] | None, rows: Sequence[Any]) -> list[dict[str, Any]]:
    """The scenario model's levels (and its S&T competences) that this data set cannot fill, with the data
    that would fill them; every level when the region has no scenario model here."""
    years = (payload or {}).get("years", {})
    missing = []
    for key in (*LEVELS, ST_KEY):
        if years.get(key):
            continue
        missing.append({"key": key, "title": LEVEL_DATA_TITLES[key], "data": LEVEL_DATA[key]})
    return missing


def region_profile_tables(rows: Sequence[Any], *, region: Any, dataset: Any, threshold: float) -> list[DataTable]:
    """One heat map per coefficient: items (rows) × years (columns), as the paper's tables.

    A coefficient computed on two classifiers (OKVED1 until 2015, OKVED2 from 2016: the same
    letters mean different sections) gets one table per classifier, in the order met.
    """
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for row in rows:
        groups[(row.indicator, row.classifier_code)].append(row)
    tables = []
    for indicator in Indicator.values:  # the four coefficients, in Table 1's order
        classifiers = [classifier for (key, classifier) in groups if key == indicator]
        # The classifier with the latest years first (OKVED2 before OKVED1).
        classifiers.sort(key=lambda classifier: -max(row.year for row in groups[(indicator, classifier)]))
        for classifier in classifiers:
            group = groups[(indicator, classifier)]
            years = sorted({row.year for row in group})
            items: dict[str, dict[int, Any]] = {}
            names: dict[str, str] = {}
            for row in group:  # already in item order
                items.setdefault(row.item_code, {})[row.year] = row
                names[row.item_code] = pick(row.item_name_en, row.item_name_ru)
            table_rows = []
            for code, by_year in items.items():
                if all(cell.value is None for cell in by_year.values()):
                    continue
                label = _item_label(code, names[code])
                cells = tuple(
                    value_cell(by_year[y].value, by_year[y].is_competence, threshold)
                    if y in by_year
                    else Cell(css=NO_DATA, text="—")
                    for y in years
                )
                table_rows.append(Row(headers=(Cell(value=label, text=label),), cells=cells))
            caption = _("%(indicator)s: %(region)s") % {"indicator": indicator_label(indicator), "region": region.name}
            slug = f"profile-{indicator}"
            if len(classifiers) > 1:
                caption = _("%(caption)s (classifier %(classifier)s)") % {"caption": caption, "classifier": classifier}
                slug = f"{slug}-{classifier}"
            tables.append(
                DataTable(
                    slug=slug,
                    caption=caption,
                    columns=(_("Item"), *[str(year) for year in years]),
                    rows=tuple(table_rows),
                    heat=True,
                )
            )
    return tables


#: Short names of the classifiers in items' labels and the trend's notes, translated (ОКВЭД1, ОКВЭД2 in Russian;
#: others: their code in capitals).
CLASSIFIER_SHORT_NAMES = {"okved1": gettext_lazy("OKVED1"), "nace2": gettext_lazy("OKVED2")}


def _classifier_short(code: str) -> str:
    return str(CLASSIFIER_SHORT_NAMES.get(code, code.upper()))


def _year_span(years: Iterable[int]) -> str:
    years = sorted(years)
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}"


@dataclass
class _TrendLinks:
    """The mapping links into the trend's classifier, indexed for one pass over the rows."""

    #: (source classifier, source code) -> its "equivalent" mapping (``.source``, ``.target`` items)
    equivalent: dict[tuple[str, str], Any] = field(default_factory=dict)
    #: target code -> source items linked only as "part"
    parts: dict[str, list[Any]] = field(default_factory=dict)
    #: every (source classifier, source code) with a link into the trend's classifier
    mapped: set[tuple[str, str]] = field(default_factory=set)


def _trend_links(mappings: Iterable[Any], *, target_classifier: str) -> _TrendLinks:
    links = _TrendLinks()
    for mapping in mappings:
        if mapping.target.classifier.code != target_classifier:
            continue
        source_key = (mapping.source.classifier.code, mapping.source.code)
        links.mapped.add(source_key)
        if mapping.kind == MappingKind.EQUIVALENT:
            links.equivalent[source_key] = mapping
        else:
            links.parts.setdefault(mapping.target.code, []).append(mapping.source)
    return links


def _trend_note(entry: dict[str, Any], links: _TrendLinks, earlier_years: dict[str, set[int]]) -> str:
    """Where a series' earlier years come from, or why it has none (a "part" link is not comparable)."""
    if entry["derived"]:
        source = entry["derived"]["item"]
        return _("%(years)s: %(classifier)s section %(code)s (%(name)s), equivalent at section level") % {
            "years": _year_span(entry["derived"]["years"]),
            "classifier": _classifier_short(source.classifier.code),
            "code": source.code,
            "name": pick(source.name_en, source.name_ru),
        }
    sources = [source for source in links.parts.get(entry["code"], ()) if earlier_years.get(source.classifier.code)]
    if entry["target"] and sources:
        years = set().union(*(earlier_years[source.classifier.code] for source in sources))
        return ngettext(
            "No values for %(years)s: %(classifier)s section %(sections)s and this section overlap only in part, "
            "so they are not comparable",
            "No values for %(years)s: %(classifier)s sections %(sections)s each overlap this section only in part, "
            "so they are not comparable",
            len(sources),
        ) % {
            "years": _year_span(years),
            "classifier": _classifier_short(sources[0].classifier.code),
            "sections": ", ".join(f"{source.code} ({pick(source.name_en, source.name_ru)})" for source in sources),
        }
    return ""


def _series_key(row: Any, link: Any, latest: str) -> tuple[tuple[str, str], str, str, int]:
    """The series a row belongs to (key, code, name, order): its equivalent item in the latest classifier,
    else its own item."""
    target = link.target if link is not None else None
    if target is not None:
        return (latest, target.code), target.code, pick(target.name_en, target.name_ru), target.sort_order
    source_key = (row.classifier_code, row.item_code)
    return source_key, row.item_code, pick(row.item_name_en, row.item_name_ru), row.item_sort_order


def _trend_series(
    indicator_rows: list[Any], years: list[int], latest: str, links: _TrendLinks
) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, set[int]]]:
    """One series per item of the latest classifier (earlier years through "equivalent" links), and the
    earlier classifiers' years."""
    position = {year: index for index, year in enumerate(years)}
    earlier_years: dict[str, set[int]] = defaultdict(set)
    series: dict[tuple[str, str], dict[str, Any]] = {}
    for row in indicator_rows:
        source_key = (row.classifier_code, row.item_code)
        link = links.equivalent.get(source_key)
        if row.classifier_code != latest:
            earlier_years[row.classifier_code].add(row.year)
            if link is None and source_key in links.mapped:
                continue  # linked only in part: not comparable, a gap in the target's series
        key, code, name, order = _series_key(row, link, latest)
        entry = series.get(key)
        if entry is None:
            entry = series[key] = {
                "code": code,
                "classifier": key[0],
                "target": key[0] == latest,
                "order": order,
                "data": [None] * len(years),
                "competences": [False] * len(years),
                "derived_flags": [False] * len(years),
                "derived": None,
            }
        if key[0] == row.classifier_code or link is None:
            entry["name"] = name  # the item's own name wins over the mapping's
        else:
            entry.setdefault("name", name)
            entry["derived_flags"][position[row.year]] = True
            derived = entry["derived"] = entry["derived"] or {"item": None, "years": set()}
            derived["years"].add(row.year)
            derived["item"] = link.source
        entry["data"][position[row.year]] = None if row.value is None else round(row.value, 4)
        entry["competences"][position[row.year]] = bool(row.is_competence)
    return series, earlier_years


def _trend_rows(
    visible: list[dict[str, Any]], notes: list[str], *, several_classifiers: bool, threshold: float
) -> tuple[list[dict[str, Any]], list[Row]]:
    """The chart's data sets and the table's rows, one per series."""
    datasets_json, table_rows = [], []
    for entry, note in zip(visible, notes, strict=True):
        label = _item_label(entry["code"], entry["name"], entry["classifier"] if several_classifiers else None)
        datasets_json.append(
            {
                "label": label,
                "data": entry["data"],
                # Years taken from an equivalent section of the earlier classifier (drawn dashed).
                "derived": entry["derived_flags"],
                "note": note,
                # Items the region never specialised in start hidden; the legend shows them.
                "hidden": not any(entry["competences"]),
            }
        )
        cells = tuple(
            value_cell(value, competence, threshold) if value is not None else Cell(css=NO_DATA, text="—")
            for value, competence in zip(entry["data"], entry["competences"], strict=True)
        )
        if any(notes):
            cells = (*cells, Cell(value=note, text=note))
        table_rows.append(Row(headers=(Cell(value=label, text=label),), cells=cells))
    return datasets_json, table_rows


def _trend_chart(
    indicator: str, indicator_rows: list[Any], *, region: Any, dataset: Any, threshold: float, mappings: list[Any]
) -> dict[str, Any]:
    """One localisation factor's chart and table."""
    years = sorted({row.year for row in indicator_rows})
    latest = max(indicator_rows, key=lambda row: row.year).classifier_code
    links = _trend_links(mappings, target_classifier=latest)
    series, earlier_years = _trend_series(indicator_rows, years, latest, links)
    several_classifiers = len({classifier for classifier, _code in series}) > 1
    ordered = sorted(series.values(), key=lambda entry: (not entry["target"], entry["classifier"], entry["order"]))
    visible = [entry for entry in ordered if any(value is not None for value in entry["data"])]
    notes = [_trend_note(entry, links, earlier_years) for entry in visible]
    datasets_json, table_rows = _trend_rows(
        visible, notes, several_classifiers=several_classifiers, threshold=threshold
    )
    caption = _("%(indicator)s of %(region)s, %(first)s–%(last)s") % {
        "indicator": indicator_label(indicator),
        "region": region.name,
        "first": years[0],
        "last": years[-1],
    }
    columns = (_("Item"), *[str(year) for year in years])
    table_note = ""
    if any(notes):
        columns = (*columns, _("Note"))
        table_note = _(
            "Years before the switch to %(classifier)s come from the section of the earlier classifier that "
            "is equivalent at section level (see each row's note); a section that matches earlier ones only "
            "in part has no values for those years."
        ) % {"classifier": _classifier_short(latest)}
    return {
        "indicator": indicator,
        "id": f"trend-{indicator}",
        "data_id": f"trend-{indicator}-data",
        "title": caption,
        "dataset": dataset,
        "note": table_note,
        "chart": {
            "labels": years,
            "datasets": datasets_json,
            "threshold": threshold,
            "thresholdLabel": _("Competence threshold (%(threshold)s)") % {"threshold": number(threshold)},
            "yTitle": indicator_label(indicator),
            "xTitle": _("Year"),
            "locale": get_language() or "ru",
        },
        "table": DataTable(
            slug=f"trend-{indicator}",
            caption=caption,
            columns=columns,
            rows=tuple(table_rows),
            heat=True,
            note=table_note,
        ),
    }


def trend_charts(
    rows: Sequence[Any], *, region: Any, dataset: Any, threshold: float, mappings: Iterable[Any] = ()
) -> list[dict[str, Any]]:
    """Line-chart data (one series per item) and its table alternative, per localisation factor.

    A series is drawn in the classifier of the latest year (OKVED2). Earlier years
    observed in another classifier (OKVED1 until 2015) continue it only through an
    "equivalent" :class:`analytics.models.ClassifierMapping`: those values are marked
    (``derived`` in the chart, a note in the table). A source section linked only as
    "part" is not comparable, so the target's series has a gap there, with a note saying
    why; a source item with no link at all keeps a series of its own, labelled with its
    classifier. ``mappings`` come from :func:`analytics.selectors.classifier_mappings`.
    """
    mappings = list(mappings)
    charts = []
    for indicator in TREND_INDICATORS:
        indicator_rows = [row for row in rows if row.indicator == indicator]
        if indicator_rows:
            charts.append(
                _trend_chart(
                    indicator, indicator_rows, region=region, dataset=dataset, threshold=threshold, mappings=mappings
                )
            )
    return charts


# --- Scenario model (Figure 1) ------------------------------------------------------


def _localised(names: Names, indicator: str, code: str, fallback: str | None) -> str:
    en, ru = names.get((indicator, code), (fallback, None))
    return pick(en or fallback, ru)


def _competences(entries: Iterable[dict[str, Any]], names: Names) -> list[dict[str, Any]]:
    return [
        {
            "code": entry["code"],
            "name": _localised(names, Indicator.ST_SPECIALISATION, entry["code"], entry.get("name")),
            "value": entry.get("value"),
            "value_text": number(entry.get("value")),
        }
        for entry in entries
    ]


def scenario_levels(payload: dict[str, Any], names: Names) -> list[dict[str, Any]]:
    """The scenario model's three levels with names in the active language, for the template."""
    levels = []
    for level in LEVELS:
        indicator = LEVEL_INDICATOR[level]
        directions = []
        for direction in payload.get("levels", {}).get(level, []):
            directions.append(
                {
                    "code": direction["code"],
                    "name": _localised(names, indicator, direction["code"], direction.get("name")),
                    "value": direction.get("value"),
                    "value_text": number(direction.get("value")),
                    "st_competences": _competences(direction.get("st_competences", []), names),
                    "cross_cutting": _competences(direction.get("cross_cutting", []), names),
                }
            )
        levels.append(
            {
                "key": level,
                "title": LEVEL_TITLES[level],
                "basis": LEVEL_BASIS[level],
                "indicator": indicator_label(indicator),
                "year": payload.get("years", {}).get(level),
                "directions": directions,
            }
        )
    return levels


def scenario_table(payload: dict[str, Any], names: Names, *, region: Any) -> DataTable:
    """The scenario model flattened for export: one row per direction."""
    rows = []
    for level in scenario_levels(payload, names):
        for direction in level["directions"]:
            st = "; ".join(f"{item['name']} ({item['value_text']})" for item in direction["st_competences"])
            cross = "; ".join(f"{item['name']} ({item['value_text']})" for item in direction["cross_cutting"])
            rows.append(
                Row(
                    headers=(
                        Cell(value=str(level["title"]), text=str(level["title"])),
                        Cell(value=direction["code"], text=direction["code"]),
                    ),
                    cells=(
                        Cell(value=direction["name"], text=direction["name"]),
                        Cell(value=direction["value"], text=direction["value_text"]),
                        Cell(value=st, text=st),
                        Cell(value=cross, text=cross),
                    ),
                )
            )
    return DataTable(
        slug="scenario",
        caption=_("Scenario model of %(region)s") % {"region": region.name},
        columns=(
            _("Level"),
            _("Code"),
            _("Direction"),
            _("Coefficient"),
            _("S&T competences"),
            _("Cross-cutting competences"),
        ),
        rows=tuple(rows),
        header_columns=2,
    )


# --- Macro-region page -------------------------------------------------------------


def macroregion_page(
    *, macroregion: Any, data: PageData, year: int | None = None, rule: PossibleRule | None = None
) -> dict[str, Any]:
    """Context of a macro-region's analytics page: the managerial matrix and the heat maps of its regions.

    ``data`` is what :func:`analytics.selectors.macroregion_page_data` read (this function reads nothing).
    """
    context = _context(data)
    if context.snapshot is None or context.dataset is None:
        return context.as_dict()
    dataset_rows = data.rows_by_dataset().get(context.dataset.code, [])
    payload = data.document
    members = data.regions
    names = _names_by_indicator(dataset_rows, payload.get("years") if payload else None)
    matrix = matrix_rows(payload, names, members) if payload else None
    if matrix is not None:
        possible = possible_codes(
            data.complexity,
            dataset_rows,
            regions=[column["code"] for column in matrix["columns"]],
            threshold=context.threshold,
            rule=rule or PossibleRule(),
        )
        mark_possible(matrix, possible)
    years_used = dict(payload.get("years", {})) if payload else {}
    heatmaps = macroregion_heatmaps(
        dataset_rows,
        members=members,
        years=years_used,
        requested_year=year,
        threshold=context.threshold,
        macroregion=macroregion,
    )
    tables = []
    if payload:
        tables.append(matrix_table(payload, names, members, macroregion=macroregion, matrix=matrix))
    tables.extend(heatmaps)
    context.extra.update(
        {
            "macroregion": macroregion,
            "members": members,
            "matrix": matrix,
            "matrix_payload": payload,
            "matrix_years": data.document_years,
            "matrix_year": payload.get("year") if payload else year,
            "heatmaps": heatmaps,
            "tables": tables,
            "export_name": f"{macroregion.code}-{context.dataset.code}",
            "possible_rule": (rule or PossibleRule()).describe(context.threshold),
            "status_legend": status_legend(),
        }
    )
    return context.as_dict()


def mark_possible(matrix: dict[str, Any], possible: dict[str, dict[str, list[str]]]) -> None:
    """Marks ``◇`` the matrix cells whose direction is possible to develop for the region (not a competence)."""
    matrix["has_relatedness"] = bool(possible)
    for level in matrix["levels"]:
        by_region = possible.get(LEVEL_INDICATOR[level["key"]].value, {})
        for direction in level["directions"]:
            for cell in direction["cells"]:
                cell["possible"] = not cell["specialised"] and direction["code"] in by_region.get(cell["region"], [])
                if cell["possible"]:
                    cell["mark"] = STATUS_SYMBOLS[STATUS_POSSIBLE]


def _member_names(members: Sequence[Any]) -> dict[str, Any]:
    return {region.iso_code: region for region in members}


def matrix_rows(payload: dict[str, Any], names: Names, members: Sequence[Any]) -> dict[str, Any]:
    """The managerial matrix (Table 6) for the template: regions (columns), levels, directions, cells."""
    by_iso = _member_names(members)
    columns = []
    for entry in payload.get("regions", []):
        region = by_iso.get(entry["code"])
        columns.append(
            {
                "code": entry["code"],
                "name": region.name if region else pick(entry.get("name_en"), entry.get("name_ru")),
                "url": reverse("analytics:region", kwargs={"iso_code": entry["code"]}),
            }
        )
    cross = {entry["region"]: entry.get("competences", []) for entry in payload.get("cross_cutting", [])}
    levels = []
    for level in LEVELS:
        indicator = LEVEL_INDICATOR[level]
        directions = []
        for direction in payload.get("levels", {}).get(level, []):
            cells = []
            for cell in direction.get("cells", []):
                specialised = bool(cell.get("specialised"))
                cells.append(
                    {
                        "region": cell["region"],
                        "specialised": specialised,
                        "mark": "+" if specialised else "−",
                        "value_text": number(cell.get("value")),
                        # As in the paper's Table 6: competences only under a "+".
                        "st_competences": _competences(cell.get("st_competences", []), names) if specialised else [],
                        "has_cross_cutting": specialised and bool(cross.get(cell["region"])),
                    }
                )
            directions.append(
                {
                    "code": direction["code"],
                    "name": _localised(names, indicator, direction["code"], direction.get("name")),
                    "cells": cells,
                }
            )
        levels.append(
            {
                "key": level,
                "title": LEVEL_TITLES[level],
                "presence_label": PRESENCE_LABELS[level],
                "directions": directions,
                "year": payload.get("years", {}).get(level),
            }
        )
    cross_cells = [_competences(cross.get(column["code"], []), names) for column in columns]
    return {"columns": columns, "levels": levels, "cross_cutting": cross_cells, "colspan": 1 + len(columns)}


def matrix_table(
    payload: dict[str, Any],
    names: Names,
    members: Sequence[Any],
    *,
    macroregion: Any,
    matrix: dict[str, Any] | None = None,
) -> DataTable:
    """The managerial matrix flattened for export, in Table 6's rows (marks ``+``/``-``, ``◇`` possible to
    develop when ``matrix`` was marked by :func:`mark_possible`)."""
    matrix = matrix or matrix_rows(payload, names, members)
    rows = []
    for level in matrix["levels"]:
        for direction in level["directions"]:
            label = _item_label(direction["code"], direction["name"])
            headers = (Cell(value=str(level["title"]), text=str(level["title"])), Cell(value=label, text=label))
            marks = tuple(
                Cell(value="+" if c["specialised"] else ("◇" if c.get("possible") else "-"), text=c["mark"])
                for c in direction["cells"]
            )
            presence_label = str(level["presence_label"])
            rows.append(Row(headers=(*headers, Cell(value=presence_label, text=presence_label)), cells=marks))
            competences = []
            for cell in direction["cells"]:
                listed = [item["name"] for item in cell["st_competences"]]
                if cell["has_cross_cutting"]:
                    listed.append(_("Cross-cutting competences"))
                competences.append(Cell(value="; ".join(listed), text="; ".join(listed), lines=tuple(listed)))
            label_st = _("S&T competences")
            rows.append(Row(headers=(*headers, Cell(value=label_st, text=label_st)), cells=tuple(competences)))
    cross_label = _("Cross-cutting S&T competences")
    cross_cells = tuple(
        Cell(value="; ".join(item["name"] for item in items), text="; ".join(item["name"] for item in items))
        for items in matrix["cross_cutting"]
    )
    rows.append(Row(headers=(Cell(value=cross_label, text=cross_label), Cell(), Cell()), cells=cross_cells))
    return DataTable(
        slug="matrix",
        caption=_("Managerial matrix of %(macroregion)s") % {"macroregion": macroregion.name},
        columns=(_("Level"), _("Direction"), _("Characteristic"), *[column["name"] for column in matrix["columns"]]),
        rows=tuple(rows),
        header_columns=3,
    )


def macroregion_heatmaps(
    rows: Sequence[Any],
    *,
    members: Sequence[Any],
    years: dict[str, int],
    requested_year: int | None,
    threshold: float,
    macroregion: Any,
) -> list[DataTable]:
    """One heat map per coefficient: items × the macro-region's regions, like the paper's Tables 2–5.

    Each coefficient is shown for the year the managerial matrix used (the paper pairs
    2020 economic data with 2021 publications), else the requested year, else its latest.
    """
    indicator_years = {LEVEL_INDICATOR[level].value: year for level, year in years.items() if level in LEVEL_INDICATOR}
    if ST_KEY in years:
        indicator_years[Indicator.ST_SPECIALISATION.value] = years[ST_KEY]
    by_indicator: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_indicator[row.indicator].append(row)
    by_iso = _member_names(members)
    tables = []
    for indicator in Indicator.values:
        indicator_rows = by_indicator.get(indicator)
        if not indicator_rows:
            continue
        available = {row.year for row in indicator_rows}
        year = indicator_years.get(indicator)
        if year not in available:
            year = requested_year if requested_year in available else max(available)
        present = {row.region_iso for row in indicator_rows}
        regions = [region for region in members if region.iso_code in present]
        region_position = {region.iso_code: index for index, region in enumerate(regions)}
        items: dict[tuple[str, str], list[Cell]] = {}
        labels: dict[tuple[str, str], str] = {}
        for row in indicator_rows:
            if row.year != year:
                continue
            key = (row.classifier_code, row.item_code)
            if key not in items:
                items[key] = [Cell(css=NO_DATA, text="—")] * len(regions)
                labels[key] = _item_label(row.item_code, pick(row.item_name_en, row.item_name_ru))
            items[key][region_position[row.region_iso]] = value_cell(row.value, row.is_competence, threshold)
        table_rows = tuple(
            Row(headers=(Cell(value=labels[key], text=labels[key]),), cells=tuple(cells))
            for key, cells in items.items()
            if any(cell.value is not None for cell in cells)
        )
        tables.append(
            DataTable(
                slug=f"heatmap-{indicator}",
                caption=_("%(indicator)s, %(macroregion)s, %(year)s")
                % {"indicator": indicator_label(indicator), "macroregion": macroregion.name, "year": year},
                columns=(_("Item"), *[by_iso[region.iso_code].name for region in regions]),
                rows=table_rows,
                heat=True,
            )
        )
    return tables


# --- Map page ------------------------------------------------------------------------


def _competence_cell(entry: dict[str, Any]) -> Cell:
    if entry["value"] is None:
        return Cell(value=None, text="—")
    answer = _("yes") if entry["competence"] else _("no")
    return Cell(value=answer, text=answer)


def _map_items(data: PageData) -> dict[tuple[str, str], dict[str, Any]]:
    """The chosen coefficient's items (classifier, code) with their names, labels and years."""
    selection = data.selection
    items: dict[tuple[str, str], dict[str, Any]] = {}
    for fact_indicator, classifier, code, name_en, name_ru, fact_year in data.facets:
        if fact_indicator != selection.indicator:
            continue
        entry = items.setdefault(
            (classifier, code),
            {
                "value": f"{classifier}:{code}",
                "classifier": classifier,
                "code": code,
                "name": pick(name_en, name_ru),
                "years": set(),
            },
        )
        entry["years"].add(fact_year)
    several_classifiers = len({classifier for classifier, _code in items}) > 1
    for entry in items.values():
        entry["label"] = _item_label(entry["code"], entry["name"], entry["classifier"] if several_classifiers else None)
    return items


def _map_entries(data: PageData, threshold: float) -> list[dict[str, Any]]:
    """One entry per region: its value, colour class, shape and link."""
    shapes = country_map().by_iso()
    entries = []
    for region in data.regions:
        row = data.values.get(region.iso_code)  # noqa: PD011 - PageData.values, a dict
        value = row.value if row is not None else None
        shape = shapes.get(region.geo_iso) if region.geo_iso else None
        entries.append(
            {
                "region": region,
                "value": value,
                "value_text": number(value),
                "competence": bool(row.is_competence) if row is not None else False,
                "css": heat_class(value, threshold),
                "path": shape.path if shape else "",
                "outline": shape.outline if shape else None,
                "url": reverse("analytics:region", kwargs={"iso_code": region.iso_code})
                + f"?dataset={data.dataset.code}",
            }
        )
    return entries


def _map_table(entries: list[dict[str, Any]], title: str) -> DataTable:
    """The table alternative to the map: the regions, highest value first (no value last), then by name."""
    ranked = sorted(entries, key=lambda entry: (entry["value"] is None, -(entry["value"] or 0), entry["region"].name))
    return DataTable(
        slug="map-values",
        caption=title or _("Coefficient by region"),
        columns=(_("Region"), _("ISO 3166-2"), _("Coefficient"), _("Competence")),
        rows=tuple(
            Row(
                headers=(Cell(value=entry["region"].name, text=entry["region"].name, href=entry["url"]),),
                cells=(
                    Cell(value=entry["region"].iso_code, text=entry["region"].iso_code),
                    Cell(
                        value=entry["value"],
                        text=entry["value_text"],
                        css=entry["css"],
                        competence=entry["competence"],
                    ),
                    _competence_cell(entry),
                ),
            )
            for entry in ranked
        ),
        heat=True,
    )


def map_page(*, data: PageData) -> dict[str, Any]:
    """Context of the country map: choices, each region's value and colour, the SVG shapes.

    ``data`` is what :func:`analytics.selectors.map_page_data` read (this function reads nothing).
    """
    context = _context(data)
    if context.snapshot is None or not context.datasets or context.dataset is None:
        return context.as_dict()
    selection = data.selection
    indicator, year = selection.indicator, selection.year
    items = _map_items(data)
    chosen = items[selection.item] if selection.item is not None else None
    entries = _map_entries(data, context.threshold)
    title = ""
    if chosen is not None and indicator:
        title = _("%(indicator)s: %(item)s, %(year)s") % {
            "indicator": indicator_label(indicator),
            "item": chosen["label"],
            "year": year,
        }
    table = _map_table(entries, title)
    the_map = country_map()
    context.extra.update(
        {
            "indicator": indicator,
            "indicators": [(value, indicator_label(value)) for value in selection.indicators],
            "items": list(items.values()),
            "item": chosen,
            "year": year,
            "years": selection.years,
            "map_title": title,
            "entries": [entry for entry in entries if entry["path"]],
            "with_value": sum(1 for entry in entries if entry["value"] is not None),
            "region_count": len(entries),
            "missing": [entry for entry in entries if not entry["path"]],
            "view_box": the_map.view_box,
            "map_width": the_map.width,
            "map_height": the_map.height,
            "table": table,
            "tables": [table],
            "export_name": "-".join(
                str(part) for part in ("map", context.dataset.code, indicator, chosen and chosen["code"], year) if part
            ),
            "attribution": ATTRIBUTION,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
        }
    )
    return context.as_dict()


# --- Index page ----------------------------------------------------------------------


def index_page(*, data: PageData) -> dict[str, Any]:
    """Context of the analytics landing page: data sets with their sources, the snapshot, macro-regions
    (``data`` from :func:`analytics.selectors.index_page_data`)."""
    context = _context(data)
    context.extra["macroregions"] = data.macroregions
    return context.as_dict()


# --- The competence timeline of a region (``templates/analytics/public/_competence_events.html``) ---------


def competence_timeline(
    events: Sequence[Any], *, datasets: Sequence[Any], dataset: str, indicator: str
) -> dict[str, Any]:
    """A region's competence gains and losses grouped by year (newest first), with the filter's choices.

    ``events`` are :class:`analytics.models.CompetenceEvent` rows with their data set and item (read by
    :func:`analytics.selectors.competence_events`); ``dataset`` / ``indicator`` the chosen filter ('' for all).
    """
    years: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        years[event.year].append(
            {
                "id": event.pk,
                "event": event,
                "gained": event.kind == "gained",
                "item_code": event.item.code,
                "item_name": event.item.name,
                "indicator": Indicator(event.indicator).label,
                "dataset": event.dataset.name,
                "before": number(event.value_before),
                "after": number(event.value_after),
            }
        )
    groups = [
        {
            "year": year,
            "events": rows,
            "gained": sum(row["gained"] for row in rows),
            "lost": sum(not row["gained"] for row in rows),
        }
        for year, rows in sorted(years.items(), reverse=True)
    ]
    return {
        "years": groups,
        "count": len(events),
        "gains": [row["event"] for group in groups for row in group["events"] if row["gained"]],
        "dataset_choices": [(item.code, item.name) for item in datasets],
        "indicator_choices": [(value, label) for value, label in Indicator.choices],
        "selected_dataset": dataset,
        "selected_indicator": indicator,
        "first_year": groups[-1]["year"] if groups else None,
        # the data set's (long) name only when the events come from several
        "show_dataset": len({event.dataset_id for event in events}) > 1,
    }


# --- Relatedness, complexity and possible-to-develop competences ---------------------


@dataclass(frozen=True)
class PossibleRule:
    """The cut-off of the possible-to-develop rule (``analytics.computations.relatedness``)."""

    quantile: float = DEFAULT_QUANTILE
    min_density: float | None = None

    def describe(self, threshold: float) -> str:
        """The rule in one sentence, in the active language."""
        if self.min_density is not None:
            cut = _("its relatedness density is positive and at least %(density)s") % {
                "density": number(self.min_density)
            }
        elif self.quantile == 0.5:  # noqa: PLR2004 - the default, said in words
            cut = _(
                "its relatedness density is positive and at least the median of the region's densities over "
                "the items it is not specialised in"
            )
        else:
            cut = _(
                "its relatedness density is positive and at least the %(quantile)s quantile of the region's "
                "densities over the items it is not specialised in"
            ) % {"quantile": number(self.quantile)}
        return _(
            "An item is possible to develop for the region when its coefficient is below the threshold "
            "(%(threshold)s; a value equal to it is already a competence) and %(cut)s; ties at the cut-off count."
        ) % {"threshold": number(threshold), "cut": cut}


#: Marks of the item space and the tables: a shape each, never colour alone.
STATUS_COMPETENCE = "competence"
STATUS_POSSIBLE = "possible"
STATUS_OTHER = "other"
STATUS_NO_DATA = "na"
STATUS_SYMBOLS = {STATUS_COMPETENCE: "●", STATUS_POSSIBLE: "◇", STATUS_OTHER: "○", STATUS_NO_DATA: "·"}


def status_legend() -> list[dict[str, str]]:
    """The marks of competences and possible-to-develop items, for the legends."""
    return [
        {"key": STATUS_COMPETENCE, "symbol": STATUS_SYMBOLS[STATUS_COMPETENCE], "label": _("competence")},
        {
            "key": STATUS_POSSIBLE,
            "symbol": STATUS_SYMBOLS[STATUS_POSSIBLE],
            "label": _("possible to develop (technologically related)"),
        },
        {"key": STATUS_OTHER, "symbol": STATUS_SYMBOLS[STATUS_OTHER], "label": _("neither")},
        {"key": STATUS_NO_DATA, "symbol": STATUS_SYMBOLS[STATUS_NO_DATA], "label": _("no coefficient")},
    ]


def _family_values(rows: Iterable[Any], indicator: str, year: int | None) -> dict[str, dict[str, Any]]:
    """region ISO -> item code -> coefficient row of one family and year."""
    values: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in rows:
        if row.indicator == indicator and row.year == year:
            values[row.region_iso][row.item_code] = row
    return values


def family_possible(
    payload: dict[str, Any], rows: Iterable[Any], *, regions: Sequence[str], threshold: float, rule: PossibleRule
) -> pd.DataFrame:
    """The possible-to-develop frame (``relatedness.POSSIBLE_COLUMNS``) of ``regions`` in one family's document.

    Coefficients are the portal's (``rows``, the same the competence marks use); densities the document's.
    """
    indicator, year = payload.get("indicator"), payload.get("year")
    by_region = _family_values(rows, indicator, year)
    doc_regions = payload.get("regions", [])
    doc_items = payload.get("items", [])
    positions = {iso: index for index, iso in enumerate(doc_regions)}
    density_rows = [
        payload["density"][positions[iso]] if iso in positions else [None] * len(doc_items) for iso in regions
    ]
    density = pd.DataFrame(density_rows, index=list(regions), columns=doc_items, dtype="float64")
    items = list(dict.fromkeys([*doc_items, *(code for iso in regions for code in by_region.get(iso, {}))]))
    values = pd.DataFrame(
        [
            [
                (by_region.get(iso, {}).get(code).value if by_region.get(iso, {}).get(code) is not None else None)
                for code in items
            ]
            for iso in regions
        ],
        index=list(regions),
        columns=items,
        dtype="float64",
    )
    return possible_to_develop(
        values, density, threshold=threshold, quantile=rule.quantile, min_density=rule.min_density
    )


def possible_codes(
    documents: dict[str, dict[str, Any]],
    rows: Iterable[Any],
    *,
    regions: Sequence[str],
    threshold: float,
    rule: PossibleRule,
) -> dict[str, dict[str, list[str]]]:
    """family (indicator) -> region ISO -> codes of its possible-to-develop items."""
    rows = list(rows)
    result: dict[str, dict[str, list[str]]] = {}
    for indicator, payload in documents.items():
        frame = family_possible(payload, rows, regions=regions, threshold=threshold, rule=rule)
        chosen = frame[frame["possible"]]
        result[indicator] = {iso: chosen.loc[chosen["region"] == iso, "item"].tolist() for iso in regions}
    return result


def _status(value: float | None, possible: bool, threshold: float) -> str:
    if value is None or value != value:  # NaN
        return STATUS_NO_DATA
    if value >= threshold:
        return STATUS_COMPETENCE
    return STATUS_POSSIBLE if possible else STATUS_OTHER


def _optional(value: Any) -> float | None:
    return None if value is None or value != value else float(value)


def relatedness_families(
    documents: dict[str, dict[str, Any]],
    rows: Sequence[Any],
    *,
    region: Any,
    threshold: float,
    rule: PossibleRule,
    min_proximity: float,
) -> list[dict[str, Any]]:
    """Per coefficient family of the data set: the region's ECI and rank, density of every item, its
    possible-to-develop items, the item-space picture and the table beside it."""
    families = []
    for indicator in Indicator.values:
        payload = documents.get(indicator)
        if payload is None:
            continue
        frame = family_possible(payload, rows, regions=[region.iso_code], threshold=threshold, rule=rule)
        names = {
            row.item_code: pick(row.item_name_en, row.item_name_ru)
            for row in rows
            if row.indicator == indicator and row.year == payload.get("year")
        }
        ranks = eci_ranks(pd.Series(payload.get("eci", []), index=payload.get("regions", []), dtype="float64"))
        in_document = region.iso_code in ranks.index
        eci = _optional(ranks.loc[region.iso_code, "eci"]) if in_document else None
        rank = ranks.loc[region.iso_code, "rank"] if in_document else None
        items = []
        for record in frame.itertuples(index=False):
            value, density = _optional(record.value), _optional(record.density)
            items.append(
                {
                    "code": record.item,
                    "name": names.get(record.item, ""),
                    "label": _item_label(record.item, names.get(record.item, "")),
                    "value": value,
                    "value_text": number(value),
                    "density": density,
                    "density_text": number(density),
                    "status": _status(value, bool(record.possible), threshold),
                }
            )
        cutoff = _optional(frame["cutoff"].iloc[0]) if len(frame) else None
        entry = {
            "indicator": indicator,
            "label": indicator_label(indicator),
            "year": payload.get("year"),
            "source": payload.get("source"),
            "eci": eci,
            "eci_text": number(eci),
            "rank": None if rank is None or pd.isna(rank) else int(rank),
            "of": int(ranks["of"].iloc[0]) if len(ranks) else 0,
            "in_document": in_document,
            "cutoff": cutoff,
            "cutoff_text": number(cutoff),
            "items": items,
            "possible": [item for item in items if item["status"] == STATUS_POSSIBLE],
            "competences": [item for item in items if item["status"] == STATUS_COMPETENCE],
        }
        entry["picture"] = item_space_picture(payload, items, min_proximity=min_proximity)
        entry["table"] = _relatedness_table(entry, region=region)
        families.append(entry)
    return families


def _relatedness_table(entry: dict[str, Any], *, region: Any) -> DataTable:
    """The table beside the item space: items by density (highest first), coefficient, status."""
    labels = {item["key"]: item["label"] for item in status_legend()}
    ordered = sorted(entry["items"], key=lambda item: (item["density"] is None, -(item["density"] or 0), item["code"]))
    rows = tuple(
        Row(
            headers=(Cell(value=item["label"], text=item["label"]),),
            cells=(
                Cell(value=item["value"], text=item["value_text"]),
                Cell(value=item["density"], text=item["density_text"]),
                Cell(
                    value=str(labels[item["status"]]),
                    text=f"{STATUS_SYMBOLS[item['status']]} {labels[item['status']]}",
                ),
            ),
        )
        for item in ordered
    )
    return DataTable(
        slug=f"relatedness-{entry['indicator']}",
        caption=_("%(indicator)s, %(year)s: relatedness density of %(region)s")
        % {"indicator": entry["label"], "year": entry["year"], "region": region.name},
        columns=(_("Item"), _("Coefficient"), _("Relatedness density"), _("Status")),
        rows=rows,
    )


#: Geometry of the item-space picture (user units).
ITEM_SPACE_SIZE = 460
ITEM_SPACE_RADIUS = 155


def item_space_picture(payload: dict[str, Any], items: Sequence[dict[str, Any]], *, min_proximity: float) -> dict:
    """Items on a circle (in code order) joined by proximity; every number a machine string.

    Drawn edges: every pair with proximity at or above ``min_proximity``, and each item's strongest
    link (so that no item with any co-occurrence stands alone); line width grows with proximity.
    """
    codes = list(payload.get("items", []))
    proximity = payload.get("proximity", [])
    by_code = {item["code"]: item for item in items}
    centre = ITEM_SPACE_SIZE / 2
    count = max(len(codes), 1)
    positions = []
    for index in range(len(codes)):
        angle = 2 * math.pi * index / count - math.pi / 2
        positions.append((centre + ITEM_SPACE_RADIUS * math.cos(angle), centre + ITEM_SPACE_RADIUS * math.sin(angle)))
    pairs: dict[tuple[int, int], float] = {}
    for i in range(len(codes)):
        strongest, best = None, 0.0
        for j in range(len(codes)):
            value = proximity[i][j] if i < len(proximity) and j < len(proximity[i]) else None
            if i == j or value is None:
                continue
            if value >= min_proximity and i < j:
                pairs[(i, j)] = value
            if value > best:
                strongest, best = j, value
        if strongest is not None:
            pairs[(min(i, strongest), max(i, strongest))] = best
    lines = [
        {
            "x1": machine_number(positions[i][0]),
            "y1": machine_number(positions[i][1]),
            "x2": machine_number(positions[j][0]),
            "y2": machine_number(positions[j][1]),
            "width": machine_number(0.5 + 3 * value),
            "strong": value >= min_proximity,
            "title": f"{codes[i]} – {codes[j]}: {number(value)}",
        }
        for (i, j), value in sorted(pairs.items())
    ]
    nodes = []
    for index, code in enumerate(codes):
        x, y = positions[index]
        angle = math.atan2(y - centre, x - centre)
        item = by_code.get(code, {"status": STATUS_NO_DATA, "label": code, "value_text": "—", "density_text": "—"})
        label_x = centre + (ITEM_SPACE_RADIUS + 22) * math.cos(angle)
        label_y = centre + (ITEM_SPACE_RADIUS + 22) * math.sin(angle) + 4
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")  # noqa: PLR2004
        size = 8
        corners = ((x, y - size), (x + size, y), (x, y + size), (x - size, y))
        diamond = "M " + " L ".join(f"{machine_number(cx)} {machine_number(cy)}" for cx, cy in corners) + " Z"
        nodes.append(
            {
                "code": code,
                "x": machine_number(x),
                "y": machine_number(y),
                "label_x": machine_number(label_x),
                "label_y": machine_number(label_y),
                "anchor": anchor,
                "status": item["status"],
                "diamond": diamond,
                "title": f"{item['label']}: {item['value_text']} / {item['density_text']}",
            }
        )
    return {
        "view_box": f"0 0 {ITEM_SPACE_SIZE} {ITEM_SPACE_SIZE}",
        "lines": lines,
        "nodes": nodes,
        "min_proximity_text": number(min_proximity),
        "edge_count": len(lines),
    }


# --- Comparison of two snapshots (the data bank) ----------------------------------------------

#: Rows listed per table of the comparison page; the rest are counted.
COMPARISON_LISTED = 300
#: Decimals of the comparison page's values: one more than the maps show, so a move of a hundredth shows.
COMPARISON_DECIMALS = 3


def _comparison_number(value: float) -> str:
    if value is None or math.isnan(value):
        return "—"
    return formats.number_format(half_up(value, COMPARISON_DECIMALS), COMPARISON_DECIMALS)


def snapshot_label(snapshot: Any) -> str:
    """``#12 · 07.12.2026 02:30``: a snapshot as a choice or a heading names it."""
    started = timezone.localtime(snapshot.started_at)
    return f"#{snapshot.pk} · {formats.date_format(started, 'SHORT_DATETIME_FORMAT', use_l10n=True)}"


def snapshot_comparison_page(data: Any, *, limit: int = COMPARISON_LISTED) -> dict[str, Any]:
    """What changed from ``data.before`` to ``data.after`` (an ``analytics.selectors.SnapshotComparisonData``).

    ``summary``: one row per data set, region and coefficient with the competences gained and lost and the
    values moved; ``competences``: the gains and losses, one row each; ``moved``: the values moved by more
    than the tolerance; each list up to ``limit`` rows (``*_more`` counts the rest).  Ordered by the regions'
    order, then data set, coefficient, item and year.
    """
    diff = data.diff

    def region(pk: int) -> tuple[str, str, int]:
        iso, name_en, name_ru, order = data.regions.get(pk, ("", "", "", 0))
        return iso, pick(name_en, name_ru), order

    def dataset(pk: int) -> str:
        _code, name_en, name_ru = data.datasets.get(pk, ("", "", ""))
        return pick(name_en, name_ru)

    def indicator(value: str) -> str:
        return str(Indicator(value).label) if value in Indicator.values else value

    counts = {"gained": 0, "lost": 0, "changed": 0}
    summary: dict[tuple, dict[str, Any]] = {}
    competences: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    for row in diff.itertuples(index=False):
        iso, region_name, order = region(row.region)
        classifier, code, name_en, name_ru = data.items.get(row.item, ("", "", "", ""))
        counts[row.change] += 1
        key = (order, iso, dataset(row.dataset), row.indicator)
        entry = summary.setdefault(
            key,
            {
                "region": region_name,
                "region_iso": iso,
                "dataset": key[2],
                "indicator": indicator(row.indicator),
                "gained": 0,
                "lost": 0,
                "changed": 0,
            },
        )
        entry[row.change] += 1
        line = {
            "sort": (order, iso, key[2], row.indicator, code, row.year),
            "change": row.change,
            "region": region_name,
            "region_iso": iso,
            "dataset": key[2],
            "indicator": indicator(row.indicator),
            "code": code,
            "item": pick(name_en, name_ru),
            "year": int(row.year),
            "before": _comparison_number(row.value_before),
            "after": _comparison_number(row.value_after),
            "difference": _comparison_number(row.value_after - row.value_before),
        }
        (moved if row.change == "changed" else competences).append(line)
    competences.sort(key=lambda line: line["sort"])
    moved.sort(key=lambda line: line["sort"])
    return {
        "counts": counts,
        "summary": [summary[key] for key in sorted(summary)],
        "competences": competences[:limit],
        "competences_more": max(0, len(competences) - limit),
        "moved": moved[:limit],
        "moved_more": max(0, len(moved) - limit),
        "tolerance": formats.number_format(data.tolerance),
        "before_label": snapshot_label(data.before),
        "after_label": snapshot_label(data.after),
    }
