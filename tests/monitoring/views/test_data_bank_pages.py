"""Pages and API of indicators linked to the data bank: the monitoring page, the link form, the region roll-up."""

import pytest
from rest_framework.test import APIClient

from analytics.choices import RegionalSeries
from analytics.models import Dataset, RegionalStatistic
from cooperation.choices import ProjectState
from monitoring.choices import EffectType
from monitoring.services import indicator_link
from tests.monitoring.factories import EffectFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(make_project, lead_member, lipetsk, voronezh):
    dataset = Dataset.objects.create(code="rosstat-innovation-activity", name_en="IA", name_ru="ИА", source="Rosstat")
    # innovations_1.xls: Lipetsk 8.9 (2010), 10.0 (2011); Voronezh 8.6, 9.2 (its macro-region peer here: the
    # Central Black Earth mean of the two regions present, (8.9 + 8.6) / 2 = 8.75 and (10.0 + 9.2) / 2 = 9.6)
    for region, year, value in (
        (lipetsk, 2010, 8.9),
        (lipetsk, 2011, 10.0),
        (voronezh, 2010, 8.6),
        (voronezh, 2011, 9.2),
    ):
        RegionalStatistic.objects.create(
            dataset=dataset, series=RegionalSeries.INNOVATION_ACTIVITY, region=region, year=year, value=value
        )
    project = make_project(ProjectState.ACTIVE)
    indicator = IndicatorFactory(effect=EffectFactory(project=project, type=EffectType.MODERNISATION))
    indicator_link(indicator=indicator, actor=lead_member, series="innovation_activity", region=lipetsk)
    return project, indicator


def test_the_monitoring_page_shows_before_and_after_as_a_contribution(client, linked):
    project, indicator = linked

    html = client.get(f"/projects/{project.pk}/monitoring/", headers={"accept-language": "en"}).content.decode()

    assert "Regional statistics: before and after" in html
    assert "Contribution, not attribution" in html
    assert "Level of innovation activity of organisations" in html
    assert "<td>10.0 (2011)" in html  # Lipetsk's level, before and after (one place for people)
    assert "No data after the start" in html
    assert "Central Black Earth" in html


def test_the_link_form_suggests_the_effects_series(client, linked, lead_member):
    project, indicator = linked
    client.force_login(lead_member)

    html = client.get(
        f"/projects/{project.pk}/indicators/{indicator.pk}/link/", headers={"accept-language": "en"}
    ).content.decode()

    assert "Suggested for this effect" in html
    assert 'value="gva_share:C"' in html and 'value="innovation_activity"' in html


def test_the_region_rollup_page_and_api(client, linked):
    project, indicator = linked

    page = client.get("/monitoring/regions/RU-LIP/", headers={"accept-language": "en"})
    api = APIClient().get("/api/indicators/rollup/", {"region": "RU-LIP"})

    assert page.status_code == 200 and f"/projects/{project.pk}/monitoring/" in page.content.decode()
    [row] = api.json()
    assert (row["indicator"], row["series"], row["region"]) == (indicator.pk, "innovation_activity", "RU-LIP")
    # the project starts after the data end: before and after are both the latest year, 2011
    assert (row["before_year"], row["after_year"], row["region_before"], row["region_after"]) == (
        2011,
        2011,
        10.0,
        10.0,
    )
    assert row["macroregion_after"] == pytest.approx(9.6)
    assert APIClient().get("/api/indicators/rollup/", {"region": "RU-XX"}).status_code == 400
    assert APIClient().get("/api/indicators/rollup/").status_code == 400


def test_the_api_links_and_refuses_an_unknown_series(linked, lead_member, lipetsk):
    project, indicator = linked
    api = APIClient()
    api.force_authenticate(lead_member)
    other = IndicatorFactory(effect=indicator.effect)

    refused = api.post(f"/api/indicators/{other.pk}/link/", {"series": "gdp", "region": "RU-LIP"})
    done = api.post(f"/api/indicators/{other.pk}/link/", {"series": "innovation_activity", "region": "RU-LIP"})

    assert refused.status_code == 400 and "series" in refused.json()
    assert done.status_code == 200 and done.json()["series_region"] == "RU-LIP"
