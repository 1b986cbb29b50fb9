"""Fit scores of projects: read the inputs, compute (``analytics.computations.fit``), store ``ProjectFit``.

Who counts as taking part: the active participants only — the lead and the partners that accepted. The stored
fit is public (project page, API, search order), so an invited agent must not show through it before it
answers; applicants count once the lead accepts them. The form's preview (:func:`project_fit_preview`) counts
the partners the proposer is choosing, and the invitations the viewer may see (the lead's members see theirs).
The competence maps are the current snapshot's coefficients at each family's latest year
(``analytics.selectors.competence_values_frame``), read once per snapshot and process.

The stored row is recomputed when a project is drafted or edited and when its participants change (the
project services call :func:`project_fit_refresh`), and for every project after each recomputation of the
competence maps (``analytics.signals.snapshot_switched``, connected in ``cooperation.apps``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

import pandas as pd
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from accounts.types import Viewer
from analytics.computations import fit as engine
from analytics.models import Snapshot
from analytics.selectors import competence_values_frame, current_snapshot
from cooperation.choices import Helix, ParticipantStatus
from cooperation.models import Agent, Project, ProjectFit, ProjectParticipant
from cooperation.page_cache import facts_changed
from cooperation.selectors import project_participants

#: Participations that count for the stored (public) fit: the lead and the partners that accepted.
FIT_PARTICIPATION = (ParticipantStatus.ACCEPTED,)
#: Participations a preview counts when its viewer may see them (``project_participants``): invitations too.
PREVIEW_PARTICIPATION = (ParticipantStatus.ACCEPTED, ParticipantStatus.INVITED)
HELICES = tuple(Helix.values)

#: Rows of ``ProjectFit`` written by one ``INSERT … VALUES (…), (…) … ON CONFLICT`` statement.
ROWS_PER_STATEMENT = 500

#: The competence maps of the last snapshot read, keyed by its id, start and checksum: SQLite (the embedded default)
#: gives the id of a snapshot whose transaction was rolled back to the next one, so the id alone is not enough.
_values_cache: dict[tuple[int, str, str], pd.DataFrame] = {}


def _threshold() -> float:
    return float(getattr(settings, "ANALYTICS_COMPETENCE_THRESHOLD", 1.0))


def fit_values(snapshot: Snapshot | None) -> pd.DataFrame:
    """The competence maps of ``snapshot`` as the engine reads them (cached per snapshot: it never changes)."""
    if snapshot is None:
        return pd.DataFrame(columns=["family", "region", "item", "value"])
    key = (snapshot.pk, snapshot.started_at.isoformat(), snapshot.inputs_checksum)
    if key not in _values_cache:
        _values_cache.clear()  # one snapshot at a time
        _values_cache[key] = competence_values_frame(snapshot=snapshot)
    return _values_cache[key]


def _frames(project_ids: list[int] | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, list[int]]:
    """The projects' items, regions and helices (three queries plus one for the ids when all are asked)."""
    ids = list(Project.objects.values_list("pk", flat=True)) if project_ids is None else list(project_ids)
    item_rows = []
    for kind, through in (
        (engine.DIRECTION, Project.directions.through),
        (engine.RUBRIC, Project.rubrics.through),
    ):
        query = through.objects.all() if project_ids is None else through.objects.filter(project_id__in=ids)
        item_rows += [(project, item, kind) for project, item in query.values_list("project_id", "classifieritem_id")]
    participants = ProjectParticipant.objects.filter(status__in=FIT_PARTICIPATION)
    if project_ids is not None:
        participants = participants.filter(project_id__in=ids)
    rows = list(participants.values_list("project_id", "agent__region_id", "agent__helix"))
    items = pd.DataFrame(item_rows, columns=["project", "item", "kind"])
    regions = pd.DataFrame([(p, r) for p, r, _h in rows], columns=["project", "region"])
    helices = pd.DataFrame([(p, h) for p, _r, h in rows], columns=["project", "helix"])
    return items, regions, helices, ids


