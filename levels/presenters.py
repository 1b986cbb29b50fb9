"""What the dashboard and the network pages show, shaped from what ``levels.selectors`` read.

The rules themselves are in ``levels.computations``; the views read the stored results through the
selectors and pass them in: this module reads nothing (``tests/portal/test_presenters_pure.py``), it
translates the rule texts and shapes everything for the templates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cooperation.choices import CooperationLevel, CooperationType, Helix
from core.numbers import machine_number

from . import computations as rules
from .choices import EvidenceKind
from .maps import network_map

if TYPE_CHECKING:
    from .selectors import RegionOverviewData

#: How each level's line is drawn on the network picture: colour, and line style and width, so that
#: the levels differ by more than colour (Okabe–Ito colours, safe for colour-blind readers). The best level is
#: the palette's dark blue, not red: red reads as a warning, and level 4 is the goal.
LEVEL_STYLES = {
    1: {"colour": "#56b4e9", "dash": "2 5", "width": 1.5},
    2: {"colour": "#009e73", "dash": "9 5", "width": 2.5},
    3: {"colour": "#e69f00", "dash": "", "width": 3.5},
    4: {"colour": "#0072b2", "dash": "", "width": 6},
}


def level_label(level: int) -> str:
    """The level's name ("Project"), or "No cooperation yet" for 0."""
    if not level:
        return _("No cooperation yet")
    return str(CooperationLevel(level).label)


def level_title(level: int) -> str:
    """ "Level 3 — Project"."""
    if not level:
        return level_label(0)
    return _("Level %(number)s — %(name)s") % {"number": level, "name": level_label(level)}


def line_style_label(level: int) -> str:
    return {
        1: _("dotted thin line"),
        2: _("dashed line"),
        3: _("solid line"),
        4: _("thick solid line"),
    }[level]


def rules_context() -> dict[str, Any]:
    """The rules in plain words, in the active language."""
    return {
        "levels": [
            {"level": level, "title": level_title(level), "text": _(rules.RULES[level])} for level in rules.LEVELS
        ],
        "pair": _(rules.PAIR_RULE),
        "region": _(rules.REGION_RULE),
        "loss": _(rules.LOSS_RULE),
    }


def line_style(level: int) -> dict[str, str]:
    """The level's line attributes as the SVG gets them (numbers with a decimal point in every language)."""
    style = LEVEL_STYLES[level]
    return {"colour": style["colour"], "dash": style["dash"], "width": machine_number(style["width"])}


def legend() -> list[dict[str, Any]]:
    return [
        {"level": level, "title": level_title(level), "line": line_style_label(level), **line_style(level)}
        for level in rules.LEVELS
    ]


def _project_url(pk: int) -> str:
    try:
        return reverse("cooperation:project-detail", kwargs={"pk": pk})
    except NoReverseMatch:
        return f"/projects/{pk}/"


def _evidence_url(kind: str, ref: int, experts: dict[int, Any]) -> str:
    if kind == rules.INTERACTION:
        return reverse("levels:interaction-detail", kwargs={"pk": ref})
    if kind == rules.STRUCTURE:
        return reverse("levels:structure-detail", kwargs={"pk": ref})
    if kind == rules.JOINT_PROJECT:
        return _project_url(ref)
    if kind == rules.CONSULTATION:
        return reverse("experts:consultation-detail", kwargs={"pk": ref})
    invitation = experts.get(ref)
    return _project_url(invitation.project_id) if invitation is not None else ""


def _types_used(counts: dict[tuple[str, str], int]) -> list[dict[str, Any]]:
    """For each type of cooperation, how many pieces of each kind of evidence concern it."""
    labels = dict(CooperationType.choices)
    rows = []
    for value in rules.COOPERATION_TYPES:
        numbers = [counts.get((value, kind), 0) for kind in rules.KIND_OF_LEVEL.values()]
        if any(numbers):
            rows.append({"value": value, "label": labels[value], "counts": numbers, "total": sum(numbers)})
    return rows


