"""Demo experts for the portal started by the README's run command (called by the demo loader; idempotent).

Creates a few published experts of several regions through the services,
invites them to the open demo projects from the lead's administrator, and has
most of them accept, so the demo shows projects with experts of other regions
(cooperation level 2) and one invitation still awaiting an answer. It also has the
Voronezh State University advise the Lipetsk regional government (seed 000's other
kind of level 2): one consultation confirmed by the advised side, one whose result
awaits its confirmation.
"""

from dataclasses import dataclass
from datetime import date

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, MembershipStatus
from cooperation.models import Agent, AgentMembership, Project
from cooperation.models.projects import OPEN_STATES
from cooperation.services.memberships import membership_decide, membership_request
from regions.models import Region

from .choices import Availability
from .models import Consultation, ExpertInvitation, ExpertProfile
from .services import (
    consultation_answer,
    consultation_complete,
    consultation_confirm,
    consultation_request,
    expert_invitation_respond,
    expert_invite,
    expert_profile_save,
)

DOMAIN = "spiral.example"


@dataclass(frozen=True)
class DemoExpert:
    key: str
    full_name: str
    region: str
    headline_ru: str
    headline_en: str
    competences: tuple[str, ...]
    languages: tuple[str, ...]
    availability: str = Availability.AVAILABLE
    # The organisation the expert works for (its name in the cooperation demo): its helix is the expert's.
    agent: str = ""


DEMO_EXPERTS = (
    DemoExpert(
        "expert",
        "Игорь Экспертов",
        "RU-VOR",
        "Технологии металлургии и машиностроения",
        "Metallurgy and engineering technologies",
        ("nace2:C", "grnti:53", "grnti:55"),
        ("ru", "en"),
        agent="Воронежский государственный университет",
    ),
    DemoExpert(
        "expert2",
        "Светлана Аграрова",
        "RU-BEL",
        "Агробиотехнологии и пищевая промышленность",
        "Agricultural biotechnology and food industry",
        ("nace2:A", "grnti:68", "grnti:62"),
        ("ru", "en", "de"),
    ),
    DemoExpert(
        "expert3",
        "Тимур Цифров",
        "RU-TA",
        "Цифровая трансформация и ИТ-кластеры",
        "Digital transformation and IT clusters",
        ("nace2:J", "grnti:50", "grnti:20"),
        ("ru", "en", "zh"),
        Availability.LIMITED,
    ),
    DemoExpert(
        "expert4",
        "Нина Кластерова",
        "RU-LIP",
        "Региональная экономика и кластерная политика",
        "Regional economics and cluster policy",
        ("grnti:06", "nace2:M"),
        ("ru", "fr"),
    ),
)


def _items(codes: tuple[str, ...]) -> list[ClassifierItem]:
    items = []
    for code in codes:
        classifier, item = code.split(":")
        items.extend(ClassifierItem.objects.filter(classifier__code=classifier, code=item))
    return items


def _expert(spec: DemoExpert, password: str) -> ExpertProfile:
    email = f"{spec.key}@{DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=spec.full_name)
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    profile = ExpertProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    agent = _works_for(spec, user)
    return expert_profile_save(
        user=user,
        full_name=spec.full_name,
        region=Region.objects.get(iso_code=spec.region),
        headline_ru=spec.headline_ru,
        headline_en=spec.headline_en,
        bio_ru=f"{spec.headline_ru}. Демонстрационный эксперт портала «Спираль».",
        languages=list(spec.languages),
        availability=spec.availability,
        competences=_items(spec.competences),
        agent=agent,
        is_published=True,
    )


def _works_for(spec: DemoExpert, user: User) -> Agent | None:
    """The expert joins the organisation they work for (asked and approved through the services)."""
    agent = Agent.objects.filter(name=spec.agent).first() if spec.agent else None
    if agent is None:
        return None
    administrator = (
        AgentMembership.objects.filter(agent=agent, role=AgentRole.ADMINISTRATOR, status=MembershipStatus.APPROVED)
        .select_related("user")
        .first()
    )
    if administrator is None:
        return None
    membership = membership_request(agent=agent, user=user, message="Работаю экспертом университета.")
    membership_decide(membership=membership, actor=administrator.user, approve=True)
    return agent


