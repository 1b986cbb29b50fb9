"""Reads of the strategy app: declared priorities with their evidence, discovery sessions and their ratings.

The evidence comes from the current snapshot of the competence maps (``analytics.selectors``): the
coefficient rows of each data set's latest year and the relatedness densities of its complexity
documents, turned into the frames ``strategy.computations`` classifies.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from django.db.models import Max, Prefetch, Q, QuerySet

from accounts.models import User
from accounts.types import Viewer
from analytics import selectors as analytics_selectors
from analytics.choices import SnapshotStatus
from analytics.models import ClassifierItem, CoefficientValue, Dataset
from cooperation.choices import MembershipStatus
from cooperation.models import Agent, AgentMembership
from cooperation.selectors import user_agent_roles
from regions.models import Region

from . import computations
from .models import PRIORITY_CLASSIFIERS, DiscoverySession, Priority, PrioritySet, SessionItem, SessionRating

FAMILIES = tuple(family for families in computations.KIND_FAMILY.values() for family in families)


def priority_items() -> QuerySet[ClassifierItem]:
    """The items a priority may name: NACE sections, FEACN groups, GRNTI rubrics."""
    return ClassifierItem.objects.filter(classifier__code__in=PRIORITY_CLASSIFIERS).select_related("classifier")


def priority_sets(*, region: Region | None = None) -> QuerySet[PrioritySet]:
    """Priority sets (public), newest document first, with their priorities and items (three queries)."""
    query = PrioritySet.objects.select_related("region", "session")
    if region is not None:
        query = query.filter(region=region)
    return query.prefetch_related(
        Prefetch("priorities", queryset=Priority.objects.select_related("item__classifier").order_by("rank", "id"))
    ).order_by("region__sort_order", "-year", "-id")


def regions_with_priorities() -> QuerySet[Region]:
    """Regions that declared priorities, in the usual order."""
    return Region.objects.filter(priority_sets__isnull=False).distinct().order_by("sort_order", "name_ru")


# --- Evidence (ORM -> DataFrame) -----------------------------------------------------------


def coefficient_frame(*, region_iso: str | None = None) -> pd.DataFrame:
    """The current snapshot's coefficients at each data set's latest year, in ``COEFFICIENT_COLUMNS``."""
    base = CoefficientValue.objects.filter(snapshot__is_current=True, snapshot__status=SnapshotStatus.COMPLETE)
    latest = base.values("dataset_id", "indicator").annotate(latest=Max("year"))
    condition = Q(pk__in=[])
    for row in latest:
        condition |= Q(dataset_id=row["dataset_id"], indicator=row["indicator"], year=row["latest"])
    query = base.filter(condition, value__isnull=False)
    if region_iso is not None:
        query = query.filter(region__iso_code=region_iso)
    rows = query.values_list(
        "dataset__code", "indicator", "item__classifier__code", "region__iso_code", "item__code", "year", "value"
    )
    return pd.DataFrame(list(rows), columns=computations.COEFFICIENT_COLUMNS)


def density_frame(*, region_iso: str | None = None) -> pd.DataFrame:
    """Relatedness densities of the latest complexity document of each data set and family, in ``DENSITY_COLUMNS``."""
    records: list[dict[str, Any]] = []
    for dataset in Dataset.objects.values_list("code", flat=True):
        for family in FAMILIES:
            payload = analytics_selectors.complexity_for(dataset, family)
            if not payload:
                continue
            for row_index, region in enumerate(payload.get("regions", [])):
                if region_iso is not None and region != region_iso:
                    continue
                for column, code in enumerate(payload.get("items", [])):
                    records.append(
                        {
                            "dataset": dataset,
                            "indicator": family,
                            "region": region,
                            "code": code,
                            "year": payload.get("year"),
                            "density": payload["density"][row_index][column],
                        }
                    )
    frame = pd.DataFrame(records, columns=computations.DENSITY_COLUMNS)
    frame["density"] = pd.to_numeric(frame["density"], errors="coerce")
    return frame


def threshold() -> float:
    """The competence threshold of the current snapshot (1.0 before the first run)."""
    snapshot = analytics_selectors.current_snapshot()
    return snapshot.threshold if snapshot is not None else 1.0


def priority_frame(sets: list[PrioritySet]) -> pd.DataFrame:
    """One row per declared priority of ``sets`` (prefetched): ids, region, item and its classifier."""
    rows = [
        {
            "priority": priority.pk,
            "set": priority_set.pk,
            "rank": priority.rank,
            "note": priority.note,
            "region": priority_set.region.iso_code,
            "kind": priority.item.classifier.kind,
            "classifier": priority.item.classifier.code,
            "code": priority.item.code,
            "name_en": priority.item.name_en,
            "name_ru": priority.item.name_ru,
        }
        for priority_set in sets
        for priority in priority_set.priorities.all()
    ]
    columns = ["priority", "set", "rank", "note", "region", "kind", "classifier", "code", "name_en", "name_ru"]
    return pd.DataFrame(rows, columns=columns)


def classified_priorities(sets: list[PrioritySet], *, region_iso: str | None = None) -> pd.DataFrame:
    """The priorities of ``sets`` classified as revealed, related or unsupported (``strategy.computations``)."""
    frame = priority_frame(sets)
    return computations.classify_priorities(
        frame,
        coefficient_frame(region_iso=region_iso),
        density_frame(region_iso=region_iso),
        threshold=threshold(),
    )


def country_overview() -> dict[str, Any]:
    """What the country view reads: every set, the classified priorities, weak shared priorities and
    strong competences no strategy declares."""
    sets = list(priority_sets())
    coefficients = coefficient_frame()
    classified = computations.classify_priorities(
        priority_frame(sets), coefficients, density_frame(), threshold=threshold()
    )
    weak = computations.declared_without_advantage(classified)
    strengths = computations.undeclared_strengths(
        coefficients, classified[["classifier", "code"]], strong=2 * threshold()
    )
    return {
        "sets": sets,
        "classified": classified,
        "weak": weak,
        "strengths": strengths,
        "region_names": analytics_selectors.region_names(),
        "item_names": analytics_selectors.item_names(),
    }


# --- Discovery sessions ---------------------------------------------------------------------


def sessions(*, region: Region | None = None) -> QuerySet[DiscoverySession]:
    """Discovery sessions, newest first."""
    query = DiscoverySession.objects.select_related("region", "dataset")
    if region is not None:
        query = query.filter(region=region)
    return query


def visible_sessions(user: Viewer | None) -> QuerySet[DiscoverySession]:
    """The sessions ``user`` may see (``strategy.view_discoverysession``: every session for a signed-in user,
    none for a visitor), newest first, with their region and data set."""
    if user is None or not user.has_perm("strategy.view_discoverysession"):
        return DiscoverySession.objects.none()
    return sessions().order_by("-opened_at", "-id")


def session_items(session: DiscoverySession) -> list[SessionItem]:
    """The session's directions, in the model's order, with their ratings and the raters' organisations."""
    return list(
        session.items.select_related("item__classifier").prefetch_related(
            Prefetch("ratings", queryset=SessionRating.objects.select_related("agent").order_by("helix", "id"))
        )
    )