def _partner_rows(region: Any, pair_periods: list[Any]) -> tuple[list[dict[str, Any]], dict[int, Any]]:
    """One row per region the region holds (or held) a level with, highest level first; and those regions by id."""
    spans: dict[int, list[tuple[int, date, date | None]]] = {}
    partners: dict[int, Any] = {}
    for period in pair_periods:
        partner = period.region_b if period.region_a_id == region.pk else period.region_a
        partners.setdefault(partner.pk, partner)
        spans.setdefault(partner.pk, []).append((period.level, period.reached_on, period.lost_on))
    rows = []
    for pk, partner in partners.items():
        level = max((level for level, _start, end in spans[pk] if end is None), default=0)
        pair_firsts = rules.first_reached(spans[pk])
        rows.append(
            {
                "region": partner,
                "level": level,
                "title": level_title(level),
                "firsts": [pair_firsts.get(number) for number in rules.LEVELS],
                "hint": _(rules.pair_hint(level).text),
                "url": reverse("levels:region-dashboard", kwargs={"iso_code": partner.iso_code}),
            }
        )
    rows.sort(key=lambda row: (-row["level"], row["region"].name))
    return rows, partners


def _history(periods: list[Any], partners: dict[int, Any], experts: dict[int, Any]) -> list[dict[str, Any]]:
    """The region's periods, oldest first, each with its evidence (kind, date, partner, link)."""
    kind_labels = dict(EvidenceKind.choices)
    partner_names = {pk: partner.name for pk, partner in partners.items()}
    return [
        {
            "level": period.level,
            "title": level_title(period.level),
            "reached_on": period.reached_on,
            "lost_on": period.lost_on,
            "evidence": [
                {
                    "kind": kind_labels.get(ref["kind"], ref["kind"]),
                    "date": date.fromisoformat(ref["date"]),
                    "partner": partner_names.get(ref.get("partner"), ""),
                    "url": _evidence_url(ref["kind"], ref["id"], experts),
                    "level": ref["level"],
                }
                for ref in period.evidence
            ],
        }
        for period in sorted(periods, key=lambda period: (period.reached_on, period.level))
    ]


def _level_chart(steps: list[tuple[date, int]], *, current: int, today: date) -> dict[str, Any]:
    """The level-over-time chart's data (the steps, continued to today)."""
    chart_points = list(steps)
    if chart_points and chart_points[-1][0] < today:
        chart_points.append((today, current))
    return {
        "labels": [date_format(day, "SHORT_DATE_FORMAT") for day, _level in chart_points],
        "levels": [level for _day, level in chart_points],
        "levelNames": [level_label(level) for level in range(0, 5)],
        "xTitle": _("Date"),
        "yTitle": _("Level"),
        "label": _("Level of cooperation"),
        "locale": get_language() or "ru",
    }


def _hints(current: int, partner_rows: list[dict[str, Any]], partners: dict[int, Any], kinds_present: set[int]):
    """The next steps towards a higher level, with the partners each one concerns."""
    return [
        {
            "level": hint.level,
            "title": level_title(hint.level) if hint.level else "",
            "text": _(hint.text),
            "partners": [partners[pk] for pk in hint.partners if pk in partners],
        }
        for hint in rules.region_hints(
            current, {row["region"].pk: row["level"] for row in partner_rows}, kinds_present=kinds_present
        )
    ]


