"""The fixed test corpus of the search: a few agents, experts and projects in Russian and English.

Creation times are set explicitly (newest last in the list below), so that ties of relevance break
the same way everywhere. What must never be found: an unverified agent, an unpublished expert, a
draft project and a hidden project (they mention "кластер" too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from cooperation.choices import CooperationType, Helix, ProjectState
from cooperation.models import Agent, Project
from experts.models import ExpertProfile
from regions.models import Region
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertProfileFactory

T0 = datetime(2025, 1, 6, 10, 0, tzinfo=timezone.get_fixed_timezone(180))


def at(hours: int) -> datetime:
    return T0 + timedelta(hours=hours)


@dataclass
class Corpus:
    biotech_cluster: Agent  # A1, Lipetsk, business: "Липецкий кластер биотехнологий" / "Lipetsk Biotechnology Cluster"
    university: Agent  # A2, Voronezh, science: "Воронежский государственный университет" / "Voronezh State University"
    agency: Agent  # A3, Lipetsk, government: body mentions "кластеры и университеты"
    foundation: Agent  # A4, Tambov, civil
    unverified: Agent
    expert: ExpertProfile  # E1, Voronezh: "Эксперт по кластерам" / "Cluster expert"
    hidden_expert: ExpertProfile
    joint_project: Project  # P1, published, lead A1 + partner A2: "Межрегиональный кластер биотехнологий"
    school: Project  # P2, active, lead A3: "Школа молодых учёных" / "School of young scientists"
    draft: Project
    hidden: Project

    def ref(self, name: str) -> tuple[str, int]:
        obj = getattr(self, name)
        kind = {Agent: "agent", ExpertProfile: "expert", Project: "project"}[type(obj)]
        return (kind, obj.pk)


def build_corpus() -> Corpus:
    lipetsk, voronezh, tambov = (Region.objects.get(iso_code=code) for code in ("RU-LIP", "RU-VOR", "RU-TAM"))
    biotech_cluster = AgentFactory(
        name="Липецкий кластер биотехнологий",
        name_en="Lipetsk Biotechnology Cluster",
        description="Объединяет предприятия и лаборатории.",
        helix=Helix.BUSINESS,
        region=lipetsk,
    )
    university = AgentFactory(
        name="Воронежский государственный университет",
        name_en="Voronezh State University",
        description="Исследования в области биотехнологии и кластерной политики.",
        helix=Helix.SCIENCE,
        region=voronezh,
    )
    agency = AgentFactory(
        name="Агентство регионального развития",
        name_en="Regional Development Agency",
        description="Поддерживаем кластеры и университеты региона.",
        helix=Helix.GOVERNMENT,
        region=lipetsk,
    )
    foundation = AgentFactory(
        name="Фонд гражданских инициатив",
        name_en="Civic Initiatives Foundation",
        description="Волонтёрские проекты.",
        helix=Helix.CIVIL,
        region=tambov,
    )
    unverified = AgentFactory(name="Кластер машиностроения", name_en="Engineering cluster", is_verified=False)
    expert = ExpertProfileFactory(
        user=UserFactory(full_name="Ирина Смирнова"),
        headline_ru="Эксперт по кластерам",
        headline_en="Cluster expert",
        bio_ru="Консультирую университеты.",
        bio_en="",
        region=voronezh,
    )
    hidden_expert = ExpertProfileFactory(
        user=UserFactory(full_name="Пётр Иванов"),
        headline_ru="Кластерный консультант",
        headline_en="Cluster consultant",
        is_published=False,
        region=voronezh,
    )
    school = ProjectFactory(
        lead_agent=agency,
        state=ProjectState.ACTIVE,
        title_ru="Школа молодых учёных",
        title_en="School of young scientists",
        summary_ru="Университеты Черноземья готовят исследователей.",
        summary_en="Universities of the Black Earth region train researchers.",
        description="",
        cooperation_types=[CooperationType.EDUCATIONAL],
    )
    joint_project = ProjectFactory(
        lead_agent=biotech_cluster,
        state=ProjectState.PUBLISHED,
        title_ru="Межрегиональный кластер биотехнологий",
        title_en="Interregional biotechnology cluster",
        summary_ru="Совместные исследования университетов.",
        summary_en="Joint research of universities.",
        description="",
        cooperation_types=[CooperationType.SCIENTIFIC, CooperationType.PRODUCTION],
    )
    ParticipantFactory(project=joint_project, agent=university)
    draft = ProjectFactory(lead_agent=agency, title_ru="Кластер в черновике", title_en="Draft cluster")
    hidden = ProjectFactory(
        lead_agent=agency,
        state=ProjectState.PUBLISHED,
        is_hidden=True,
        title_ru="Скрытый кластер",
        title_en="Hidden cluster",
    )
    # Fixed creation times, newest last: A1 < A2 < A3 < A4 < E1 < P2 < P1.
    for hours, agent in enumerate([biotech_cluster, university, agency, foundation]):
        Agent.objects.filter(pk=agent.pk).update(verified_at=at(hours))
    ExpertProfile.objects.filter(pk=expert.pk).update(created_at=at(10))
    Project.objects.filter(pk=school.pk).update(created_at=at(20))
    Project.objects.filter(pk=joint_project.pk).update(created_at=at(21))
    return Corpus(
        biotech_cluster=biotech_cluster,
        university=university,
        agency=agency,
        foundation=foundation,
        unverified=unverified,
        expert=expert,
        hidden_expert=hidden_expert,
        joint_project=joint_project,
        school=school,
        draft=draft,
        hidden=hidden,
    )
