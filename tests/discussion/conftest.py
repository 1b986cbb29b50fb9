"""People and a published project around which the discussion tests are built."""

import pytest

from accounts.choices import SiteRole
from cooperation.choices import ProjectState
from tests.cooperation.factories import ProjectFactory


@pytest.fixture
def project(lead_agent):
    return ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED, title_ru="Цифровой регион")


@pytest.fixture
def user(make_user):
    return make_user(full_name="Анна Петрова")


@pytest.fixture
def other_user(make_user):
    return make_user(full_name="Борис Иванов")


@pytest.fixture
def moderator(make_user):
    return make_user(SiteRole.MODERATOR, full_name="Мария Модератор")


@pytest.fixture
def second_moderator(make_user):
    return make_user(SiteRole.MODERATOR, full_name="Олег Модератор")


@pytest.fixture
def administrator(make_user):
    return make_user(SiteRole.ADMINISTRATOR, full_name="Админ Админов")