def region_overview(*, region: Any, today: date, data: RegionOverviewData) -> dict[str, Any]:
    """What the region's dashboard shows the same to every signed-in user: the level and its history,
    the partners, the next steps, the types of cooperation used and the rules, in the active language.

    The same for every viewer, so the dashboard caches it (``levels.views.RegionDashboardView``);
    ``data`` is what :func:`levels.selectors.region_overview_data` read (this function reads nothing).
    """
    periods = data.periods
    spans = [(period.level, period.reached_on, period.lost_on) for period in periods]
    current = max((period.level for period in periods if period.lost_on is None), default=0)
    firsts = rules.first_reached(spans)
    partner_rows, partners = _partner_rows(region, data.pair_periods)
    steps = rules.level_steps(spans)
    kind_labels = dict(EvidenceKind.choices)
    return {
        "level": current,
        "level_title": level_title(current),
        "level_rule": _(rules.RULES[current]) if current else "",
        "held_with": [row["region"] for row in partner_rows if current and row["level"] == current],
        "firsts": [(number, level_title(number), firsts.get(number)) for number in rules.LEVELS],
        "history": _history(periods, partners, data.experts),
        "steps": [{"date": day, "level": level, "title": level_title(level)} for day, level in steps],
        "chart": _level_chart(steps, current=current, today=today),
        "partners": partner_rows,
        "types_used": _types_used(data.types_used),
        "kind_headers": [kind_labels[kind] for kind in rules.KIND_OF_LEVEL.values()],
        "hints": _hints(current, partner_rows, partners, data.kinds_present),
        "links": region_links(
            region,
            partner_rows,
            {
                partner: rules.link_grid(rows, as_of=today, flipped=flipped)
                for partner, (flipped, rows) in (data.links or {}).items()
            },
        ),
        "rules": rules_context(),
    }


def zoom_box(
    points: list[tuple[float, float]], *, width: float, height: float, padding: float = 35, smallest: float = 260
) -> tuple[float, float, float, float]:
    """The part of the map to show: the box around ``points`` with some padding, with the map's proportions.

    Cooperation is often between neighbours, so the whole country would show a knot in a corner;
    the picture zooms to the regions that cooperate (never closer than ``smallest`` units across).
    """
    if not points:
        return (0.0, 0.0, width, height)
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    box_width = max(max(xs) - min(xs) + 2 * padding, smallest)
    box_height = max(max(ys) - min(ys) + 2 * padding, smallest * height / width)
    if box_width / box_height > width / height:
        box_height = box_width * height / width
    else:
        box_width = box_height * width / height
    if box_width >= width:
        return (0.0, 0.0, width, height)
    left = min(max((min(xs) + max(xs) - box_width) / 2, 0.0), width - box_width)
    top = min(max((min(ys) + max(ys) - box_height) / 2, 0.0), height - box_height)
    return (round(left, 1), round(top, 1), round(box_width, 1), round(box_height, 1))


def years_label(years: int) -> str:
    """ "links in 3 years"."""
    return ngettext("links in %(count)s year", "links in %(count)s years", years) % {"count": years}


def _network_lines(
    edges, by_id: dict[int, Any], position, regularity: dict[tuple[int, int], int] | None = None
) -> list[dict[str, Any]]:
    """One line per pair, the higher levels drawn last (on top); pairs with a region off the map are left out.

    With ``regularity`` (``{(a, b): years in which links recur}``, seed 004) the line's width is the
    level's width times the regularity's factor (:func:`levels.computations.line_factor`): the more years the
    links recur in, the thicker; the colour, dashes and base width still tell the level.
    """
    lines = []
    for a, b, level in sorted(edges, key=lambda edge: edge[2]):
        start, end = position(by_id[a]), position(by_id[b])
        if start is None or end is None:
            continue
        first, second = sorted((by_id[a], by_id[b]), key=lambda region: region.name)
        style = line_style(level)
        title = f"{first.name} — {second.name}: {level_title(level)}"
        years = None
        if regularity is not None:
            years = regularity.get((min(a, b), max(a, b)), 0)
            style["width"] = machine_number(round(LEVEL_STYLES[level]["width"] * rules.line_factor(years), 2))
            title = f"{title}, {years_label(years)}"
        lines.append(
            {
                "x1": machine_number(start[0]),
                "y1": machine_number(start[1]),
                "x2": machine_number(end[0]),
                "y2": machine_number(end[1]),
                "level": level,
                "years": years,
                "title": title,
                **style,
            }
        )
    return lines


