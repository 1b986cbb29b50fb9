import factory

from cooperation.choices import AgentRole, Helix, MembershipStatus
from cooperation.models import Agent, AgentMembership
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


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgentMembership

    agent = factory.SubFactory(AgentFactory)
    user = factory.SubFactory(UserFactory)
    role = AgentRole.REPRESENTATIVE
    status = MembershipStatus.APPROVED
