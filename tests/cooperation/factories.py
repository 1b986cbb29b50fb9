import datetime

import factory

from cooperation.choices import (
    AgentRole,
    CooperationType,
    Helix,
    MembershipStatus,
    ParticipantRole,
    ParticipantStatus,
    ProjectState,
)
from cooperation.models import Agent, AgentMembership, Milestone, Objective, Project, ProjectParticipant
from regions.models import Region
from tests.accounts.factories import UserFactory


class AgentFactory(factory.django.DjangoModelFactory):
    """An agent in Lipetsk by default; pass ``is_verified=False`` for an unverified one."""

    class Meta:
        model = Agent

    name = factory.Sequence(lambda n: f"Организация {n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    helix = Helix.BUSINESS
    region = factory.LazyFunction(lambda: Region.objects.get(iso_code="RU-LIP"))
    description = "Тестовая организация."
    website = "https://example.org"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = "+7 000 000-00-00"
    address = "Липецк"
    is_verified = True
    review_status = factory.LazyAttribute(lambda agent: "verified" if agent.is_verified else "pending")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgentMembership

    agent = factory.SubFactory(AgentFactory)
    user = factory.SubFactory(UserFactory)
    role = AgentRole.REPRESENTATIVE
    status = MembershipStatus.APPROVED


class ObjectiveFactory(factory.django.DjangoModelFactory):
    """An objective of the business helix (the shipped catalogue is loaded by ``load_objectives``)."""

    class Meta:
        model = Objective

    helix = Helix.BUSINESS
    text_ru = factory.Sequence(lambda n: f"Цель {n}")
    text_en = factory.Sequence(lambda n: f"Objective {n}")
    sort_order = factory.Sequence(lambda n: 100 + n)


class ProjectFactory(factory.django.DjangoModelFactory):
    """A draft project led by a new agent, with the lead's accepted participation.

    Pass ``state=`` for a project in another state (the row is written directly,
    without the workflow services or the transition log).
    """

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title_ru = factory.Sequence(lambda n: f"Проект {n}")
    title_en = factory.Sequence(lambda n: f"Project {n}")
    summary_ru = "Краткое описание."
    summary_en = "A short summary."
    description = "Описание проекта."
    lead_agent = factory.SubFactory(AgentFactory)
    cooperation_types = factory.LazyFunction(lambda: [CooperationType.SCIENTIFIC])
    state = ProjectState.DRAFT

    @factory.post_generation
    def lead(self, create, extracted, **kwargs):
        if create and extracted is not False:
            ProjectParticipant.objects.create(
                project=self, agent=self.lead_agent, role=ParticipantRole.LEAD, status=ParticipantStatus.ACCEPTED
            )


class ParticipantFactory(factory.django.DjangoModelFactory):
    """An accepted partner by default."""

    class Meta:
        model = ProjectParticipant

    project = factory.SubFactory(ProjectFactory)
    agent = factory.SubFactory(AgentFactory)
    role = ParticipantRole.PARTNER
    status = ParticipantStatus.ACCEPTED
    motivation = "Мы хотим участвовать."


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = datetime.date(2026, 6, 30)


def make_submittable(project: Project) -> Project:
    """Give a draft what the pre-submit checklist asks (``cooperation.checklist``), where it lacks it: an objective,
    a reason for the missing helices, a partner invited from another region (Voronezh, or Lipetsk for a Voronezh
    lead) and an expected effect with an indicator."""
    from tests.monitoring.factories import EffectFactory, IndicatorFactory

    if not project.objectives.exists():
        project.objectives.add(ObjectiveFactory())
    project.helix_reason = "Остальные звенья спирали подключатся позже."
    Project.objects.filter(pk=project.pk).update(helix_reason=project.helix_reason)
    other = "RU-LIP" if project.lead_agent.region.iso_code == "RU-VOR" else "RU-VOR"
    counted = (ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED)
    if not project.participants.filter(status__in=counted, agent__region__iso_code=other).exists():
        agent = AgentFactory(region=Region.objects.get(iso_code=other))
        ParticipantFactory(project=project, agent=agent, status=ParticipantStatus.INVITED)
    if not project.effects.exists():
        IndicatorFactory(effect=EffectFactory(project=project))
    return project