def _network_nodes(regions, node_levels: dict[int, int], focus: set[int], position, scale: float):
    """One node per region on the map, larger where it cooperates or is in the chosen macro-region."""
    nodes = []
    for region in regions:
        point = position(region)
        level = node_levels.get(region.pk, 0)
        if point is None:
            continue
        radius = 5 if level else (3.5 if region.pk in focus else 2)
        nodes.append(
            {
                "region": region,
                "x": machine_number(point[0]),
                "y": machine_number(point[1]),
                "r": machine_number(radius * scale),
                "lx": machine_number(point[0] + 6 * scale),
                "ly": machine_number(point[1] + 3 * scale),
                "level": level,
                "title": f"{region.name}: {level_title(level)}",
                "focus": region.pk in focus,
                "code": region.iso_code.removeprefix("RU-"),
                "url": reverse("levels:region-dashboard", kwargs={"iso_code": region.iso_code}),
            }
        )
    return nodes


def _network_table(
    edges, by_id: dict[int, Any], regularity: dict[tuple[int, int], int] | None = None
) -> list[dict[str, Any]]:
    """The table alternative to the picture: one row per pair, highest level first, then by name."""
    table = []
    for a, b, level in edges:
        first, second = sorted((by_id[a], by_id[b]), key=lambda region: region.name)
        table.append(
            {
                "a": first,
                "b": second,
                "level": level,
                "title": level_title(level),
                "years": (regularity or {}).get((min(a, b), max(a, b))),
                "url": reverse("levels:pair", kwargs={"iso_a": first.iso_code, "iso_b": second.iso_code}),
                "url_a": reverse("levels:region-dashboard", kwargs={"iso_code": first.iso_code}),
                "url_b": reverse("levels:region-dashboard", kwargs={"iso_code": second.iso_code}),
            }
        )
    table.sort(key=lambda row: (-row["level"], row["a"].name, row["b"].name))
    return table


def network_picture(
    regions: list[Any],
    edges: list[tuple[int, int, int]],
    regularity: dict[tuple[int, int], int] | None = None,
    *,
    macroregion: Any = None,
) -> dict[str, Any]:
    """The network of regions: nodes at their centroids, one line per pair coloured and styled by level.

    ``regions`` and ``edges`` are what :func:`levels.selectors.network_inputs` read (this function reads
    nothing). Every number the SVG gets is a :func:`~core.numbers.machine_number` string, never a float
    that the template would print as ``74,4`` in Russian.
    """
    by_id = {region.pk: region for region in regions}
    focus = {region.pk for region in regions if macroregion is not None and region.macroregion_id == macroregion.pk}
    the_map = network_map()
    node_levels: dict[int, int] = defaultdict(int)
    for a, b, level in edges:
        node_levels[a] = max(node_levels[a], level)
        node_levels[b] = max(node_levels[b], level)

    def position(region: Any):
        return the_map.centroids.get(region.geo_iso) if region.geo_iso else None

    active = [position(by_id[pk]) for pk in set(node_levels) | focus]
    box = zoom_box([point for point in active if point is not None], width=the_map.width, height=the_map.height)
    scale = box[2] / the_map.width  # user units per unit of the full map: keeps marks the same size on screen
    table = _network_table(edges, by_id, regularity)
    counts = [(level, level_title(level), sum(1 for row in table if row["level"] == level)) for level in rules.LEVELS]
    return {
        "view_box": " ".join(machine_number(value) for value in box),
        "zoomed": box[2] < the_map.width,
        "font_size": machine_number(9 * scale),
        "halo": machine_number(2.5 * scale),
        "outlines": the_map.outlines,
        "lines": _network_lines(edges, by_id, position, regularity),
        "width_legend": [
            {
                "years": years,
                "label": years_label(years),
                "width": machine_number(round(LEVEL_STYLES[3]["width"] * rules.line_factor(years), 2)),
                **{key: value for key, value in line_style(3).items() if key != "width"},
            }
            for years in (1, 3, 5)
        ]
        if regularity is not None
        else [],
        "nodes": _network_nodes(regions, node_levels, focus, position, scale),
        "table": table,
        "counts": counts,
        "legend": legend(),
        "missing": [by_id[pk] for pk in node_levels if position(by_id[pk]) is None],
        "rules": rules_context(),
    }


# --- Integrated structures: evidence, members by helix, the moderation queue, the alliance builder. --------


