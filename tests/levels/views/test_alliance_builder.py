"""The alliance builder page: the regions, their agents, the complementary rubrics, the structures and the
prefilled proposal (issue #14, item 6). A small current snapshot is written directly."""

import pytest

from analytics.choices import Indicator
from analytics.models import CoefficientValue
from regions.models import Region
from tests.cooperation.factories import AgentFactory
from tests.levels.alliance_data import alliance_snapshot
from tests.levels.factories import StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(reference_data):
    return alliance_snapshot()


def test_the_builder_lists_regions_agents_rubrics_structures_and_prefills_the_proposal(
    client, coordinator, snapshot, lipetsk, voronezh, section
):
    steel = AgentFactory(region=lipetsk, helix="business", name="Липецкий металлургический завод", is_verified=True)
    university = AgentFactory(
        region=lipetsk, helix="science", name="Липецкий технический университет", is_verified=True
    )
    belgorod = Region.objects.get(iso_code="RU-BEL")
    cluster = AgentFactory(region=belgorod, helix="civil", name="Белгородский кластер", is_verified=True)
    cluster.competences.add(section)
    AgentFactory(region=voronezh, helix="business", name="Воронежский завод", is_verified=True)  # Voronezh is out
    federal = StructureFactory(kind="federal_body", name_en="Federal council", origin="top_down", member_regions=[])
    StructureFactory(member_regions=[lipetsk, belgorod], sector=section, name_en="Steel alliance")
    client.force_login(coordinator)
    response = client.get("/cooperation/alliances/?section=C", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    # Lipetsk 2.29/1.90 and Belgorod 1.16/1.05 are chosen (2021); Voronezh 0.92/0.80 is not (its 2020 1.5 is old)
    assert "2 regions with both localisation factors at least 1 (2021" in html
    assert "Lipetsk Oblast" in html and "Belgorod Oblast" in html
    assert "Воронежский завод" not in html
    # business agents and the agents with the section as a competence; not a science agent without it
    assert steel.get_absolute_url() in html and cluster.get_absolute_url() in html
    assert university.get_absolute_url() not in html
    # Mechanical engineering: Lipetsk 1.92 strong, Belgorod 0.77 weak; Metallurgy strong in both: no complement
    assert "55 Mechanical engineering" in html and "53 Metallurgy" not in html
    assert "Steel alliance" in html
    assert "Propose an alliance" in html and "Federal council" in html
    # the coordinating body's name is quoted as each language quotes
    assert "and the coordinating body “Federal council”." in html
    russian = client.get("/cooperation/alliances/?section=C", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert f"и координирующим органом «{federal.name_ru}»." in russian
    assert (
        f"parent={federal.pk}" in html and "sector=C" in html and "regions=RU-LIP" in html and "regions=RU-BEL" in html
    )
    # the proposal form opens prefilled
    form = client.get(
        f"/cooperation/structures/new/?kind=alliance&sector=C&regions=RU-LIP&regions=RU-BEL&agents={steel.pk}&parent={federal.pk}"
    )
    assert form.context["form"].initial["sector"] == "C"
    assert {region.iso_code for region in form.context["form"].initial["member_regions"]} == {"RU-LIP", "RU-BEL"}
    assert form.context["form"].initial["member_agents"] == [steel]
    assert form.context["form"].initial["parent"] == federal.pk


def test_no_snapshot_and_no_science_data_are_said(client, coordinator, reference_data):
    client.force_login(coordinator)
    html = client.get("/cooperation/alliances/?section=C", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no data" in html
    assert client.get("/cooperation/alliances/?section=ZZ").status_code == 404
    assert client.get("/cooperation/alliances/").status_code == 200


def test_no_science_data_for_the_chosen_regions(client, coordinator, snapshot):
    CoefficientValue.objects.filter(indicator=Indicator.ST_SPECIALISATION).delete()
    client.force_login(coordinator)
    html = client.get("/cooperation/alliances/?section=C", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No S&T data for these regions" in html


def test_clusters_are_listed_first_in_their_region_and_marked(client, coordinator, snapshot, lipetsk):
    # seed 003's alliance joins the clusters of an industry: a cluster is among the members even without the
    # section among its competences or a business helix, and it comes before the region's other organisations
    AgentFactory(region=lipetsk, helix="business", name="Альфа-завод", is_verified=True)
    cluster = AgentFactory(
        region=lipetsk, helix="civil", name="Ястребовский кластер", is_verified=True, is_cluster=True
    )
    AgentFactory(region=lipetsk, helix="civil", name="Клуб", is_verified=True)  # neither: not listed
    client.force_login(coordinator)
    html = client.get("/cooperation/alliances/?section=C", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert cluster.get_absolute_url() in html and "Клуб" not in html
    assert html.index("Ястребовский кластер") < html.index("Альфа-завод")
    assert 'Ястребовский кластер</a> <span class="badge text-bg-success">кластер</span>' in html
