from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from levels.services import levels_recompute
from regions.models import Region
from tests.cooperation.factories import AgentFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(lipetsk, voronezh, tambov, lipetsk_agent, voronezh_agent, tambov_agent):
    """Lipetsk–Voronezh: an educational exchange (2023) and an alliance (2025); Lipetsk–Novosibirsk: a
    scientific exchange (2024)."""
    novosibirsk = Region.objects.get(iso_code="RU-NVS")
    InteractionFactory(
        participants=[lipetsk_agent, voronezh_agent], occurred_on=date(2023, 6, 1), cooperation_types=["educational"]
    )
    InteractionFactory(
        participants=[lipetsk_agent, AgentFactory(region=novosibirsk)],
        occurred_on=date(2024, 6, 1),
        cooperation_types=["scientific"],
    )
    StructureFactory(member_regions=[lipetsk, voronezh], founded_on=date(2025, 4, 1), cooperation_types=["production"])
    levels_recompute(as_of=timezone.localdate())


def pairs(response):
    """The table's pairs as ``(ISO, ISO, level)`` with the codes in alphabetical order."""
    return {(*sorted([row["a"].iso_code, row["b"].iso_code]), row["level"]) for row in response.context["table"]}


def show(client, user, query=""):
    client.force_login(user)
    return client.get(f"/cooperation/network/{query}", HTTP_ACCEPT_LANGUAGE="en")


def test_anonymous_users_are_sent_to_log_in(client, reference_data):
    assert client.get("/cooperation/network/").status_code == 302


def test_the_network_shows_each_pair_at_its_level_with_a_legend_and_a_table(client, outsider, network):
    response = show(client, outsider)
    html = response.content.decode()
    assert pairs(response) == {("RU-LIP", "RU-VOR", 4), ("RU-LIP", "RU-NVS", 1)}
    # the picture: lines between centroids, styled by level (colour, dash and width)
    edges = html.split('<g class="edges"')[1].split("</g>")[0]
    assert edges.count("<line ") == 2
    assert 'stroke-dasharray="2 5"' in html  # level 1: dotted
    assert 'stroke-width="6"' in html  # level 4: thick
    # the legend names the line style in words, so it does not rely on colour alone
    assert "Level 1 — Information — dotted thin line" in html
    assert "Level 4 — Integrated — thick solid line" in html
    # regions with a level are keyboard-reachable links to their dashboards, with a name
    assert 'href="/cooperation/regions/RU-VOR/"' in html
    assert 'aria-label="Lipetsk Oblast: Level 4 — Integrated"' in html or "Level 4 — Integrated" in html
    # and the table alternative
    assert 'id="network-table"' in html and "<caption>" in html


def test_filter_by_type_of_cooperation(client, outsider, network):
    assert pairs(show(client, outsider, "?cooperation_type=scientific")) == {("RU-LIP", "RU-NVS", 1)}
    assert pairs(show(client, outsider, "?cooperation_type=educational")) == {("RU-LIP", "RU-VOR", 1)}
    assert pairs(show(client, outsider, "?cooperation_type=consulting")) == set()


def test_filter_by_period(client, outsider, network):
    assert pairs(show(client, outsider, "?date_from=2023-01-01&date_to=2023-12-31")) == {("RU-LIP", "RU-VOR", 1)}
    assert pairs(show(client, outsider, "?date_to=2024-12-31")) == {("RU-LIP", "RU-VOR", 1), ("RU-LIP", "RU-NVS", 1)}
    assert pairs(show(client, outsider, "?date_from=2025-01-01")) == {("RU-LIP", "RU-VOR", 4), ("RU-LIP", "RU-NVS", 1)}


def test_filter_by_macroregion(client, outsider, network):
    siberian = Region.objects.get(iso_code="RU-NVS").macroregion
    response = show(client, outsider, f"?macroregion={siberian.code}")
    assert pairs(response) == {("RU-LIP", "RU-NVS", 1)}


def test_a_period_that_ends_before_it_starts_is_an_error(client, outsider, network):
    response = show(client, outsider, "?date_from=2025-01-01&date_to=2024-01-01")
    assert "The end of the period is before its start." in response.content.decode()


def test_the_network_takes_a_fixed_number_of_queries(client, outsider, lipetsk_agent, reference_data):
    regions = list(Region.objects.exclude(pk=lipetsk_agent.region_id).order_by("pk"))

    def grow(start, count):
        for region in regions[start : start + count]:
            InteractionFactory(participants=[lipetsk_agent, AgentFactory(region=region)])
        levels_recompute(as_of=timezone.localdate())

    grow(0, 2)
    show(client, outsider)
    with CaptureQueriesContext(connection) as small:
        show(client, outsider)
    grow(2, 20)
    with CaptureQueriesContext(connection) as large:
        response = show(client, outsider)
    assert len(response.context["table"]) == 22
    assert len(large.captured_queries) == len(small.captured_queries)