def structure_evidence(structure: Any, gaps: list[str]) -> list[dict[str, Any]]:
    """The confirmation checklist of a structure: a member in each region, a founding document."""
    from .alliances import NO_DOCUMENT, REGION_WITHOUT_MEMBER

    agent_regions = {agent.region_id for agent in structure.member_agents.all()}
    regions = list(structure.member_regions.all())
    missing = [region.name for region in regions if region.pk not in agent_regions]
    documents = len(structure.documents.all())
    lines = []
    if structure.kind != "federal_body":
        lines.append(
            {
                "ok": REGION_WITHOUT_MEMBER not in gaps,
                "label": _("A member organisation in each member region"),
                "detail": (_("missing in: %(regions)s") % {"regions": ", ".join(missing)})
                if missing
                else _("every member region has one"),
            }
        )
    lines.append(
        {
            "ok": NO_DOCUMENT not in gaps,
            "label": _("A founding document"),
            "detail": _("none attached") if not documents else _("attached"),
        }
    )
    return lines


def members_by_helix(agents: list[Any]) -> list[dict[str, Any]]:
    """Member agents grouped by the link of the helix they bring, in the helix order (empty groups left out)."""
    from cooperation.choices import Helix

    groups = []
    for helix in Helix:
        members = [agent for agent in agents if agent.helix == helix.value]
        if members:
            groups.append({"helix": helix.value, "label": helix.label, "agents": members})
    return groups


def structure_queue_rows(queue: list[Any]) -> list[dict[str, Any]]:
    """The moderators' queue: each proposed structure with its evidence checklist."""
    from .alliances import structure_evidence_gaps

    rows = []
    for structure in queue:
        gaps = structure_evidence_gaps(
            kind=structure.kind,
            region_ids=[region.pk for region in structure.member_regions.all()],
            agent_region_ids=[agent.region_id for agent in structure.member_agents.all()],
            document_count=len(structure.documents.all()),
        )
        rows.append({"structure": structure, "evidence": structure_evidence(structure, gaps), "complete": not gaps})
    return rows


def _factor(value: float | None) -> dict[str, Any]:
    return {"value": value, "machine": machine_number(value) if value is not None else ""}


def alliance_builder_page(data: Any, *, sections: list[Any]) -> dict[str, Any]:
    """The alliance builder's regions (factors, agents), complementary rubrics, structures and proposal link."""
    from urllib.parse import urlencode

    agents_by_region: dict[str, list[Any]] = defaultdict(list)
    for agent in data.agents:
        agents_by_region[agent.region.iso_code].append(
            {"agent": agent, "has_section": agent.pk in data.section_agent_ids}
        )
    regions = [
        {
            "iso": row.region,
            "region": data.regions.get(row.region),
            "national": _factor(row.national),
            "macroregional": _factor(row.macroregional),
            "agents": agents_by_region.get(row.region, []),
        }
        for row in data.chosen
    ]

    def region_names(isos: tuple[str, ...]) -> str:
        return ", ".join(data.regions[iso].name if iso in data.regions else iso for iso in isos)

    rubrics = [
        {
            "code": complement.rubric,
            "name": data.rubric_names.get(complement.rubric, complement.rubric),
            "strong": region_names(complement.strong),
            "weak": region_names(complement.weak),
        }
        for complement in data.complements.rubrics
    ]
    query: list[tuple[str, str]] = [("kind", "alliance"), ("sector", data.section.code)]
    query += [("regions", row.region) for row in data.chosen]
    query += [("agents", str(agent.pk)) for agent in data.agents]
    if data.coordinating_body is not None:
        query.append(("parent", str(data.coordinating_body.pk)))
    return {
        "section": data.section,
        "year": data.year,
        "has_factors": bool(data.localisations),
        "regions": regions,
        "rubrics": rubrics,
        "science_year": data.science_year,
        "regions_with_science": region_names(data.complements.regions_with_data),
        "regions_without_science": region_names(data.complements.regions_without_data),
        "sector_rubrics_known": data.sector_rubrics_known,
        "structures": data.structures,
        "coordinating_body": data.coordinating_body,
        "propose_query": urlencode(query),
        "can_form": len(data.chosen) >= 2,
    }