def rating_agents(user: Viewer | None, session: DiscoverySession) -> list[Agent]:
    """Verified organisations of the session's region that ``user`` represents (approved membership)."""
    agent_ids = list(user_agent_roles(user))
    if not agent_ids:
        return []
    return list(
        Agent.objects.filter(pk__in=agent_ids, is_verified=True, region_id=session.region_id).order_by("helix", "name")
    )


def session_helices(session: DiscoverySession) -> set[str]:
    """The helices whose organisations rated at least one direction of the session."""
    return set(SessionRating.objects.filter(session_item__session=session).values_list("helix", flat=True).distinct())


def session_participants(session: DiscoverySession) -> list[User]:
    """Users who rated in the session (to tell them of its outcome)."""
    user_ids = SessionRating.objects.filter(session_item__session=session).values_list("rated_by", flat=True)
    return list(User.objects.filter(pk__in=user_ids, is_active=True))


def region_representatives(region: Region) -> list[User]:
    """Users who represent a verified organisation of ``region`` (approved membership)."""
    user_ids = AgentMembership.objects.filter(
        agent__region=region, agent__is_verified=True, status=MembershipStatus.APPROVED
    ).values_list("user_id", flat=True)
    return list(User.objects.filter(pk__in=user_ids, is_active=True))
