"""The ``link`` column of the monitoring table (link an indicator to a series of the data bank), through the page
``POST /projects/<pk>/indicators/<id>/link/`` and the API ``POST /api/indicators/<id>/link/``, judged by its effect.

Same table, roles and situation as ``test_monitoring_permissions.py``.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from analytics.choices import RegionalSeries
from analytics.models import Dataset, RegionalStatistic
from monitoring.models import Indicator
from tests.monitoring.factories import EffectFactory, IndicatorFactory
from tests.monitoring.rules.test_monitoring_permissions import (  # noqa: F401 - fixtures
    CELLS,
    allowed,
    monitoring_world,
    situation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.wiring]


@pytest.fixture
def innovation_activity(lipetsk):
    dataset = Dataset.objects.create(code="rosstat-innovation-activity", name_en="IA", name_ru="ИА", source="Rosstat")
    for region, value in ((lipetsk, 8.9), (None, 9.5)):
        RegionalStatistic.objects.create(
            dataset=dataset, series=RegionalSeries.INNOVATION_ACTIVITY, region=region, year=2010, value=value
        )


@pytest.mark.parametrize("through", ["page", "api"])
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_linking_follows_the_table(situation, innovation_activity, role, state, through):  # noqa: F811
    users, make_project = situation
    user = users[role]
    page, api = Client(), APIClient()
    if user.is_authenticated:
        page.force_login(user)
        api.force_authenticate(user)
    project = make_project(state)
    indicator = IndicatorFactory(effect=EffectFactory(project=project))

    if through == "page":
        page.post(
            f"/projects/{project.pk}/indicators/{indicator.pk}/link/",
            {"series": "innovation_activity", "region": project.lead_agent.region_id},
        )
    else:
        api.post(f"/api/indicators/{indicator.pk}/link/", {"series": "innovation_activity", "region": "RU-LIP"})

    done = Indicator.objects.get(pk=indicator.pk).series == "innovation_activity"
    assert done is ("link" in allowed(role, state))