def project_level_lines(result, names) -> list[str]:
    """The sentences of a project's levels (``levels.computations.ProjectLevels``; ``names``: region id → name)."""

    def name(region: int) -> str:
        return names.get(region, str(region))

    lines = []
    for pair in result.pairs:
        values = {"a": name(pair.region_a), "b": name(pair.region_b)}
        if pair.counts:
            lines.append(_("%(a)s–%(b)s: level 3 (active participants from both).") % values)
        else:
            lines.append(_("%(a)s–%(b)s: level 3 once the project starts (both have active participants).") % values)
    for region in result.pending:
        values = {"region": name(region.region), "partners": ", ".join(name(other) for other in region.partners)}
        if region.status == "invited":
            if region.partners:
                lines.append(
                    _("%(region)s: invited, not yet active — level 3 with %(partners)s when it accepts.") % values
                )
            else:
                lines.append(_("%(region)s: invited, not yet active.") % values)
        elif region.partners:
            lines.append(
                _("%(region)s: applied, not yet active — level 3 with %(partners)s when the application is accepted.")
                % values
            )
        else:
            lines.append(_("%(region)s: applied, not yet active.") % values)
    if not result.pairs and not result.pending:
        active = list(result.active)
        if active:
            lines.append(
                _(
                    "Only %(region)s takes part: a project gives level 3 only between two regions with active "
                    "participants — invite an organisation of another region."
                )
                % {"region": ", ".join(name(region) for region in active)}
            )
    return lines


# --- The pair of regions: the four links in depth and the regularity of links. ------------------------

#: The page that does the next step of a link, by the level the step leads to.
NEXT_STEP_PAGES = {
    rules.INFORMATION: "levels:interaction-create",
    rules.EXPERT: "experts:expert-list",
    rules.PROJECT: "cooperation:project-create",
    rules.INTEGRATED: "levels:structure-create",
}


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


def helix_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Helix.choices}


def _cell_kinds(cell: rules.LinkCell) -> str:
    """ "2 × Joint project, 1 × Information exchange": the evidence of a cell by kind (no names: a hidden
    project's title is not everyone's to read)."""
    labels = dict(EvidenceKind.choices)
    counts: dict[str, int] = defaultdict(int)
    for row in cell.evidence:
        counts[row.kind] += 1
    return ", ".join(f"{count} × {labels.get(kind, kind)}" for kind, count in counts.items())


def _link_sentence(helix: str, first: str, second: str, level: int) -> str:
    """ "Science — Lipetsk Oblast and Voronezh Oblast: level 2 (expert)", or "…: no cooperation yet": one sentence,
    so the level's name, which starts a heading elsewhere, is written in lower case after the colon."""
    values = {"helix": helix, "first": first, "second": second}
    if not level:
        return _("%(helix)s — %(first)s and %(second)s: no cooperation yet") % values
    return _("%(helix)s — %(first)s and %(second)s: level %(number)s (%(name)s)") % {
        **values,
        "number": level,
        "name": level_label(level).lower(),
    }


def link_summary(grid: list[list[rules.LinkCell]], *, first: Any, second: Any) -> list[dict[str, Any]]:
    """The four links of a pair, thinnest first, each with its sentence and the next step's text and page."""
    helices = helix_labels()
    rows = []
    for step in rules.link_steps(grid):
        rows.append(
            {
                "helix": step.helix,
                "helix_label": helices[step.helix],
                "level": step.level,
                "title": level_title(step.level),
                "thin": step.thin,
                "sentence": _link_sentence(helices[step.helix], first.name, second.name, step.level),
                "next_level": step.next_level,
                "step": _(step.text),
                "url": _url_or_empty(NEXT_STEP_PAGES[step.next_level]) if step.next_level else "",
            }
        )
    return rows


