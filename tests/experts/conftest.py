"""A published project led by a Lipetsk agent, its lead's administrator and representative, and an expert."""

import pytest

from cooperation.choices import AgentRole, ProjectState
from tests.cooperation.factories import AgentFactory, MembershipFactory, ProjectFactory
from tests.experts.factories import ExpertProfileFactory


@pytest.fixture
def lead_agent(lipetsk):
    return AgentFactory(region=lipetsk)


@pytest.fixture
def lead_admin(lead_agent):
    return MembershipFactory(agent=lead_agent, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def lead_member(lead_agent):
    return MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user


@pytest.fixture
def project(lead_agent, lead_admin):
    return ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)


@pytest.fixture
def expert(voronezh):
    return ExpertProfileFactory(region=voronezh)