def _number(value: Any) -> float | None:
    value = float(value)
    return None if math.isnan(value) else round(value, 6)


def _explanations(result: engine.FitResult, items: pd.DataFrame, regions: pd.DataFrame) -> dict[Any, dict]:
    """``{project: explanation JSON}``: the counts, the lists behind each part and the inputs themselves."""
    details: dict[Any, dict[str, list]] = {}
    for project, part, ref in result.details.itertuples(index=False):
        details.setdefault(project, {}).setdefault(part, []).append(ref if part == "missing_helix" else int(ref))
    inputs_items: dict[Any, dict[str, list[int]]] = {}
    for project, item, kind in items.itertuples(index=False):
        inputs_items.setdefault(project, {}).setdefault(kind, []).append(int(item))
    inputs_regions: dict[Any, set[int]] = {}
    for project, region in regions.itertuples(index=False):
        inputs_regions.setdefault(project, set()).add(int(region))
    explanations = {}
    for row in result.scores.itertuples():
        project = row.Index
        lists = details.get(project, {})
        weakest = row.weakest_region
        explanations[project] = {
            "core": {
                "covered": int(row.core_covered),
                "total": int(row.core_total),
                "uncovered": lists.get("uncovered", []),
            },
            "complementarity": {
                "count": int(row.complementary),
                "total": int(row.rubrics_total),
                "rubrics": lists.get("complementary", []),
                "regions": int(row.regions_total),
            },
            "relatedness": {
                "region": None if weakest is None or pd.isna(weakest) else int(weakest),
                "density": _number(row.weakest_density),
                "regions": int(row.regions_total),
                "with_data": int(row.regions_with_data),
                "no_data": lists.get("no_data", []),
            },
            "helix_coverage": {"present": int(row.helices_present), "missing": lists.get("missing_helix", [])},
            "inputs": {
                "directions": sorted(inputs_items.get(project, {}).get(engine.DIRECTION, [])),
                "rubrics": sorted(inputs_items.get(project, {}).get(engine.RUBRIC, [])),
                "regions": sorted(inputs_regions.get(project, set())),
            },
        }
    return explanations


def compute_fits(
    *, items: pd.DataFrame, regions: pd.DataFrame, helices: pd.DataFrame, projects: list, snapshot: Snapshot | None
) -> dict[Any, dict[str, Any]]:
    """``{project: {"core", "complementarity", "relatedness", "helix_coverage", "score", "explanation"}}``."""
    threshold = _threshold()
    result = engine.fit_scores(
        values=fit_values(snapshot),
        items=items,
        regions=regions,
        helices=helices,
        projects=projects,
        threshold=threshold,
        helix_codes=HELICES,
    )
    explanations = _explanations(result, items, regions)
    fits = {}
    for row in result.scores.itertuples():
        explanation = explanations[row.Index]
        explanation["threshold"] = threshold
        explanation["snapshot"] = snapshot.pk if snapshot is not None else None
        fits[row.Index] = {
            "core": float(row.core),
            "complementarity": float(row.complementarity),
            "relatedness": float(row.relatedness),
            "helix_coverage": float(row.helix_coverage),
            "score": float(row.fit),
            "explanation": explanation,
        }
    return fits


@transaction.atomic
def project_fit_refresh(*, project_ids: Iterable[int] | None = None, now: datetime | None = None) -> int:
    """Recompute and store the fit of the given projects (all when ``None``) from the current snapshot.

    Idempotent (one row per project, replaced); returns the number of rows written.
    """
    ids = None if project_ids is None else sorted(set(project_ids))
    items, regions, helices, ids = _frames(ids)
    if not ids:
        return 0
    snapshot = current_snapshot()
    fits = compute_fits(items=items, regions=regions, helices=helices, projects=ids, snapshot=snapshot)
    computed_at = now or timezone.now()
    rows = [
        (
            project,
            values["core"],
            values["complementarity"],
            values["relatedness"],
            values["helix_coverage"],
            values["score"],
            json.dumps(values["explanation"]),
            snapshot.pk if snapshot is not None else None,
            computed_at,
        )
        for project, values in fits.items()
    ]
    _upsert(rows)
    facts_changed()  # the upsert sends no signal: the project pages' cached fit scores are stale
    return len(rows)


