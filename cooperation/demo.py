"""The demo data set loaded by ``make run``: one user per role, agents of the four helices and projects.

Idempotent: users, agents and projects are looked up by e-mail, by name and by
Russian title, so a second run adds nothing. Writes go through the services, so
the transition history, the participants and the audit log show the demo's
history like real use would; the one exception fills in the English descriptions
of demo records loaded before descriptions were bilingual (``_add_description_en``).
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.choices import SiteRole
from accounts.models import User
from accounts.services import role_grant
from analytics.models import ClassifierItem
from regions.models import Region

from .choices import AgentRole, CooperationType, Helix, ParticipantStatus, ProjectState
from .models import Agent, AgentMembership, Objective, Project
from .services.agents import agent_create, agent_verify
from .services.goals import project_goal_add
from .services.memberships import membership_decide, membership_request
from .services.milestones import milestone_add, milestone_complete
from .services.objectives import objectives_load_reference_data
from .services.projects import (
    participant_apply,
    participant_decide,
    participant_invite,
    participant_respond,
    project_approve,
    project_archive,
    project_complete,
    project_create,
    project_feature,
    project_reject,
    project_request_changes,
    project_start,
    project_submit,
)

DOMAIN = "spiral.example"


def _nothing(project: Project, **kwargs) -> None:
    return None


@dataclass(frozen=True)
class DemoProjectSteps:
    """What the apps built on cooperation add to a demo project at the steps of its life.

    Cooperation sits below experts and monitoring, so it cannot call their demos; the orchestrator at the
    top (``portal.demo``) passes them in. Each step receives the project and the acting lead administrator.
    """

    #: After approval and partners (and the start, for active and later states): effects, indicators, values.
    planned: Callable[..., None] = _nothing
    #: Just before completion: an expert of another region took part.
    before_completion: Callable[..., None] = _nothing
    #: Just after completion: the closing report.
    completed: Callable[..., None] = _nothing


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
    # Agents of the demo projects' other regions (the Kama cluster is the case of the seed paper 003).
    (
        "Камский инновационный территориально-производственный кластер",
        "Kama Innovative Territorial Production Cluster",
        Helix.BUSINESS,
        "RU-TA",
        ["nace2:C", "grnti:55", "grnti:61"],
        True,
    ),
    (
        "Казанский национальный исследовательский технологический университет",
        "Kazan National Research Technological University",
        Helix.SCIENCE,
        "RU-TA",
        ["nace2:P", "grnti:61", "grnti:55"],
        True,
    ),
    ("Правительство Тамбовской области", "Government of Tambov Oblast", Helix.GOVERNMENT, "RU-TAM", ["nace2:O"], True),
    # Instrumentation (GRNTI 59) is what Lipetsk lacks under section C and Tambov supplies (the paper's Table 5).
    (
        "Тамбовский приборостроительный завод",
        "Tambov Instrument-Making Plant",
        Helix.BUSINESS,
        "RU-TAM",
        ["nace2:C", "grnti:59"],
        True,
    ),
]


def _user(demo: DemoUser, password: str) -> User:
    user = User.objects.filter(email=demo.email).first()
    if user is None:
        user = User.objects.create_user(email=demo.email, password=password, full_name=demo.full_name)
    EmailAddress.objects.get_or_create(user=user, email=demo.email, defaults={"verified": True, "primary": True})
    return user


def _add_description_en(obj: Agent | Project, *, description: str, description_en: str) -> None:
    """Give a demo agent or project loaded before descriptions were bilingual its English description.

    Only while its Russian description is still the demo's and it has no English one, so that no
    edit made since is overwritten and a second run changes nothing.
    """
    if description_en and not obj.description_en and obj.description == description:
        obj.description_en = description_en
        obj.save(update_fields=["description_en", "updated_at"])


def _competences(codes: list[str]) -> list[ClassifierItem]:
    items = []
    for code in codes:
        classifier, item = code.split(":")
        items.extend(ClassifierItem.objects.filter(classifier__code=classifier, code=item))
    return items


@transaction.atomic
def demo_data_load(*, steps: DemoProjectSteps | None = None) -> list[DemoUser]:
    """Create the demo users, their roles, agents, memberships and projects, unless they exist already.

    ``steps`` are what the apps above cooperation add to each project (``portal.demo`` passes them)."""
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
        description = f"{name}. Демонстрационная организация портала «Спираль»."
        description_en = f"{name_en}. A demonstration organisation of the Spiral portal." if name_en else ""
        agent = Agent.objects.filter(name=name).first()
        if agent is None:
            agent = agent_create(
                actor=users["agentadmin"],
                name=name,
                name_en=name_en,
                helix=helix,
                region=regions[iso],
                competences=_competences(competences),
                description=description,
                description_en=description_en,
                website=f"https://example.org/{iso.lower()}/{len(name)}",
                email=f"info{len(name)}@{DOMAIN}",
                phone="+7 (473) 200-00-00",
                address=f"{regions[iso].name_ru}",
                is_cluster=name.startswith("Кластер") or name.endswith("кластер"),
            )
        else:
            _add_description_en(agent, description=description, description_en=description_en)
            if (name.startswith("Кластер") or name.endswith("кластер")) and not agent.is_cluster:
                Agent.objects.filter(pk=agent.pk).update(is_cluster=True)  # a demo loaded before clusters were marked
        if verified and not agent.is_verified:
            agent_verify(agent=agent, actor=users["moderator"])

    university = Agent.objects.get(name="Воронежский государственный университет")
    representative = users["representative"]
    if not AgentMembership.objects.filter(agent=university, user=representative).exists():
        membership = membership_request(agent=university, user=representative, message="Лаборатория биотехнологий.")
        membership_decide(membership=membership, actor=users["agentadmin"], approve=True, role=AgentRole.REPRESENTATIVE)
    # The coordinator of Lipetsk works for its government, so she can draft projects from the matrix's cells.
    lipetsk_government = Agent.objects.get(name="Правительство Липецкой области")
    if not AgentMembership.objects.filter(agent=lipetsk_government, user=users["coordinator"]).exists():
        membership = membership_request(agent=lipetsk_government, user=users["coordinator"], message="Координатор.")
        membership_decide(membership=membership, actor=users["agentadmin"], approve=True, role=AgentRole.REPRESENTATIVE)
    steel = Agent.objects.get(name="Металлургический завод «Липецк-Сталь»")
    if not AgentMembership.objects.filter(agent=steel, user=users["member"]).exists():
        membership_request(agent=steel, user=users["member"], message="Я инженер-технолог завода.")
    # Fresh user objects: the agent roles memoised on them above predate the memberships.
    demo_projects_load({key: User.objects.get(pk=user.pk) for key, user in users.items()}, steps=steps)
    return DEMO_USERS


# --- Projects: every state of the workflow, several regions, all four helices.

LEAD_WORKS = "Металлургический завод «Липецк-Сталь»"
LIPETSK_GOVERNMENT = "Правительство Липецкой области"
VORONEZH_DEPARTMENT = "Департамент экономического развития Воронежской области"
BELGOROD_MINISTRY = "Министерство промышленности Белгородской области"
TAMBOV_GOVERNMENT = "Правительство Тамбовской области"
AGROHOLDING = "Агрохолдинг «Черноземье»"
VORONEZH_PLANT = "Воронежский электротехнический завод"
TSIFRA = "Тамбовская IT-компания «Цифра»"
ORYOL_VALLEY = "Кластер «Орловская агродолина»"
KAMA_CLUSTER = "Камский инновационный территориально-производственный кластер"
VSU = "Воронежский государственный университет"
LSTU = "Липецкий государственный технический университет"
BSTU = "Белгородский государственный технологический университет"
TSTU = "Тамбовский государственный технический университет"
KURSK_CENTRE = "Курский научный центр агробиотехнологий"
KNRTU = "Казанский национальный исследовательский технологический университет"
AKADEMGORODOK = "Новосибирский академгородок: центр трансфера технологий"
YOUNG_ENTREPRENEURS = "Ассоциация молодых предпринимателей Черноземья"
ECO_FOUNDATION = "Липецкий экологический фонд"


# The dates below are written as seen from this month; ``_on`` moves them by the months since, so
# that whenever the demo is loaded, done milestones lie in the past and open calls in the future.
DATES_WRITTEN_IN = date(2026, 11, 1)


def _on(day: date, *, today: date) -> date:
    shift = (today.year - DATES_WRITTEN_IN.year) * 12 + today.month - DATES_WRITTEN_IN.month
    month = day.year * 12 + day.month - 1 + shift
    year, month = divmod(month, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class DemoProject:
    """One demo project and the history that brings it to ``state``.

    ``partners`` join (alternately by application and by invitation) and are accepted;
    ``applications`` and ``invitations`` stay open (``(agent, user key)`` for applications).
    Milestones are ``(title, due_on, done)``; done ones are marked done on their due date.
    """

    title_ru: str
    title_en: str
    summary_ru: str
    summary_en: str
    description: str
    description_en: str
    lead: str
    state: str
    types: tuple[str, ...]
    starts_on: date
    ends_on: date
    objectives: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    rubrics: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    applications: tuple[tuple[str, str], ...] = ()
    invitations: tuple[str, ...] = ()
    milestones: tuple[tuple[str, str, date, bool], ...] = ()  # Russian and English titles, due, done
    # (horizon, Russian, English): the goals of seed 000's principle of goal orientation.
    goals: tuple[tuple[str, str, str], ...] = ()
    moderation_reason: str = ""
    featured: bool = False
    #: A project of the past recorded on the portal afterwards: drafted, and joined by its partners, on this
    #: day (``None``: on the day the demo is loaded), so that the levels date the cooperation as it happened.
    joined_on: date | None = None


DEMO_PROJECTS = [
    DemoProject(
        title_ru="Агробиотехнологический кластер «Липецк – Воронеж – Тамбов»",
        title_en="Joint agro-biotech cluster Lipetsk–Voronezh–Tambov",
        summary_ru="Три области создают общий кластер селекции, биопрепаратов и переработки: университеты ведут "
        "исследования, агрохолдинг испытывает разработки на полях, власти снимают барьеры для "
        "межрегиональных поставок.",
        summary_en="Three regions build a joint cluster for breeding, biological products and processing: "
        "universities do the research, an agroholding tests the results in its fields, the authorities "
        "remove barriers to interregional supply.",
        description="Кластер объединяет агентов всех четырёх звеньев спирали. Общая лаборатория селекции "
        "работает в Воронеже, опытные поля — в Белгородской и Липецкой областях, пилотное производство "
        "биопрепаратов — в Тамбове. Ассоциация молодых предпринимателей отвечает за стартапы кластера.",
        description_en="The cluster brings together agents of all four links of the helix. The joint breeding "
        "laboratory works in Voronezh, the test fields lie in Belgorod and Lipetsk oblasts, the pilot production "
        "of biological products is in Tambov. The Association of Young Entrepreneurs looks after the cluster's "
        "start-ups.",
        lead=LIPETSK_GOVERNMENT,
        state=ProjectState.ACTIVE,
        types=(CooperationType.SCIENTIFIC, CooperationType.PRODUCTION),
        starts_on=date(2025, 3, 1),
        ends_on=date(2027, 12, 31),
        objectives=("government:3", "business:4", "science:4", "civil:1"),
        directions=("nace2:A", "nace2:C"),
        rubrics=("grnti:68", "grnti:62", "grnti:65"),
        partners=(VSU, TSTU, AGROHOLDING, YOUNG_ENTREPRENEURS),
        applications=((KURSK_CENTRE, "agentadmin"),),
        milestones=(
            (
                "Соглашение о создании кластера подписано тремя областями",
                "Agreement on the cluster signed by the three oblasts",
                date(2025, 4, 15),
                True,
            ),
            (
                "Открыта общая лаборатория селекции в Воронеже",
                "Joint breeding laboratory opened in Voronezh",
                date(2025, 11, 30),
                True,
            ),
            (
                "Первая партия биопрепаратов испытана на полях трёх областей",
                "First batch of biologicals tested in the fields of the three oblasts",
                date(2027, 4, 30),
                False,
            ),
            (
                "Отчёт об экономическом эффекте кластера",
                "Report on the cluster's economic effect",
                date(2027, 12, 15),
                False,
            ),
        ),
        goals=(
            (
                "strategic",
                "Сделать три области центром селекции и биопрепаратов для растениеводства России",
                "Make the three regions Russia's centre of plant breeding and biological products",
            ),
            (
                "tactical",
                "Общая лаборатория селекции и пилотное производство биопрепаратов к 2027 году",
                "A joint breeding laboratory and pilot production of biological products by 2027",
            ),
            (
                "operational",
                "Испытать первую партию биопрепаратов на полях трёх областей",
                "Test the first batch of biological products in the fields of the three regions",
            ),
        ),
        featured=True,
    ),
    DemoProject(
        title_ru="Цифровой двойник металлургического производства Липецк – Белгород",
        title_en="Metallurgy digital twin Lipetsk–Belgorod",
        summary_ru="Цифровая модель доменного и сталеплавильного переделов для снижения энергоёмкости; модели "
        "строят университеты Липецка и Белгорода, программную платформу — тамбовская IT-компания.",
        summary_en="A digital model of the blast furnace and steelmaking stages to cut energy use; the "
        "universities of Lipetsk and Belgorod build the models, a Tambov IT company the software platform.",
        description="Проект промышленный и научный: в нём пока нет органов власти и общественных организаций — "
        "портал предупреждает, что спираль неполна.",
        description_en="An industrial and scientific project: it has no public authorities or civil society "
        "organisations yet, and the portal warns that the helix is incomplete.",
        lead=LEAD_WORKS,
        state=ProjectState.ACTIVE,
        types=(CooperationType.PRODUCTION, CooperationType.SCIENTIFIC),
        starts_on=date(2025, 9, 1),
        ends_on=date(2027, 6, 30),
        objectives=("business:3", "business:2", "science:4"),
        directions=("nace2:C", "nace2:J"),
        rubrics=("grnti:53", "grnti:50", "grnti:28"),
        partners=(LSTU, BSTU, TSIFRA),
        milestones=(
            (
                "Собраны данные датчиков доменной печи № 6",
                "Sensor data of blast furnace No. 6 collected",
                date(2025, 12, 20),
                True,
            ),
            ("Первая версия модели теплового режима", "First version of the thermal model", date(2026, 6, 30), False),
            (
                "Опытная эксплуатация в Белгородской области",
                "Pilot operation in Belgorod Oblast",
                date(2027, 3, 31),
                False,
            ),
        ),
    ),
    DemoProject(
        title_ru="Сеть биотехнологических стартапов Курск – Воронеж – Орёл",
        title_en="Biotech start-up network Kursk–Voronezh–Orel",
        summary_ru="Акселератор для молодых команд в агробиотехнологиях: наставники из науки, площадки "
        "агродолины и поддержка региональных властей.",
        summary_en="An accelerator for young agro-biotech teams: mentors from science, test sites of the "
        "agro valley and the support of the regional authorities.",
        description="Каждый набор акселератора длится полгода; лучшие команды получают гранты и опытные поля.",
        description_en="Each intake of the accelerator lasts six months; the best teams receive grants and "
        "test fields.",
        lead=KURSK_CENTRE,
        state=ProjectState.ACTIVE,
        types=(CooperationType.SCIENTIFIC, CooperationType.CONSULTING),
        starts_on=date(2026, 1, 15),
        ends_on=date(2027, 12, 31),
        objectives=("science:5", "civil:1", "government:1"),
        directions=("nace2:A", "nace2:M"),
        rubrics=("grnti:62", "grnti:34"),
        partners=(VORONEZH_DEPARTMENT, YOUNG_ENTREPRENEURS, ORYOL_VALLEY),
        milestones=(
            ("Первый набор акселератора: 12 команд", "First accelerator intake: 12 teams", date(2026, 3, 31), True),
            ("Демо-день первого набора", "Demo day of the first intake", date(2027, 2, 15), False),
        ),
    ),
    DemoProject(
        title_ru="Межрегиональная инженерная школа Черноземья",
        title_en="Interregional engineering school of the Black Earth region",
        summary_ru="Совместные программы магистратуры и летние школы технических университетов Липецка и "
        "Тамбова с практикой на предприятиях соседних областей.",
        summary_en="Joint master's programmes and summer schools of the technical universities of Lipetsk and "
        "Tambov, with internships at enterprises of the neighbouring regions.",
        description="Школа открыта для новых партнёров: университетов, предприятий и центров занятости.",
        description_en="The school is open to new partners: universities, enterprises and employment centres.",
        lead=LSTU,
        state=ProjectState.PUBLISHED,
        types=(CooperationType.EDUCATIONAL, CooperationType.SCIENTIFIC),
        starts_on=date(2027, 2, 1),
        ends_on=date(2029, 6, 30),
        objectives=("science:2", "science:3", "civil:4"),
        directions=("nace2:P",),
        rubrics=("grnti:14", "grnti:55"),
        partners=(TSTU,),
        applications=((VSU, "representative"),),
        invitations=(VORONEZH_PLANT,),
        milestones=(
            (
                "Утверждена совместная программа магистратуры",
                "Joint master's programme approved",
                date(2027, 6, 1),
                False,
            ),
            ("Первая летняя школа", "First summer school", date(2027, 7, 15), False),
        ),
    ),
    DemoProject(
        title_ru="Туристический маршрут «Усадьбы Черноземья»",
        title_en="Tourist route “Manor houses of the Black Earth region”",
        summary_ru="Общий маршрут по усадьбам Тамбовской и Липецкой областей с экологическими тропами и единым сайтом.",
        summary_en="A joint route through the manor houses of Tambov and Lipetsk oblasts with nature trails "
        "and one website.",
        description="Маршрут развивает туризм на основе историко-культурного и природного разнообразия.",
        description_en="The route develops tourism based on the historical, cultural and natural diversity of "
        "the regions.",
        lead=TAMBOV_GOVERNMENT,
        state=ProjectState.PUBLISHED,
        types=(CooperationType.CONSULTING,),
        starts_on=date(2027, 3, 1),
        ends_on=date(2028, 10, 31),
        objectives=("civil:3", "civil:2", "government:5"),
        directions=("nace2:I", "nace2:R"),
        rubrics=("grnti:87",),
        partners=(ECO_FOUNDATION,),
        applications=((YOUNG_ENTREPRENEURS, "agentadmin"),),
        milestones=(("Паспорт маршрута согласован", "Route passport agreed", date(2027, 5, 31), False),),
    ),
    DemoProject(
        title_ru="Межрегиональный отраслевой альянс инновационных кластеров",
        title_en="Interregional industry alliance of innovative clusters",
        summary_ru="Камский кластер, воронежские и белгородские партнёры отработали модель альянса кластеров "
        "с координирующим органом и общими отраслевыми программами.",
        summary_en="The Kama cluster with partners from Voronezh and Belgorod tried out an alliance of clusters "
        "with a coordinating body and common industry programmes.",
        description="Итоги: согласованная структура управления альянсом, две совместные программы "
        "импортозамещения, опыт (и ошибки) в распределении ролей между отраслевыми и региональными органами.",
        description_en="Results: an agreed governance structure of the alliance, two joint import substitution "
        "programmes, and experience (and mistakes) in dividing roles between industry and regional bodies.",
        lead=KAMA_CLUSTER,
        state=ProjectState.COMPLETED,
        types=(CooperationType.PRODUCTION, CooperationType.CONSULTING),
        starts_on=date(2023, 2, 1),
        ends_on=date(2025, 6, 30),
        objectives=("government:3", "business:1", "business:2"),
        directions=("nace2:C",),
        rubrics=("grnti:55", "grnti:82"),
        partners=(KNRTU, VORONEZH_PLANT, BELGOROD_MINISTRY),
        milestones=(
            (
                "Концепция альянса и структура управления",
                "The alliance's concept and governance",
                date(2023, 6, 30),
                True,
            ),
            ("Совместная программа импортозамещения", "Joint import substitution programme", date(2024, 6, 30), True),
            ("Итоговый отчёт и уроки альянса", "Final report and the alliance's lessons", date(2025, 6, 15), True),
        ),
    ),
    DemoProject(
        title_ru="Карта региональных компетенций Черноземья",
        title_en="Regional competence map of the Black Earth region",
        summary_ru="Анализ специализации трёх областей по методологии «умной специализации»: что каждая "
        "область умеет лучше соседей и где им выгодно кооперироваться.",
        summary_en="An analysis of the specialisation of three regions following “smart specialisation”: "
        "what each does better than its neighbours and where they gain from cooperating.",
        description="Результаты легли в основу аналитики портала; проект закрыт и перенесён в архив.",
        description_en="The results became the basis of the portal's analytics; the project is closed and archived.",
        lead=VORONEZH_DEPARTMENT,
        state=ProjectState.ARCHIVED,
        types=(CooperationType.SCIENTIFIC, CooperationType.CONSULTING),
        starts_on=date(2022, 3, 1),
        ends_on=date(2023, 12, 31),
        objectives=("government:1", "science:1"),
        directions=("nace2:M",),
        rubrics=("grnti:06", "grnti:82"),
        partners=(VSU, LIPETSK_GOVERNMENT, BELGOROD_MINISTRY),
        milestones=(
            ("Сбор статистики по трём областям", "Statistics of the three oblasts collected", date(2022, 9, 30), True),
            ("Опубликована карта компетенций", "Competence map published", date(2023, 11, 30), True),
        ),
    ),
    # Two projects of the past, before Lipetsk's competence gains of 2018–2022 (the Rosstat GVA data): the
    # partners are strong in the items Lipetsk gained (accommodation, construction), so the region's page
    # shows the cooperation that preceded the gains.
    DemoProject(
        title_ru="Туристский маршрут по Дону «Задонск – Дивногорье»",
        title_en="Don tourist route Zadonsk–Divnogorye",
        summary_ru="Липецкая и Воронежская области проложили общий маршрут по святыням и заповедникам верхнего "
        "Дона: гостиницы, питание, экскурсии и единый календарь событий.",
        summary_en="Lipetsk and Voronezh oblasts laid out a joint route through the shrines and nature reserves "
        "of the upper Don: hotels, catering, tours and one calendar of events.",
        description="Итоги: маршрут в каталогах туроператоров, стандарт гостеприимства для гостиниц и кафе "
        "вдоль маршрута, совместные фестивали.",
        description_en="Results: the route in tour operators' catalogues, a hospitality standard for the hotels "
        "and cafés along the route, joint festivals.",
        lead=LIPETSK_GOVERNMENT,
        state=ProjectState.COMPLETED,
        types=(CooperationType.PRODUCTION, CooperationType.CONSULTING),
        starts_on=date(2014, 4, 1),
        ends_on=date(2016, 10, 31),
        objectives=("government:3", "business:2"),
        directions=("nace2:I", "nace2:R"),
        rubrics=("grnti:06",),
        partners=(VORONEZH_DEPARTMENT,),
        milestones=(
            ("Паспорт маршрута и перечень объектов", "Route passport and list of sites", date(2014, 9, 30), True),
            (
                "Стандарт гостеприимства для гостиниц и кафе",
                "Hospitality standard for hotels and cafés",
                date(2015, 6, 30),
                True,
            ),
            ("Маршрут в каталогах туроператоров", "The route in tour operators' catalogues", date(2016, 9, 30), True),
        ),
        joined_on=date(2014, 3, 17),
    ),
    DemoProject(
        title_ru="Энергоэффективное малоэтажное жильё Липецк – Тамбов",
        title_en="Energy-efficient low-rise housing Lipetsk–Tambov",
        summary_ru="Технические университеты двух областей разработали типовые проекты энергоэффективных домов "
        "из местных материалов для региональных программ жилищного строительства.",
        summary_en="The technical universities of the two regions designed standard energy-efficient houses of "
        "local materials for the regional housing programmes.",
        description="Итоги: пять типовых проектов, опытный квартал в Липецкой области, курс для проектировщиков.",
        description_en="Results: five standard designs, a pilot block in Lipetsk oblast, a course for designers.",
        lead=LSTU,
        state=ProjectState.COMPLETED,
        types=(CooperationType.SCIENTIFIC, CooperationType.PRODUCTION),
        starts_on=date(2016, 2, 1),
        ends_on=date(2018, 12, 31),
        objectives=("science:4", "business:2"),
        directions=("nace2:F",),
        rubrics=("grnti:67",),
        partners=(TSTU,),
        milestones=(
            ("Типовые проекты домов", "Standard house designs", date(2017, 3, 31), True),
            ("Опытный квартал сдан", "Pilot block completed", date(2018, 10, 31), True),
        ),
        joined_on=date(2016, 1, 20),
    ),
    DemoProject(
        title_ru="Экспертный совет по цифровой трансформации АПК",
        title_en="Expert council on the digital transformation of agriculture",
        summary_ru="Эксперты из других регионов оценивают проекты цифровизации хозяйств Орловской агродолины.",
        summary_en="Experts from other regions assess the digitalisation projects of the Oryol agro valley's farms.",
        description="Совет собирается раз в квартал; заключения публикуются на портале.",
        description_en="The council meets once a quarter; its opinions are published on the portal.",
        lead=ORYOL_VALLEY,
        state=ProjectState.SUBMITTED,
        types=(CooperationType.CONSULTING,),
        starts_on=date(2027, 2, 1),
        ends_on=date(2028, 1, 31),
        objectives=("business:3",),
        directions=("nace2:A",),
        rubrics=("grnti:68", "grnti:20"),
        milestones=(("Первое заседание совета", "First meeting of the council", date(2027, 4, 15), False),),
    ),
    DemoProject(
        title_ru="Мост трансфера технологий Новосибирск – Липецк",
        title_en="Technology transfer bridge Novosibirsk–Lipetsk",
        summary_ru="Разработки институтов Академгородка в области автоматизации предлагаются предприятиям "
        "Липецкой области.",
        summary_en="Automation developments of the Akademgorodok institutes are offered to enterprises of "
        "Lipetsk oblast.",
        description="Ежегодная ярмарка технологий и сопровождение пилотных внедрений.",
        description_en="An annual technology fair and support for pilot deployments.",
        lead=AKADEMGORODOK,
        state=ProjectState.SUBMITTED,
        types=(CooperationType.SCIENTIFIC, CooperationType.CONSULTING),
        starts_on=date(2027, 1, 15),
        ends_on=date(2029, 1, 31),
        objectives=("science:4", "business:3"),
        directions=("nace2:M",),
        rubrics=("grnti:50", "grnti:81"),
        milestones=(("Ярмарка технологий в Липецке", "Technology fair in Lipetsk", date(2027, 6, 20), False),),
    ),
    DemoProject(
        title_ru="Экологический мониторинг бассейна Дона",
        title_en="Environmental monitoring of the Don basin",
        summary_ru="Общественный мониторинг качества воды в верховьях Дона.",
        summary_en="Citizen monitoring of the water quality in the upper Don.",
        description="Волонтёры отбирают пробы, лаборатории партнёров делают анализы.",
        description_en="Volunteers take the samples, the partners' laboratories analyse them.",
        lead=ECO_FOUNDATION,
        state=ProjectState.CHANGES_REQUESTED,
        types=(CooperationType.SCIENTIFIC,),
        starts_on=date(2027, 4, 1),
        ends_on=date(2027, 10, 31),
        objectives=("government:5",),
        rubrics=("grnti:87",),
        milestones=(("Первый отбор проб", "First sampling", date(2027, 5, 15), False),),
        moderation_reason="Уточните, какие лаборатории делают анализы и из каких регионов партнёры: сейчас проект "
        "выглядит внутрирегиональным. Добавьте этапы после первого отбора проб.",
    ),
    DemoProject(
        title_ru="Биржа труда молодых специалистов Черноземья",
        title_en="Young specialists' labour exchange of the Black Earth region",
        summary_ru="Площадка стажировок и вакансий для выпускников вузов пяти областей.",
        summary_en="Internships and vacancies for graduates of the universities of five regions.",
        description="Черновик: ищем партнёров среди вузов и центров занятости.",
        description_en="Draft: we are looking for partners among universities and employment centres.",
        lead=YOUNG_ENTREPRENEURS,
        state=ProjectState.DRAFT,
        types=(CooperationType.EDUCATIONAL, CooperationType.CONSULTING),
        starts_on=date(2027, 9, 1),
        ends_on=date(2028, 8, 31),
        objectives=("civil:4", "civil:1"),
        directions=("nace2:N",),
    ),
    DemoProject(
        title_ru="Продвижение сайтов агрокомпаний",
        title_en="Website promotion for agricultural companies",
        summary_ru="Предлагаем услуги SEO-продвижения со скидкой 30 %.",
        summary_en="SEO promotion services at a 30% discount.",
        description="Звоните!",
        description_en="Call us!",
        lead=TSIFRA,
        state=ProjectState.REJECTED,
        types=(CooperationType.CONSULTING,),
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 12, 31),
        # It passes the pre-submit checklist on paper; the moderators reject what it really is.
        objectives=("business:2",),
        moderation_reason="Это реклама коммерческих услуг, а не проект межрегионального сотрудничества: "
        "партнёр указан для вида, а цели и эффекты не связаны с содержанием.",
    ),
]


# The demo projects are submitted with their partners invited; the helices still missing are explained.
DEMO_HELIX_REASON = "Недостающие звенья спирали присоединятся после публикации проекта."


def _objectives(codes: tuple[str, ...]) -> list[Objective]:
    objectives = []
    for code in codes:
        helix, number = code.split(":")
        objectives.extend(Objective.objects.filter(helix=helix, sort_order=int(number)))
    return objectives


def _invite_from_draft(spec: DemoProject, project: Project, agents: dict[str, Agent], *, actor: User) -> list[str]:
    """Invite partners from the draft, as the submit checklist asks (two regions at least): every other partner,
    the open invitations, and the first partner too if that is needed for two regions. Returns who was invited
    among ``spec.partners``."""
    invited = [name for number, name in enumerate(spec.partners) if number % 2 == 1]
    regions = {agents[name].region_id for name in (spec.lead, *invited, *spec.invitations)}
    if len(regions) < 2 and spec.partners:
        invited.insert(0, spec.partners[0])
    elif len(regions) < 2:
        # A project still in moderation whose partners come later: one agent of another region is invited.
        busy = {spec.lead, *spec.invitations, *(name for name, _user in spec.applications)}
        invited.append(
            min(
                name
                for name, agent in agents.items()
                if agent.is_verified and agent.region_id not in regions and name not in busy
            )
        )
    for name in invited:
        participant_invite(project=project, agent=agents[name], actor=actor)
    for name in spec.invitations:
        participant_invite(project=project, agent=agents[name], actor=actor, message="Приглашаем к участию.")
    return invited


def _partners_join(
    spec: DemoProject,
    project: Project,
    agents: dict[str, Agent],
    *,
    invited: list[str],
    actor: User,
    now: datetime | None = None,
) -> None:
    """Once published, the partners take part: the invited ones accept, the others apply and are accepted."""
    for name in spec.partners:
        if name in invited:
            invitation = project.participants.get(agent=agents[name], status=ParticipantStatus.INVITED)
            participant_respond(participant=invitation, actor=actor, accept=True, now=now)
        else:
            application = participant_apply(
                project=project,
                agent=agents[name],
                actor=actor,
                motivation="Предоставим свои компетенции, оборудование и площадки.",
            )
            participant_decide(participant=application, actor=actor, accept=True, now=now)


def _demo_project(
    spec: DemoProject, users: dict[str, User], agents: dict[str, Agent], *, steps: DemoProjectSteps, today: date
) -> Project:
    """Take one project through the services, from the draft to ``spec.state``."""
    lead_admin, moderator = users["agentadmin"], users["moderator"]
    joined = (
        timezone.make_aware(datetime.combine(_on(spec.joined_on, today=today), time(10)))
        if spec.joined_on is not None
        else None
    )
    project = project_create(
        lead_agent=agents[spec.lead],
        actor=lead_admin,
        cooperation_types=list(spec.types),
        title_ru=spec.title_ru,
        title_en=spec.title_en,
        summary_ru=spec.summary_ru,
        summary_en=spec.summary_en,
        description=spec.description,
        description_en=spec.description_en,
        starts_on=_on(spec.starts_on, today=today),
        ends_on=_on(spec.ends_on, today=today),
        objectives=_objectives(spec.objectives),
        directions=_competences(list(spec.directions)),
        rubrics=_competences(list(spec.rubrics)),
        helix_reason=DEMO_HELIX_REASON,
        now=joined,
    )
    milestones = [
        (
            milestone_add(
                project=project, actor=lead_admin, title=title, title_en=title_en, due_on=_on(due_on, today=today)
            ),
            done,
        )
        for title, title_en, due_on, done in spec.milestones
    ]
    for horizon, text_ru, text_en in spec.goals:
        project_goal_add(project=project, actor=lead_admin, horizon=horizon, text_ru=text_ru, text_en=text_en)
    if spec.state == ProjectState.DRAFT:
        return project
    # Submitted with what the checklist asks: effects with indicators, and partners invited from the draft.
    steps.planned(project, actor=lead_admin, today=today)
    invited = _invite_from_draft(spec, project, agents, actor=lead_admin)
    project = project_submit(project=project, actor=lead_admin)
    if spec.state == ProjectState.CHANGES_REQUESTED:
        return project_request_changes(project=project, actor=moderator, comment=spec.moderation_reason)
    if spec.state == ProjectState.REJECTED:
        return project_reject(project=project, actor=moderator, reason=spec.moderation_reason)
    if spec.state == ProjectState.SUBMITTED:
        return project
    project = project_approve(project=project, actor=moderator)
    _partners_join(spec, project, agents, invited=invited, actor=lead_admin, now=joined)
    for name, user_key in spec.applications:
        participant_apply(
            project=project, agent=agents[name], actor=users[user_key], motivation="Готовы вести совместные работы."
        )
    if spec.state != ProjectState.PUBLISHED:
        # Started on the planned day when it is past (monitoring counts from the actual start).
        started_on = min(project.starts_on or today, today)
        project = project_start(project=project, actor=lead_admin, started_on=started_on, today=today)
    # Effects and indicators declared (and, while active, three dated values recorded).
    steps.planned(project, actor=lead_admin, today=today)
    for milestone, done in milestones:
        if done:
            milestone_complete(milestone=milestone, actor=lead_admin, today=milestone.due_on)
    if spec.state in (ProjectState.COMPLETED, ProjectState.ARCHIVED):
        steps.before_completion(project, actor=lead_admin)
        project = project_complete(project=project, actor=lead_admin)
        steps.completed(project, actor=lead_admin)
    if spec.state == ProjectState.ARCHIVED:
        project_archive(project=project, actor=lead_admin)
    if spec.featured:
        project_feature(project=project, actor=moderator)
    return project


def demo_projects_load(
    users: dict[str, User], *, steps: DemoProjectSteps | None = None, today: date | None = None
) -> int:
    """Create the demo projects that do not exist yet (matched by Russian title); return how many were created."""
    today = today or timezone.localdate()
    objectives_load_reference_data()  # idempotent; the projects name objectives of Table II
    agents = {agent.name: agent for agent in Agent.objects.filter(name__in=[row[0] for row in DEMO_AGENTS])}
    created = 0
    for spec in DEMO_PROJECTS:
        project = Project.objects.filter(title_ru=spec.title_ru).first()
        if project is None:
            _demo_project(spec, users, agents, steps=steps or DemoProjectSteps(), today=today)
            created += 1
        else:
            _add_description_en(project, description=spec.description, description_en=spec.description_en)
    return created
