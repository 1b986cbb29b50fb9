"""A published project led by a Lipetsk agent, its lead's administrator and representative, and an expert."""

import pytest

from cooperation.choices import ProjectState
from tests.cooperation.factories import ProjectFactory
from tests.experts.factories import ExpertProfileFactory


@pytest.fixture
def project(lead_agent, lead_admin):
    return ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)


@pytest.fixture
def expert(voronezh):
    return ExpertProfileFactory(region=voronezh)
