"""Demo data of the strategy app (``portal.demo`` calls it after cooperation's demo): illustrative priorities
for the five Central Black Earth regions and one adopted discovery session in Lipetsk with all four helices.

The priority sets cite no real strategy document: they are marked *illustrative* and the pages say so.
Idempotent: a second run finds the sets and the session and adds nothing.
"""

from __future__ import annotations

import logging

from django.db import transaction

from accounts.models import User
from analytics import selectors as analytics_selectors
from analytics.models import ClassifierItem, Dataset
from cooperation.models import Agent
from regions.models import Region

from .models import DiscoverySession, PrioritySet
from .selectors import rating_agents
from .services import priority_set_create, session_adopt, session_close, session_open, session_rate

logger = logging.getLogger(__name__)

ILLUSTRATIVE_TITLE = "Демонстрационные приоритеты стратегии (иллюстрация, не реальный документ)"
# region -> priorities ("classifier:code"), in rank order; made up for the demo, loosely after the paper's tables
ILLUSTRATIVE = {
    "RU-BEL": ["nace2:B", "nace2:A", "nace2:C", "grnti:68", "nace2:J"],
    "RU-VOR": ["nace2:C", "nace2:J", "grnti:50", "nace2:G", "nace2:M"],
    "RU-KRS": ["nace2:D", "nace2:A", "grnti:68", "nace2:J"],
    "RU-LIP": ["nace2:C", "grnti:53", "nace2:J", "nace2:M", "feacn_groups:72-83"],
    "RU-TAM": ["nace2:A", "nace2:C", "nace2:J", "grnti:65"],
}
SESSION_TITLE = "Предпринимательский поиск: Липецкая область (демонстрация)"
SESSION_DATASET = "cbe-2020"
# Lipetsk's demo organisations, one per helix, and each one's ratings: code -> score (the rest get 3)
RATERS = {
    "Правительство Липецкой области": {"72-83": 5, "C": 5, "H": 4, "J": 4, "A": 2},
    "Металлургический завод «Липецк-Сталь»": {"72-83": 5, "C": 5, "H": 4, "K": 2, "A": 2},
    "Липецкий государственный технический университет": {"72-83": 5, "C": 4, "J": 5, "I": 2, "A": 3},
    "Липецкий экологический фонд": {"72-83": 4, "C": 3, "J": 4, "F": 2, "A": 2},
}
COMMENTS = {
    ("Липецкий экологический фонд", "C"): "Поддерживаем при условии снижения выбросов.",
    ("Липецкий государственный технический университет", "J"): "Кадры для цифровых сервисов готовит ЛГТУ.",
}


def _items(codes: list[str]) -> list[ClassifierItem]:
    items = []
    for entry in codes:
        classifier, code = entry.split(":")
        item = ClassifierItem.objects.filter(classifier__code=classifier, code=code).first()
        if item is not None:
            items.append(item)
    return items


@transaction.atomic
def demo_strategy_load() -> None:
    """Illustrative priority sets for the five CBE regions, then the adopted Lipetsk session."""
    coordinator = User.objects.filter(email="coordinator@spiral.example").first()
    representative = User.objects.filter(email="agentadmin@spiral.example").first()
    if coordinator is None or representative is None:
        return
    for iso, codes in ILLUSTRATIVE.items():
        region = Region.objects.get(iso_code=iso)
        if PrioritySet.objects.filter(region=region, title=ILLUSTRATIVE_TITLE).exists():
            continue
        priority_set_create(
            actor=coordinator,
            region=region,
            title=ILLUSTRATIVE_TITLE,
            year=2024,
            items=_items(codes),
            is_illustrative=True,
            check_permission=False,  # the coordinator coordinates Lipetsk and Voronezh only
        )
    _demo_session(coordinator, representative)


def _demo_session(coordinator: User, representative: User) -> None:
    lipetsk = Region.objects.get(iso_code="RU-LIP")
    if DiscoverySession.objects.filter(region=lipetsk, title=SESSION_TITLE).exists():
        return
    dataset = Dataset.objects.filter(code=SESSION_DATASET).first()
    if dataset is None or analytics_selectors.scenario_for(lipetsk.iso_code, dataset.code) is None:
        logger.warning("No scenario model of Lipetsk yet: the demo discovery session is skipped.")
        return
    session = session_open(actor=coordinator, region=lipetsk, dataset=dataset, title=SESSION_TITLE)
    representative = User.objects.get(pk=representative.pk)  # fresh: its agent roles are memoised
    agents = {agent.name: agent for agent in rating_agents(representative, session)}
    for name, scores in RATERS.items():
        agent = agents.get(name) or Agent.objects.filter(name=name).first()
        if agent is None or agent not in agents.values():
            continue
        for item in session.items.select_related("item"):
            session_rate(
                actor=representative,
                session_item=item,
                agent=agent,
                score=scores.get(item.item.code, 3),
                comment=COMMENTS.get((name, item.item.code), ""),
            )
    session_close(actor=coordinator, session=session)
    session_adopt(actor=coordinator, session=session)
