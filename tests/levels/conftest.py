import pytest

from accounts.choices import SiteRole
from regions.models import Region
from tests.cooperation.factories import AgentFactory, MembershipFactory


@pytest.fixture
def tambov(reference_data):
    return Region.objects.get(iso_code="RU-TAM")


@pytest.fixture
def lipetsk_agent(lipetsk):
    return AgentFactory(region=lipetsk, name="Липецкий университет")


@pytest.fixture
def voronezh_agent(voronezh):
    return AgentFactory(region=voronezh, name="Воронежский университет")


@pytest.fixture
def tambov_agent(tambov):
    return AgentFactory(region=tambov, name="Тамбовский университет")


@pytest.fixture
def member(make_user, lipetsk_agent):
    """A member of the Lipetsk agent."""
    user = make_user()
    MembershipFactory(agent=lipetsk_agent, user=user)
    return user


@pytest.fixture
def coordinator(make_user, voronezh):
    return make_user(SiteRole.COORDINATOR, region=voronezh)


@pytest.fixture
def moderator(make_user):
    return make_user(SiteRole.MODERATOR)


@pytest.fixture
def outsider(make_user):
    """A signed-in user with no role and no agent."""
    return make_user()


@pytest.fixture
def section(reference_data):
    """OKVED2 section C (manufacturing), the sector of the test alliances."""
    from analytics.models import ClassifierItem

    return ClassifierItem.objects.get(classifier__code="nace2", code="C")
