"""Demo evidence of cooperation levels, loaded after the cooperation demo (``cooperation.demo``).

A few information exchanges between demo agents of different regions and one
confirmed integrated structure, the Lipetsk–Voronezh–Tambov agro-biotechnology
alliance. Idempotent: interactions and structures are looked up by title and
name, so a second run adds nothing. Writes go through the services (the audit log
shows the demo's history like real use would); the levels are recomputed at the end.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cooperation.demo import DOMAIN
from cooperation.models import Agent
from regions.models import Region

from .choices import InteractionKind, InteractionStatus, StructureKind, StructureStatus
from .models import IntegratedStructure, Interaction
from .services import (
    interaction_confirm,
    interaction_record,
    levels_recompute,
    structure_confirm,
    structure_propose,
)

# (title, kind, date, participating agents by name, types of cooperation, description)
DEMO_INTERACTIONS = [
    (
        "Совещание по межрегиональной программе импортозамещения",
        InteractionKind.MEETING,
        date(2024, 2, 20),
        ["Правительство Липецкой области", "Департамент экономического развития Воронежской области"],
        ["production"],
        "Обмен планами региональных программ и перечнями предприятий-участников.",
    ),
    (
        "Конференция «Агробиотехнологии Черноземья»",
        InteractionKind.CONFERENCE,
        date(2024, 10, 15),
        [
            "Воронежский государственный университет",
            "Липецкий государственный технический университет",
            "Тамбовский государственный технический университет",
        ],
        ["scientific", "educational"],
        "Доклады лабораторий трёх университетов, договорённость о совместном семинаре.",
    ),
    (
        "Обмен методическими материалами по подготовке инженеров",
        InteractionKind.MATERIALS,
        date(2025, 3, 12),
        ["Белгородский государственный технологический университет", "Курский научный центр агробиотехнологий"],
        ["educational"],
        "Учебные планы и программы практик.",
    ),
    (
        "Форум «Агропромышленная кооперация Черноземья»",
        InteractionKind.FORUM,
        date(2025, 5, 28),
        ["Агрохолдинг «Черноземье»", "Кластер «Орловская агродолина»"],
        ["production", "consulting"],
        "Переговоры о поставках семенного материала и совместной логистике.",
    ),
    (
        "Консультации по цифровым сервисам для технопарков",
        InteractionKind.OTHER,
        date(2025, 9, 3),
        ["Тамбовская IT-компания «Цифра»", "Новосибирский академгородок: центр трансфера технологий"],
        ["consulting"],
        "Видеоконференция о платформах трансфера технологий.",
    ),
]

# Interactions one side recorded that the other has not confirmed yet (issue #14): shown, marked, not counted.
# (title, kind, date, agents, types, description, who records: a demo user)
DEMO_PENDING = [
    (
        "Видеовстреча о трансфере технологий Липецк — Новосибирск",
        InteractionKind.MEETING,
        date(2025, 11, 12),
        ["Правительство Липецкой области", "Новосибирский академгородок: центр трансфера технологий"],
        ["consulting"],
        "Записана координатором Липецкой области; новосибирская сторона ещё не подтвердила.",
        "coordinator",
    ),
    (
        "Семинар по агробиотехнологиям Воронеж — Тамбов",
        InteractionKind.CONFERENCE,
        date(2025, 12, 2),
        ["Тамбовский государственный технический университет", "Воронежский государственный университет"],
        ["scientific"],
        "Записан модератором по сообщению тамбовской стороны; ждёт подтверждения Воронежского университета.",
        "moderator",
    ),
]

ALLIANCE_NAME_RU = "Агробиотехнологический альянс Липецк — Воронеж — Тамбов"
ALLIANCE_NAME_EN = "Lipetsk–Voronezh–Tambov Agro-Biotechnology Alliance"
ALLIANCE_AGENTS = [
    "Воронежский государственный университет",
    "Липецкий государственный технический университет",
    "Тамбовский государственный технический университет",
]


def _user(name: str) -> User:
    return User.objects.get(email=f"{name}@{DOMAIN}")


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create the demo interactions and the confirmed alliance unless they exist; recompute the levels.

    The demo exchanges are confirmed by the other side (the agents' administrator stands behind them), so
    they count as before the confirmation rule; two more stay pending, to show what awaits confirmation."""
    moderator = _user("moderator")
    confirmer = _user("agentadmin")
    agents = {agent.name: agent for agent in Agent.objects.select_related("region")}
    created = {"interactions": 0, "structures": 0}
    for title, kind, day, names, types, description in DEMO_INTERACTIONS:
        if Interaction.objects.filter(title=title).exists():
            continue
        participants = [agents[name] for name in names if name in agents and agents[name].is_verified]
        if len({agent.region_id for agent in participants}) < 2:
            continue
        interaction_record(
            actor=moderator,
            title=title,
            kind=kind,
            occurred_on=day,
            participants=participants,
            cooperation_types=types,
            description=description,
            link="https://example.org/spiral/demo/",
        )
        created["interactions"] += 1
    titles = [title for title, *_rest in DEMO_INTERACTIONS]
    for interaction in Interaction.objects.filter(title__in=titles, status=InteractionStatus.PENDING):
        interaction_confirm(interaction=interaction, actor=confirmer)
    for title, kind, day, names, types, description, recorder in DEMO_PENDING:
        if Interaction.objects.filter(title=title).exists():
            continue
        participants = [agents[name] for name in names if name in agents and agents[name].is_verified]
        if len({agent.region_id for agent in participants}) < 2:
            continue
        interaction_record(
            actor=_user(recorder),
            title=title,
            kind=kind,
            occurred_on=day,
            participants=participants,
            cooperation_types=types,
            description=description,
        )
        created["interactions"] += 1

    structure = IntegratedStructure.objects.filter(name_ru=ALLIANCE_NAME_RU).first()
    if structure is None:
        members = [agents[name] for name in ALLIANCE_AGENTS if name in agents]
        structure = structure_propose(
            actor=_user("coordinator"),
            kind=StructureKind.ALLIANCE,
            name_ru=ALLIANCE_NAME_RU,
            name_en=ALLIANCE_NAME_EN,
            description=(
                "Соглашение трёх университетов и региональных правительств о совместной программе исследований "
                "в агробиотехнологиях, общей инфраструктуре испытаний и подготовке кадров."
            ),
            cooperation_types=["scientific", "educational", "production"],
            founded_on=date(2025, 4, 1),
            member_regions=list(Region.objects.filter(iso_code__in=["RU-LIP", "RU-VOR", "RU-TAM"])),
            member_agents=members,
            documents=[{"title": "Соглашение о создании альянса", "url": "https://example.org/spiral/demo/alliance"}],
        )
        created["structures"] += 1
    if structure.status == StructureStatus.PROPOSED:
        structure_confirm(structure=structure, actor=moderator)
    levels_recompute(as_of=timezone.localdate())
    return created
