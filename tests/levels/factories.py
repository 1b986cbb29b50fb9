"""Factories of the evidence of cooperation levels.

``InteractionFactory(participants=[agent_a, agent_b])`` writes the row directly (no service, no
recomputation); tests of the rules' effects call ``levels_recompute`` themselves or use the services.
"""

import datetime

import factory

from levels.choices import InteractionKind, InteractionStatus, StructureKind, StructureStatus
from levels.models import IntegratedStructure, Interaction


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Встреча {n}")
    kind = InteractionKind.MEETING
    occurred_on = datetime.date(2024, 3, 1)
    cooperation_types = factory.LazyFunction(lambda: ["scientific"])
    # Confirmed by the other side, so that it counts (the service records a pending one).
    status = InteractionStatus.CONFIRMED

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if create and extracted:
            self.participants.set(extracted)


class StructureFactory(factory.django.DjangoModelFactory):
    """A confirmed alliance founded on 1 April 2025; pass ``member_regions=[...]``."""

    class Meta:
        model = IntegratedStructure
        skip_postgeneration_save = True

    kind = StructureKind.ALLIANCE
    name_ru = factory.Sequence(lambda n: f"Альянс {n}")
    name_en = factory.Sequence(lambda n: f"Alliance {n}")
    founded_on = datetime.date(2025, 4, 1)
    status = StructureStatus.CONFIRMED
    cooperation_types = factory.LazyFunction(lambda: ["scientific"])

    @factory.post_generation
    def member_regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.member_regions.set(extracted)

    @factory.post_generation
    def member_agents(self, create, extracted, **kwargs):
        if create and extracted:
            self.member_agents.set(extracted)
