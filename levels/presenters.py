"""What the dashboard and the network pages show, built from the selectors in a constant number of queries.

The rules themselves are in ``levels.computations``; this module reads the stored
results, translates the rule texts and shapes everything for the templates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cooperation.choices import CooperationLevel, CooperationType, ParticipantStatus
from cooperation.models import Agent, Project, ProjectParticipant
from core.numbers import machine_number
from regions.models import Region

from . import computations as rules
from . import selectors
from .choices import EvidenceKind
from .maps import network_map
from .models import IntegratedStructure, Interaction

#: How each level's line is drawn on the network picture: colour, and line style and width, so that
#: the levels differ by more than colour (Okabe–Ito colours, safe for colour-blind readers).
LEVEL_STYLES = {
    1: {"colour": "#56b4e9", "dash": "2 5", "width": 1.5},
    2: {"colour": "#009e73", "dash": "9 5", "width": 2.5},
    3: {"colour": "#e69f00", "dash": "", "width": 3.5},
    4: {"colour": "#b2182b", "dash": "", "width": 6},
}
#: How many pieces of each kind of evidence the dashboard lists (the rest behind a link).
EVIDENCE_LIST_SIZE = 10


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


def _public_projects():
    """Projects every signed-in user may see (public states, not hidden): what shared pages may name."""
    return Project.objects.public()  # the visibility rule's "everyone" part (``ProjectQuerySet``)


def region_overview(*, region: Region, today: date) -> dict[str, Any]:
    """What the region's dashboard shows the same to every signed-in user: the level and its history,
    the partners, the next steps, the types of cooperation used and the rules, in the active language.

    The same for every viewer, so the dashboard caches it (``levels.views.RegionDashboardView``);
    a constant number of queries whatever the evidence.
    """
    from experts.models import ExpertInvitation

    periods = selectors.region_periods(region)
    spans = [(period.level, period.reached_on, period.lost_on) for period in periods]
    current = max((period.level for period in periods if period.lost_on is None), default=0)
    firsts = rules.first_reached(spans)

    # Partners: every region the region holds (or held) a level with.
    partners: dict[int, dict[str, Any]] = {}
    for period in selectors.region_pair_periods(region):
        partner = period.region_b if period.region_a_id == region.pk else period.region_a
        entry = partners.setdefault(partner.pk, {"region": partner, "spans": []})
        entry["spans"].append((period.level, period.reached_on, period.lost_on))
    partner_rows = []
    for entry in partners.values():
        level = max((level for level, _start, end in entry["spans"] if end is None), default=0)
        pair_firsts = rules.first_reached(entry["spans"])
        partner_rows.append(
            {
                "region": entry["region"],
                "level": level,
                "title": level_title(level),
                "firsts": [pair_firsts.get(number) for number in rules.LEVELS],
                "hint": _(rules.pair_hint(level).text),
                "url": reverse("levels:region-dashboard", kwargs={"iso_code": entry["region"].iso_code}),
            }
        )
    partner_rows.sort(key=lambda row: (-row["level"], row["region"].name))
    partner_names = {pk: entry["region"].name for pk, entry in partners.items()}

    kinds_present = selectors.region_levels_with_evidence_on(region, today)

    # The history links an expert's involvement to its project only where everyone may see the project.
    history_ids = {
        ref["id"] for period in periods for ref in period.evidence if ref["kind"] == rules.EXPERT_INVOLVEMENT
    }
    experts = (
        ExpertInvitation.objects.filter(pk__in=history_ids, project__in=_public_projects()).only("id", "project_id")
        if history_ids
        else []
    )
    experts = {invitation.pk: invitation for invitation in experts}
    kind_labels = dict(EvidenceKind.choices)

    history = []
    for period in sorted(periods, key=lambda period: (period.reached_on, period.level)):
        history.append(
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
        )

    steps = rules.level_steps(spans)
    chart_points = [(day, level) for day, level in steps]
    if chart_points and chart_points[-1][0] < today:
        chart_points.append((today, current))
    chart = {
        "labels": [date_format(day, "SHORT_DATE_FORMAT") for day, _level in chart_points],
        "levels": [level for _day, level in chart_points],
        "levelNames": [level_label(level) for level in range(0, 5)],
        "xTitle": _("Date"),
        "yTitle": _("Level"),
        "label": _("Level of cooperation"),
        "locale": get_language() or "ru",
    }

    hints = [
        {
            "level": hint.level,
            "title": level_title(hint.level) if hint.level else "",
            "text": _(hint.text),
            "partners": [partners[pk]["region"] for pk in hint.partners if pk in partners],
        }
        for hint in rules.region_hints(
            current, {row["region"].pk: row["level"] for row in partner_rows}, kinds_present=kinds_present
        )
    ]
    return {
        "level": current,
        "level_title": level_title(current),
        "level_rule": _(rules.RULES[current]) if current else "",
        "held_with": [row["region"] for row in partner_rows if current and row["level"] == current],
        "firsts": [(number, level_title(number), firsts.get(number)) for number in rules.LEVELS],
        "history": history,
        "steps": [{"date": day, "level": level, "title": level_title(level)} for day, level in steps],
        "chart": chart,
        "partners": partner_rows,
        "types_used": _types_used(selectors.region_types_used(region)),
        "kind_headers": [kind_labels[kind] for kind in rules.KIND_OF_LEVEL.values()],
        "hints": hints,
        "rules": rules_context(),
    }


def region_evidence(*, region: Region, sees_everything: bool) -> dict[str, Any]:
    """The latest pieces of the region's evidence, by kind, with how many there are.

    Two audiences: everyone signed in (projects in public states and not hidden, the experts of
    those, confirmed and dissolved structures) and the staff (``sees_everything``: hidden projects
    and proposals too). Interactions that count as evidence are never withdrawn, so everyone
    signed in sees them all. Proposals a user may see besides are in :func:`region_proposals_for`.
    """
    from experts.models import ExpertInvitation

    def refs(kind: str):
        return selectors.region_evidence_refs(region, kind)

    projects_seen = Project.objects.all() if sees_everything else _public_projects()
    interactions = (
        Interaction.objects.filter(is_withdrawn=False, pk__in=refs(rules.INTERACTION))
        .prefetch_related(
            Prefetch("participants", queryset=Agent.objects.select_related("region").order_by("region__sort_order"))
        )
        .order_by("-occurred_on", "-id")
    )
    involvements = ExpertInvitation.objects.filter(
        pk__in=refs(rules.EXPERT_INVOLVEMENT), project__in=projects_seen
    ).select_related("expert__user", "expert__region", "project")
    projects = (
        projects_seen.filter(pk__in=refs(rules.JOINT_PROJECT))
        .select_related("lead_agent", "lead_agent__region")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=ProjectParticipant.objects.filter(status=ParticipantStatus.ACCEPTED).select_related(
                    "agent", "agent__region"
                ),
                to_attr="accepted_participants",
            )
        )
        .order_by("-id")
    )
    structures = _region_structures(region)
    if not sees_everything:
        structures = structures.filter(status__in=selectors.PUBLIC_STRUCTURE_STATUSES)
    return {
        "interactions": list(interactions[:EVIDENCE_LIST_SIZE]),
        "interaction_count": interactions.count(),
        "experts": list(involvements.order_by("-decided_at", "-id")[:EVIDENCE_LIST_SIZE]),
        "expert_count": involvements.count(),
        "projects": list(projects[:EVIDENCE_LIST_SIZE]),
        "project_count": projects.count(),
        "structures": list(structures),
    }


def _region_structures(region: Region):
    return (
        IntegratedStructure.objects.filter(
            pk__in=IntegratedStructure.member_regions.through.objects.filter(region=region).values(
                "integratedstructure_id"
            )
        )
        .prefetch_related(Prefetch("member_regions", queryset=Region.objects.order_by("sort_order", "iso_code")))
        .order_by("-founded_on", "-id")
    )


def region_proposals_for(*, region: Region, user: Any) -> list[IntegratedStructure]:
    """The region's proposed or rejected structures that ``user`` may see (their own proposals, those of
    the regions they coordinate or of their agents). One query when the region has none (the usual case)."""
    candidates = list(_region_structures(region).exclude(status__in=selectors.PUBLIC_STRUCTURE_STATUSES))
    if not candidates:
        return []
    visible = set(
        selectors.structures_visible_to(user)
        .filter(pk__in=[structure.pk for structure in candidates])
        .values_list("pk", flat=True)
    )
    return [structure for structure in candidates if structure.pk in visible]


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


def network_picture(
    *,
    today: date,
    macroregion: Any = None,
    cooperation_type: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict[str, Any]:
    """The network of regions: nodes at their centroids, one line per pair coloured and styled by level.

    Every number the SVG gets is a :func:`~core.numbers.machine_number` string, never a float that
    the template would print as ``74,4`` in Russian.
    """
    regions = list(Region.objects.select_related("macroregion").order_by("sort_order", "iso_code"))
    by_id = {region.pk: region for region in regions}
    focus = {region.pk for region in regions if macroregion is not None and region.macroregion_id == macroregion.pk}
    edges = selectors.network_edges(
        as_of=today,
        region_ids=focus if macroregion is not None else None,
        cooperation_type_mask=rules.types_mask([cooperation_type]) if cooperation_type else 0,
        date_from=date_from,
        date_to=date_to,
    )
    the_map = network_map()
    node_levels: dict[int, int] = defaultdict(int)
    for a, b, level in edges:
        node_levels[a] = max(node_levels[a], level)
        node_levels[b] = max(node_levels[b], level)

    def position(region: Region):
        return the_map.centroids.get(region.geo_iso) if region.geo_iso else None

    active = [position(by_id[pk]) for pk in set(node_levels) | focus]
    box = zoom_box([point for point in active if point is not None], width=the_map.width, height=the_map.height)
    scale = box[2] / the_map.width  # user units per unit of the full map: keeps marks the same size on screen

    lines = []
    for a, b, level in sorted(edges, key=lambda edge: edge[2]):
        start, end = position(by_id[a]), position(by_id[b])
        if start is None or end is None:
            continue
        first, second = sorted((by_id[a], by_id[b]), key=lambda region: region.name)
        lines.append(
            {
                "x1": machine_number(start[0]),
                "y1": machine_number(start[1]),
                "x2": machine_number(end[0]),
                "y2": machine_number(end[1]),
                "level": level,
                "title": f"{first.name} — {second.name}: {level_title(level)}",
                **line_style(level),
            }
        )
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
    table = []
    for a, b, level in edges:
        first, second = sorted((by_id[a], by_id[b]), key=lambda region: region.name)
        table.append(
            {
                "a": first,
                "b": second,
                "level": level,
                "title": level_title(level),
                "url_a": reverse("levels:region-dashboard", kwargs={"iso_code": first.iso_code}),
                "url_b": reverse("levels:region-dashboard", kwargs={"iso_code": second.iso_code}),
            }
        )
    table.sort(key=lambda row: (-row["level"], row["a"].name, row["b"].name))
    counts = [(level, level_title(level), sum(1 for row in table if row["level"] == level)) for level in rules.LEVELS]
    return {
        "view_box": " ".join(machine_number(value) for value in box),
        "zoomed": box[2] < the_map.width,
        "font_size": machine_number(9 * scale),
        "halo": machine_number(2.5 * scale),
        "outlines": the_map.outlines,
        "lines": lines,
        "nodes": nodes,
        "table": table,
        "counts": counts,
        "legend": legend(),
        "missing": [by_id[pk] for pk in node_levels if position(by_id[pk]) is None],
        "rules": rules_context(),
    }
