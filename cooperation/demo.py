"""The demo data set loaded by ``make run``: one user per role and agents of the four helices.

Idempotent: users and agents are looked up by e-mail and by name, so a
second run adds nothing. Writes go through the services, so the audit log
shows the demo's history like real use would.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction

from accounts.choices import SiteRole
from accounts.models import User
from accounts.services import role_grant
from analytics.models import ClassifierItem
from regions.models import Region

from .choices import AgentRole, Helix
from .models import Agent, AgentMembership
from .services.agents import agent_create, agent_verify
from .services.memberships import membership_decide, membership_request

DOMAIN = "spiral.example"


@dataclass(frozen=True)
class DemoUser:
    email: str
    full_name: str
    role_label: str


DEMO_USERS = [
    DemoUser(f"admin@{DOMAIN}", "Анна Администраторова", "administrator"),
    DemoUser(f"moderator@{DOMAIN}", "Михаил Модераторов", "moderator"),
    DemoUser(f"coordinator@{DOMAIN}", "Ольга Координаторова", "regional coordinator (Lipetsk, Voronezh)"),
    DemoUser(f"analyst@{DOMAIN}", "Алексей Аналитиков", "analyst"),
    DemoUser(f"agentadmin@{DOMAIN}", "Елена Руководителева", "agent administrator"),
    DemoUser(f"representative@{DOMAIN}", "Павел Представителев", "agent representative"),
    DemoUser(f"member@{DOMAIN}", "Мария Участникова", "member"),
]

# (name, name_en, helix, region ISO, competence codes "classifier:code", verified)
DEMO_AGENTS = [
    ("Правительство Липецкой области", "Government of Lipetsk Oblast", Helix.GOVERNMENT, "RU-LIP", ["nace2:O"], True),
    (
        "Департамент экономического развития Воронежской области",
        "Department of Economic Development of Voronezh Oblast",
        Helix.GOVERNMENT,
        "RU-VOR",
        ["nace2:O", "grnti:06"],
        True,
    ),
    (
        "Министерство промышленности Белгородской области",
        "Ministry of Industry of Belgorod Oblast",
        Helix.GOVERNMENT,
        "RU-BEL",
        ["nace2:O", "nace2:C"],
        True,
    ),
    (
        "Агрохолдинг «Черноземье»",
        "Chernozemye Agroholding",
        Helix.BUSINESS,
        "RU-BEL",
        ["nace2:A", "grnti:68", "grnti:65"],
        True,
    ),
    (
        "Металлургический завод «Липецк-Сталь»",
        "Lipetsk Steel Works",
        Helix.BUSINESS,
        "RU-LIP",
        ["nace2:C", "grnti:53"],
        True,
    ),
    (
        "Воронежский электротехнический завод",
        "Voronezh Electrical Engineering Plant",
        Helix.BUSINESS,
        "RU-VOR",
        ["nace2:C", "grnti:45", "grnti:47"],
        True,
    ),
    (
        "Тамбовская IT-компания «Цифра»",
        "Tsifra IT company, Tambov",
        Helix.BUSINESS,
        "RU-TAM",
        ["nace2:J", "grnti:50", "grnti:20"],
        True,
    ),
    (
        "Курский биотехнологический стартап",
        "Kursk biotechnology start-up",
        Helix.BUSINESS,
        "RU-KRS",
        ["grnti:62", "nace2:M"],
        False,
    ),
    (
        "Воронежский государственный университет",
        "Voronezh State University",
        Helix.SCIENCE,
        "RU-VOR",
        ["nace2:P", "grnti:62", "grnti:38", "grnti:27"],
        True,
    ),
    (
        "Липецкий государственный технический университет",
        "Lipetsk State Technical University",
        Helix.SCIENCE,
        "RU-LIP",
        ["nace2:P", "grnti:53", "grnti:50", "grnti:28"],
        True,
    ),
    (
        "Белгородский государственный технологический университет",
        "Belgorod State Technological University",
        Helix.SCIENCE,
        "RU-BEL",
        ["nace2:P", "grnti:67", "grnti:61"],
        True,
    ),
    (
        "Тамбовский государственный технический университет",
        "Tambov State Technical University",
        Helix.SCIENCE,
        "RU-TAM",
        ["nace2:P", "grnti:50", "grnti:61"],
        True,
    ),
    (
        "Курский научный центр агробиотехнологий",
        "Kursk Research Centre for Agrobiotechnology",
        Helix.SCIENCE,
        "RU-KRS",
        ["grnti:68", "grnti:62"],
        True,
    ),
    (
        "Ассоциация молодых предпринимателей Черноземья",
        "Association of Young Entrepreneurs of the Black Earth Region",
        Helix.CIVIL,
        "RU-VOR",
        ["nace2:S"],
        True,
    ),
    ("Липецкий экологический фонд", "Lipetsk Environmental Foundation", Helix.CIVIL, "RU-LIP", ["grnti:87"], True),
    ("Клуб инноваторов Тамбова", "Tambov Innovators' Club", Helix.CIVIL, "RU-TAM", ["grnti:85"], False),
    (
        "Кластер «Орловская агродолина»",
        "Oryol Agro Valley cluster",
        Helix.BUSINESS,
        "RU-ORL",
        ["nace2:A", "grnti:68"],
        True,
    ),
    (
        "Новосибирский академгородок: центр трансфера технологий",
        "Novosibirsk Akademgorodok technology transfer centre",
        Helix.SCIENCE,
        "RU-NVS",
        ["grnti:85", "grnti:50"],
        True,
    ),
]


def _user(demo: DemoUser, password: str) -> User:
    user = User.objects.filter(email=demo.email).first()
    if user is None:
        user = User.objects.create_user(email=demo.email, password=password, full_name=demo.full_name)
    EmailAddress.objects.get_or_create(user=user, email=demo.email, defaults={"verified": True, "primary": True})
    return user


def _competences(codes: list[str]) -> list[ClassifierItem]:
    items = []
    for code in codes:
        classifier, item = code.split(":")
        items.extend(ClassifierItem.objects.filter(classifier__code=classifier, code=item))
    return items


@transaction.atomic
def demo_data_load() -> list[DemoUser]:
    """Create the demo users, their roles, agents and memberships, unless they exist already."""
    password = settings.SPIRAL_DEMO_PASSWORD
    users = {demo.email.split("@")[0]: _user(demo, password) for demo in DEMO_USERS}
    admin = users["admin"]
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    role_grant(user=admin, role=SiteRole.ADMINISTRATOR, actor=admin)
    role_grant(user=users["moderator"], role=SiteRole.MODERATOR, actor=admin)
    role_grant(user=users["analyst"], role=SiteRole.ANALYST, actor=admin)
    for iso in ("RU-LIP", "RU-VOR"):
        role_grant(
            user=users["coordinator"], role=SiteRole.COORDINATOR, region=Region.objects.get(iso_code=iso), actor=admin
        )

    regions = {region.iso_code: region for region in Region.objects.all()}
    for name, name_en, helix, iso, competences, verified in DEMO_AGENTS:
        agent = Agent.objects.filter(name=name).first()
        if agent is None:
            agent = agent_create(
                actor=users["agentadmin"],
                name=name,
                name_en=name_en,
                helix=helix,
                region=regions[iso],
                competences=_competences(competences),
                description=f"{name}. Демонстрационная организация портала «Спираль».",
                website=f"https://example.org/{iso.lower()}/{len(name)}",
                email=f"info{len(name)}@{DOMAIN}",
                phone="+7 (473) 200-00-00",
                address=f"{regions[iso].name_ru}",
            )
        if verified and not agent.is_verified:
            agent_verify(agent=agent, actor=users["moderator"])

    university = Agent.objects.get(name="Воронежский государственный университет")
    representative = users["representative"]
    if not AgentMembership.objects.filter(agent=university, user=representative).exists():
        membership = membership_request(agent=university, user=representative, message="Лаборатория биотехнологий.")
        membership_decide(membership=membership, actor=users["agentadmin"], approve=True, role=AgentRole.REPRESENTATIVE)
    steel = Agent.objects.get(name="Металлургический завод «Липецк-Сталь»")
    if not AgentMembership.objects.filter(agent=steel, user=users["member"]).exists():
        membership_request(agent=steel, user=users["member"], message="Я инженер-технолог завода.")
    return DEMO_USERS
