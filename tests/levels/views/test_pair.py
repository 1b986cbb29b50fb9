"""The pair's page and API (issue #14, items 3 and 4): the 4 × 4 links, the thin ones with their next step,
the regularity of links; and the dashboard's thin links."""

from datetime import date

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cooperation.choices import Helix
from levels.services import levels_recompute
from tests.cooperation.factories import AgentFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(lipetsk, voronezh):
    """Lipetsk–Voronezh: the governments exchanged in 2023 and 2024; the universities formed an alliance in
    2025 (level 4); civil societies at level 1 (2024); businesses never met. A pending exchange too."""
    agents = {
        (region.iso_code, helix): AgentFactory(region=region, helix=helix)
        for region in (lipetsk, voronezh)
        for helix in Helix.values
    }
    InteractionFactory(
        participants=[agents[("RU-LIP", "government")], agents[("RU-VOR", "government")]], occurred_on=date(2023, 4, 1)
    )
    InteractionFactory(
        participants=[agents[("RU-LIP", "civil")], agents[("RU-VOR", "civil")]], occurred_on=date(2024, 6, 1)
    )
    StructureFactory(
        member_regions=[lipetsk, voronezh],
        member_agents=[agents[("RU-LIP", "science")], agents[("RU-VOR", "science")]],
        founded_on=date(2025, 4, 1),
    )
    pending = InteractionFactory(
        title="Неподтверждённая встреча",
        participants=[agents[("RU-LIP", "business")], agents[("RU-VOR", "business")]],
        status="pending",
        recorder_region=lipetsk,
    )
    levels_recompute(as_of=timezone.localdate())
    return {"agents": agents, "pending": pending}


def test_the_pair_page_shows_the_grid_the_thin_links_and_the_regularity(client, member, history):
    client.force_login(member)
    page = client.get("/cooperation/pairs/RU-LIP/RU-VOR/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    pair = page.context["pair"]
    assert pair["level"] == 4
    levels = [[cell["level"] for cell in row["cells"]] for row in pair["grid"]]
    assert levels == [[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 4, 0], [0, 0, 0, 1]]
    thin = [(link["helix"], link["level"]) for link in pair["thin"]]
    assert thin == [("business", 0), ("government", 1), ("civil", 1)]
    html = page.content.decode()
    assert "Civil society — Lipetsk Oblast and Voronezh Oblast: level 1 (information)" in html
    assert 'href="/experts/"' in html  # level 1 → invite an expert of the other side
    # three pieces in three years: 2023, 2024, 2025
    assert pair["regularity"]["years"] == 3
    assert [(row["year"], row["count"]) for row in pair["regularity"]["per_year"]] == [(2023, 1), (2024, 1), (2025, 1)]
    # the pending exchange is shown, marked, and does not count
    assert "Неподтверждённая встреча" in html and "does not count yet" in html


def test_seen_from_the_other_region_the_grid_is_transposed(client, member, history, lipetsk, voronezh):
    agents = history["agents"]
    InteractionFactory(participants=[agents[("RU-LIP", "business")], agents[("RU-VOR", "civil")]])
    levels_recompute(as_of=timezone.localdate())
    client.force_login(member)
    page = client.get("/cooperation/pairs/RU-LIP/RU-VOR/")
    forward = page.context["pair"]["grid"]
    # the link to the other side names the regions in its order
    swap = "Поменять регионы местами: Воронежская область — Липецкая область"
    assert f'<a class="small ms-2" href="/cooperation/pairs/RU-VOR/RU-LIP/">{swap}</a>' in page.content.decode()
    backward = client.get("/cooperation/pairs/RU-VOR/RU-LIP/").context["pair"]["grid"]
    assert forward[1]["cells"][3]["level"] == 1 and backward[3]["cells"][1]["level"] == 1
    assert backward[1]["cells"][3]["level"] == 0


def test_the_pair_api_gives_the_grid_and_the_regularity(member, history):
    api = APIClient()
    api.force_authenticate(member)
    body = api.get("/api/cooperation-levels/pairs/between/RU-LIP/RU-VOR/").json()
    assert body["level"] == 4 and body["region_a"] == "RU-LIP"
    assert [[cell["level"] for cell in row] for row in body["grid"]][2] == [0, 0, 4, 0]
    assert body["regularity"] == {
        "per_year": [{"year": 2023, "count": 1}, {"year": 2024, "count": 1}, {"year": 2025, "count": 1}],
        "years": 3,
    }
    assert body["pending_interactions"] == [history["pending"].pk]
    assert api.get("/api/cooperation-levels/pairs/between/RU-LIP/RU-XXX/").status_code == 404
    assert APIClient().get("/api/cooperation-levels/pairs/between/RU-LIP/RU-VOR/").status_code in (401, 403)


def test_the_dashboard_names_the_thin_links_of_the_closest_partners(client, member, history):
    client.force_login(member)
    page = client.get("/cooperation/regions/RU-LIP/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Business community — Lipetsk Oblast and Voronezh Oblast: no cooperation yet" in page
    russian = client.get("/cooperation/regions/RU-LIP/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Липецкая область и Воронежская область: сотрудничества пока нет" in russian
    assert 'href="/cooperation/pairs/RU-LIP/RU-VOR/"' in page


def test_the_network_line_width_is_the_regularity(client, member, history):
    client.force_login(member)
    network = client.get("/cooperation/network/").context["network"]
    (line,) = network["lines"]
    # level 4's width 6 × the factor of 3 years (0.6 + 2 × 0.25 = 1.1) = 6.6, a machine number
    assert line["years"] == 3 and line["width"] == "6.6"


def test_the_pair_page_is_built_once_per_levels_version_and_shows_new_pending_interactions_at_once(
    client, member, history
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    url = "/cooperation/pairs/RU-LIP/RU-VOR/"
    business = "Business community — Lipetsk Oblast and Voronezh Oblast: level 1 (information)"
    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert first.context["pair"]["level"] == 4 and business not in first.content.decode()
    # a second view reads neither the evidence nor the periods: the grid, the links and the history are cached
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "Неподтверждённая встреча" in page.content.decode()
    assert not [query for query in queries.captured_queries if "levels_pairevidence" in query["sql"]]
    assert not [query for query in queries.captured_queries if "levels_pairlevel" in query["sql"]]
    # an exchange recorded since (pending: no recomputation) shows at once
    agents = history["agents"]
    InteractionFactory(
        title="Новая встреча",
        participants=[agents[("RU-LIP", "business")], agents[("RU-VOR", "civil")]],
        status="pending",
        recorder_region=agents[("RU-LIP", "business")].region,
    )
    assert "Новая встреча" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # once the businesses meet and the levels are recomputed, the page shows the new link at once
    InteractionFactory(participants=[agents[("RU-LIP", "business")], agents[("RU-VOR", "business")]])
    levels_recompute(as_of=timezone.localdate())
    assert business in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