def _lead_administrator(project: Project) -> User | None:
    membership = (
        AgentMembership.objects.filter(
            agent_id=project.lead_agent_id, role=AgentRole.ADMINISTRATOR, status=MembershipStatus.APPROVED
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def demo_experts_for(project: Project, *, actor: User) -> None:
    """Involve one demo expert of another region in ``project`` (open) before it completes, unless it has one."""
    if ExpertInvitation.objects.filter(project=project).exists():
        return
    experts = [_expert(spec, settings.SPIRAL_DEMO_PASSWORD) for spec in DEMO_EXPERTS]
    outsiders = [expert for expert in experts if expert.region_id != project.lead_agent.region_id]
    if not outsiders:
        return
    expert = outsiders[project.pk % len(outsiders)]
    invitation = expert_invite(project=project, expert=expert, actor=actor, message="Просим оценить итоги этапа.")
    expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True)


@transaction.atomic
def demo_experts_load() -> list[str]:
    """Create the demo experts and their invitations unless they exist; return the experts' log-ins."""
    password = settings.SPIRAL_DEMO_PASSWORD
    experts = [_expert(spec, password) for spec in DEMO_EXPERTS]
    projects = Project.objects.filter(state__in=OPEN_STATES, is_hidden=False).select_related("lead_agent")
    projects = projects.order_by("id")
    for number, project in enumerate(projects):
        if ExpertInvitation.objects.filter(project=project).exists():
            continue
        lead_admin = _lead_administrator(project)
        if lead_admin is None:
            continue
        # Two experts of other regions per project, taken in turn.
        outsiders = [expert for expert in experts if expert.region_id != project.lead_agent.region_id]
        chosen = [outsiders[(number + shift) % len(outsiders)] for shift in range(min(2, len(outsiders)))]
        for position, expert in enumerate(chosen):
            invitation = expert_invite(
                project=project, expert=expert, actor=lead_admin, message="Просим оценить план работ проекта."
            )
            # Every project gets an accepted expert; the first project keeps one invitation awaiting an answer.
            if position == 0 or number > 0:
                expert_invitation_respond(invitation=invitation, actor=expert.user, accept=True)
    demo_consultations_load()
    return [f"{spec.key}@{DOMAIN}" for spec in DEMO_EXPERTS]


# (subject, what is asked, start, end, result, confirmed by the advised side)
DEMO_CONSULTATIONS = (
    (
        "Приоритеты кластерной политики Липецкой области в металлургии и биотехнологиях",
        "Оценить, какие отрасли области имеют межрегиональную специализацию, и предложить приоритеты кластерной "
        "политики на 2025–2027 годы.",
        date(2025, 2, 3),
        date(2025, 3, 28),
        "Передан аналитический доклад: коэффициенты локализации по разделам ОКВЭД 2, три приоритетных кластера и "
        "перечень совместных с Воронежской областью проектов.",
        True,
    ),
    (
        "Программа подготовки кадров для агробиотехнологического кластера",
        "Предложить совместные образовательные программы вузов Воронежа и Липецка для кластера.",
        date(2025, 9, 1),
        date(2025, 10, 31),
        "Предложены две магистерские программы и программа стажировок на предприятиях кластера.",
        False,
    ),
)
ADVISING_AGENT = "Воронежский государственный университет"
ADVISED_AGENT = "Правительство Липецкой области"


def _member_user(agent: Agent, email: str) -> User | None:
    return User.objects.filter(
        email=email, agent_memberships__agent=agent, agent_memberships__status=MembershipStatus.APPROVED
    ).first()


def demo_consultations_load() -> int:
    """The Voronezh State University advises the Lipetsk government, through the services (the coordinator of
    Lipetsk acts for the government, the demo representative for the university); return how many were made."""
    advising = Agent.objects.filter(name=ADVISING_AGENT).first()
    advised = Agent.objects.filter(name=ADVISED_AGENT).first()
    if advising is None or advised is None:
        return 0
    asker = _member_user(advised, f"coordinator@{DOMAIN}")
    adviser = _member_user(advising, f"representative@{DOMAIN}")
    if asker is None or adviser is None:
        return 0
    made = 0
    for subject, description, starts_on, ends_on, result, confirmed in DEMO_CONSULTATIONS:
        if Consultation.objects.filter(subject=subject).exists():
            continue
        consultation = consultation_request(
            actor=asker,
            advised_agent=advised,
            advising_agent=advising,
            subject=subject,
            description=description,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        consultation = consultation_answer(consultation=consultation, actor=adviser, accept=True)
        document = ContentFile(f"{subject}\n\n{result}\n".encode(), name="rekomendacii.txt")
        consultation = consultation_complete(
            consultation=consultation, actor=adviser, result_summary=result, result_document=document, ends_on=ends_on
        )
        if confirmed:
            consultation_confirm(consultation=consultation, actor=asker)
        made += 1
    return made
