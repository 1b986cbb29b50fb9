"""Demo evidence of cooperation levels, loaded after the cooperation demo (``cooperation.demo``).

A few information exchanges between demo agents of different regions; a federal
coordinating body (top-down); the Lipetsk–Voronezh–Tambov agro-biotechnology
alliance under it (sector A, stage "joint programme", bottom-up), confirmed through
the moderation queue on evidence — a member organisation in each region and the
founding agreement — after the moderator asked for the agreement; and a
Lipetsk–Belgorod metallurgical cluster still in the queue (no document, no
Belgorod member: it cannot be confirmed on evidence alone). Idempotent:
interactions and structures are looked up by title and name, so a second run adds
nothing. Writes go through the services (the audit log shows the demo's history like
real use would); the levels are recomputed at the end.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from analytics.models import ClassifierItem
from cooperation.demo import DOMAIN
from cooperation.models import Agent
from regions.models import Region

from .choices import (
    IntegrationOrigin,
    IntegrationStage,
    InteractionKind,
    InteractionStatus,
    StructureKind,
    StructureStatus,
)
from .models import IntegratedStructure, Interaction
from .services import (
    interaction_confirm,
    interaction_record,
    levels_recompute,
    structure_add_document,
    structure_confirm,
    structure_propose,
    structure_request_details,
    structure_submit,
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

# The English title and description of each demo interaction, by its Russian title.
DEMO_INTERACTIONS_EN = {
    "Совещание по межрегиональной программе импортозамещения": (
        "Meeting on the interregional import substitution programme",
        "The regional programmes' plans and lists of participating companies exchanged.",
    ),
    "Конференция «Агробиотехнологии Черноземья»": (
        "Conference “Agro-biotechnologies of the Black Earth Region”",
        "Talks by the laboratories of three universities; a joint seminar agreed.",
    ),
    "Обмен методическими материалами по подготовке инженеров": (
        "Exchange of teaching materials on training engineers",
        "Curricula and internship programmes.",
    ),
    "Форум «Агропромышленная кооперация Черноземья»": (
        "Forum “Agro-industrial cooperation of the Black Earth Region”",
        "Talks on the supply of seeds and on joint logistics.",
    ),
    "Консультации по цифровым сервисам для технопарков": (
        "Consultations on digital services for technology parks",
        "A video conference on technology transfer platforms.",
    ),
    "Видеовстреча о трансфере технологий Липецк — Новосибирск": (
        "Video meeting on technology transfer, Lipetsk — Novosibirsk",
        "Recorded by the Lipetsk Oblast coordinator; the Novosibirsk side has not confirmed it yet.",
    ),
    "Семинар по агробиотехнологиям Воронеж — Тамбов": (
        "Seminar on agro-biotechnologies, Voronezh — Tambov",
        "Recorded by the moderator on the Tambov side's word; awaits the confirmation of Voronezh State University.",
    ),
}


def _add_english(title: str) -> None:
    """Give a demo interaction recorded before the English fields existed its English texts (a second run)."""
    title_en, description_en = DEMO_INTERACTIONS_EN[title]
    Interaction.objects.filter(title=title, title_en="").update(title_en=title_en, description_en=description_en)


ALLIANCE_NAME_RU = "Агробиотехнологический альянс Липецк — Воронеж — Тамбов"
ALLIANCE_NAME_EN = "Lipetsk–Voronezh–Tambov Agro-Biotechnology Alliance"
ALLIANCE_AGENTS = [
    "Воронежский государственный университет",
    "Липецкий государственный технический университет",
    "Тамбовский государственный технический университет",
]


FEDERAL_BODY_NAME_RU = "Федеральный координационный совет межрегиональных отраслевых альянсов"
FEDERAL_BODY_NAME_EN = "Federal Coordinating Council of Interregional Industry Alliances"
CLUSTER_NAME_RU = "Металлургический кластер Липецк — Белгород"
CLUSTER_NAME_EN = "Lipetsk–Belgorod Metallurgical Cluster"
ALLIANCE_AGREEMENT = {"title": "Соглашение о создании альянса", "url": "https://example.org/spiral/demo/alliance"}


def _section(code: str) -> ClassifierItem | None:
    return ClassifierItem.objects.filter(classifier__code="nace2", code=code).first()


def _federal_body(moderator: User) -> IntegratedStructure:
    body = IntegratedStructure.objects.filter(name_ru=FEDERAL_BODY_NAME_RU).first()
    if body is None:
        body = structure_propose(
            actor=moderator,
            kind=StructureKind.FEDERAL_BODY,
            name_ru=FEDERAL_BODY_NAME_RU,
            name_en=FEDERAL_BODY_NAME_EN,
            description="Координирует отраслевые альянсы кластеров разных регионов (модель статьи о межрегиональных "
            "отраслевых альянсах инновационных кластеров).",
            founded_on=date(2024, 12, 1),
            member_regions=[],
            stage=IntegrationStage.JOINT_BODIES,
            origin=IntegrationOrigin.TOP_DOWN,
            documents=[{"title": "Положение о совете", "url": "https://example.org/spiral/demo/council"}],
        )
    if body.status == StructureStatus.PROPOSED:
        structure_confirm(structure=body, actor=moderator)
    return body


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
            _add_english(title)
            continue
        participants = [agents[name] for name in names if name in agents and agents[name].is_verified]
        if len({agent.region_id for agent in participants}) < 2:
            continue
        interaction_record(
            actor=moderator,
            title=title,
            title_en=DEMO_INTERACTIONS_EN[title][0],
            kind=kind,
            occurred_on=day,
            participants=participants,
            cooperation_types=types,
            description=description,
            description_en=DEMO_INTERACTIONS_EN[title][1],
            link="https://example.org/spiral/demo/",
        )
        created["interactions"] += 1
    titles = [title for title, *_rest in DEMO_INTERACTIONS]
    for interaction in Interaction.objects.filter(title__in=titles, status=InteractionStatus.PENDING):
        interaction_confirm(interaction=interaction, actor=confirmer)
    for title, kind, day, names, types, description, recorder in DEMO_PENDING:
        if Interaction.objects.filter(title=title).exists():
            _add_english(title)
            continue
        participants = [agents[name] for name in names if name in agents and agents[name].is_verified]
        if len({agent.region_id for agent in participants}) < 2:
            continue
        interaction_record(
            actor=_user(recorder),
            title=title,
            title_en=DEMO_INTERACTIONS_EN[title][0],
            kind=kind,
            occurred_on=day,
            participants=participants,
            cooperation_types=types,
            description=description,
            description_en=DEMO_INTERACTIONS_EN[title][1],
        )
        created["interactions"] += 1

    body = _federal_body(moderator)
    coordinator = _user("coordinator")
    structure = IntegratedStructure.objects.filter(name_ru=ALLIANCE_NAME_RU).first()
    if structure is None:
        members = [agents[name] for name in ALLIANCE_AGENTS if name in agents]
        structure = structure_propose(
            actor=coordinator,
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
            sector=_section("A"),
            parent=body,
            stage=IntegrationStage.JOINT_PROGRAMME,
            origin=IntegrationOrigin.BOTTOM_UP,
        )
        created["structures"] += 1
        # The queue at work: the moderator asks for the agreement, the coordinator attaches it and submits again.
        structure_request_details(
            structure=structure, actor=moderator, reason="Приложите подписанное соглашение о создании альянса."
        )
        structure_add_document(structure=structure, actor=coordinator, **ALLIANCE_AGREEMENT)
        structure_submit(structure=structure, actor=coordinator)
        structure.refresh_from_db()
    if structure.status == StructureStatus.PROPOSED:
        structure_confirm(structure=structure, actor=moderator)  # on evidence: members in each region, the agreement
    if not IntegratedStructure.objects.filter(name_ru=CLUSTER_NAME_RU).exists():
        steel = [agents[name] for name in ("Металлургический завод «Липецк-Сталь»",) if name in agents]
        structure_propose(
            actor=coordinator,
            kind=StructureKind.CLUSTER,
            name_ru=CLUSTER_NAME_RU,
            name_en=CLUSTER_NAME_EN,
            description="Предложение координатора: общий кластер металлургии и машиностроения двух областей.",
            cooperation_types=["production"],
            founded_on=date(2025, 10, 1),
            member_regions=list(Region.objects.filter(iso_code__in=["RU-LIP", "RU-BEL"])),
            member_agents=steel,
            sector=_section("C"),
            parent=body,
            stage=IntegrationStage.COORDINATION,
            origin=IntegrationOrigin.BOTTOM_UP,
        )
        created["structures"] += 1
    levels_recompute(as_of=timezone.localdate())
    return created