def _upsert(rows: list[tuple]) -> None:
    """Insert or replace ``ProjectFit`` rows (one per project) with batched multi-row ``INSERT``s.

    Why not ``bulk_create(update_conflicts=True)``: on PostgreSQL Django sends the rows as arrays
    (``UNNEST``), and psycopg quotes every JSON explanation inside an array literal on the client: 2.3 of
    the 3.7 s of writing 2,000 fits at the scale data went there. ``INSERT … ON CONFLICT … DO UPDATE`` is the
    same statement on PostgreSQL and SQLite; a row keeps its id. Names come from the model's ``_meta``.
    Several rows per statement (:data:`ROWS_PER_STATEMENT`, fewer on a database that takes fewer parameters):
    2,000 single-row statements cost the server a parse and a plan each.
    """
    meta = ProjectFit._meta
    fields = [
        "project",
        "core",
        "complementarity",
        "relatedness",
        "helix_coverage",
        "score",
        "explanation",
        "snapshot",
        "computed_at",
    ]
    quote = connection.ops.quote_name
    names = [quote(cast(models.Field, meta.get_field(name)).column) for name in fields]
    updates = ", ".join(f"{name} = excluded.{name}" for name in names[1:])
    row_placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = connection.features.max_query_params or 10_000
    batch = max(1, min(ROWS_PER_STATEMENT, limit // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), batch):
            chunk = rows[start : start + batch]
            sql = (
                f"INSERT INTO {quote(meta.db_table)} ({', '.join(names)}) "  # noqa: S608 - names from _meta
                f"VALUES {', '.join([row_placeholder] * len(chunk))} "
                f"ON CONFLICT ({names[0]}) DO UPDATE SET {updates}"
            )
            cursor.execute(sql, [value for row in chunk for value in row])


def project_fit_preview(
    *,
    lead_agent: Agent | None,
    partners: Iterable[Agent] = (),
    directions: Iterable[Any] = (),
    rubrics: Iterable[Any] = (),
    project: Project | None = None,
    viewer: Viewer | None = None,
) -> dict[str, Any]:
    """The fit a project would have with these items and participants; nothing is stored.

    ``project`` (an existing one): its accepted participants, and the invitations ``viewer`` may see (the lead's
    members see the ones they sent; a visitor none), are taken as they are, and ``partners`` added.
    """
    agents = [agent for agent in [lead_agent, *partners] if agent is not None]
    region_rows = [(0, agent.region_id) for agent in agents]
    helix_rows = [(0, agent.helix) for agent in agents]
    if project is not None:
        visible = project_participants(viewer, project).filter(status__in=PREVIEW_PARTICIPATION)
        for region, helix in visible.values_list("agent__region_id", "agent__helix"):
            region_rows.append((0, region))
            helix_rows.append((0, helix))
    items = pd.DataFrame(
        [(0, getattr(item, "pk", item), engine.DIRECTION) for item in directions]
        + [(0, getattr(item, "pk", item), engine.RUBRIC) for item in rubrics],
        columns=["project", "item", "kind"],
    )
    snapshot = current_snapshot()
    fit = compute_fits(
        items=items,
        regions=pd.DataFrame(region_rows, columns=["project", "region"]),
        helices=pd.DataFrame(helix_rows, columns=["project", "helix"]),
        projects=[0],
        snapshot=snapshot,
    )[0]
    return fit
