"""Fixtures of the monitoring tests: a project led by an agent in Lipetsk with a partner in Voronezh."""

import pytest

from cooperation.choices import AgentRole, ProjectState
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory


@pytest.fixture
def partner_agent(voronezh):
    return AgentFactory(region=voronezh)


@pytest.fixture
def partner_member(partner_agent):
    return MembershipFactory(agent=partner_agent, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def outsider(voronezh):
    """A member of an unrelated agent."""
    return MembershipFactory(agent=AgentFactory(region=voronezh)).user


@pytest.fixture
def moderator(make_user):
    return make_user("moderator")


@pytest.fixture
def make_project(lead_agent, partner_agent):
    """A project of the lead agent in ``state``, with the partner accepted."""

    def make(state=ProjectState.ACTIVE, **fields):
        project = ProjectFactory(lead_agent=lead_agent, state=state, **fields)
        ParticipantFactory(project=project, agent=partner_agent)
        return project

    return make


@pytest.fixture
def project(make_project):
    return make_project(ProjectState.ACTIVE)