def _grid_rows(grid: list[list[rules.LinkCell]]) -> list[dict[str, Any]]:
    helices = helix_labels()
    return [
        {
            "helix": line[0].helix_a,
            "label": helices[line[0].helix_a],
            "cells": [
                {
                    "helix": cell.helix_b,
                    "level": cell.level,
                    "title": level_title(cell.level),
                    "count": cell.evidence_count,
                    "kinds": _cell_kinds(cell),
                }
                for cell in line
            ],
        }
        for line in grid
    ]


def regularity_context(regularity: rules.Regularity) -> dict[str, Any]:
    """The pair's evidence per year, with bar widths as percentages (machine numbers) for the picture."""
    top = max((count for _year, count in regularity.per_year), default=0)
    return {
        "years": regularity.years,
        "years_label": years_label(regularity.years),
        "span": regularity.span,
        "first_year": regularity.first_year,
        "per_year": [
            {
                "year": year,
                "count": count,
                "percent": machine_number(round(100 * count / top, 1) if top else 0),
            }
            for year, count in regularity.per_year
        ],
        "summary": ngettext(
            "Links were made in %(years)s year of %(span)s since %(first)s.",
            "Links were made in %(years)s years of %(span)s since %(first)s.",
            regularity.span,
        )
        % {"years": regularity.years, "span": regularity.span, "first": regularity.first_year}
        if regularity.per_year
        else _("No links recorded yet."),
    }


def pair_view(*, first: Any, second: Any, today: date, data: Any) -> dict[str, Any]:
    """The pair's page: its level and history, the 4 × 4 grid of links (rows: ``first``'s helices, columns:
    ``second``'s), the four links thinnest first with their next steps, and the regularity of links.

    ``data`` is :func:`levels.selectors.pair_data` (this function reads nothing).
    """
    grid = rules.link_grid(data.evidence, as_of=today, flipped=data.flipped)
    level = rules.grid_level(grid)
    spans = [(period.level, period.reached_on, period.lost_on) for period in data.periods]
    steps = rules.level_steps(spans)
    helices = helix_labels()
    regularity = rules.regularity([(row.kind, row.ref, row.date_from) for row in data.evidence], as_of=today)
    kind_labels = dict(EvidenceKind.choices)
    return {
        "level": level,
        "level_title": level_title(level),
        "columns": [{"helix": helix, "label": helices[helix]} for helix in rules.HELICES],
        "grid": _grid_rows(grid),
        "links": link_summary(grid, first=first, second=second),
        "thin": [row for row in link_summary(grid, first=first, second=second) if row["thin"]],
        "steps": [{"date": day, "level": step, "title": level_title(step)} for day, step in steps],
        "history": [
            {
                "level": period.level,
                "title": level_title(period.level),
                "reached_on": period.reached_on,
                "lost_on": period.lost_on,
                "evidence": [
                    {
                        "kind": kind_labels.get(ref["kind"], ref["kind"]),
                        "date": date.fromisoformat(ref["date"]),
                        "url": _evidence_url(ref["kind"], ref["id"], {})
                        if ref["kind"] in (rules.INTERACTION, rules.STRUCTURE)
                        else "",
                    }
                    for ref in period.evidence
                ],
            }
            for period in data.periods
        ],
        "regularity": regularity_context(regularity),
        "pending": data.pending,
        "hint": _(rules.pair_hint(level).text),
    }


def region_links(region: Any, partner_rows: list[dict[str, Any]], grids: dict[int, Any]) -> list[dict[str, Any]]:
    """For the dashboard: the thin links of the region with each of its closest partners (``grids``:
    ``{partner id: grid seen from the region}``), each with its next step and the pair's page."""
    rows = []
    for row in partner_rows:
        grid = grids.get(row["region"].pk)
        if grid is None:
            continue
        thin = [link for link in link_summary(grid, first=region, second=row["region"]) if link["thin"]]
        rows.append(
            {
                "partner": row["region"],
                "title": row["title"],
                "thin": thin,
                "url": reverse("levels:pair", kwargs={"iso_a": region.iso_code, "iso_b": row["region"].iso_code}),
            }
        )
    return rows
