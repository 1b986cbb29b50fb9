from datetime import date

import pytest
from django.core.cache import cache
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
    return {
        (*sorted([row["a"].iso_code, row["b"].iso_code]), row["level"]) for row in response.context["network"]["table"]
    }


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
    # its name starts with the code it shows (WCAG 2.5.3, label in name)
    assert 'aria-label="LIP — Lipetsk Oblast: Level 4 — Integrated"' in html
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

    def queries():
        """The queries of the page built from scratch (cache emptied) and of the next one (cached)."""
        cache.clear()
        with CaptureQueriesContext(connection) as built:
            response = show(client, outsider)
        with CaptureQueriesContext(connection) as cached:
            show(client, outsider)
        return response, len(built.captured_queries), [query["sql"] for query in cached.captured_queries]

    grow(0, 2)
    show(client, outsider)  # warm the per-process caches
    _response, small, small_cached = queries()
    grow(2, 20)
    response, large, large_cached = queries()
    assert len(response.context["network"]["table"]) == 22
    assert large == small
    assert len(large_cached) == len(small_cached) < large
    assert not any("levels_pairevidence" in sql for sql in large_cached)


def test_the_table_is_paged_and_keeps_the_filters(client, outsider, network, monkeypatch):
    monkeypatch.setattr("levels.views.NETWORK_TABLE_PAGE_SIZE", 1)
    first = show(client, outsider, "?date_to=2024-12-31")
    html = first.content.decode()
    assert len(first.context["table_page"]) == 1
    assert "2 pairs of regions and their levels, rows 1–1" in html
    assert 'href="?date_to=2024-12-31&amp;page=2#network-table-heading"' in html

    second = show(client, outsider, "?date_to=2024-12-31&page=2")
    assert "rows 2–2" in second.content.decode()

    def listed(response):
        return {tuple(sorted([row["a"].iso_code, row["b"].iso_code])) for row in response.context["table_page"]}

    assert listed(first).isdisjoint(listed(second))
    assert listed(first) | listed(second) == {("RU-LIP", "RU-VOR"), ("RU-LIP", "RU-NVS")}
    # the picture shows every pair on every page
    assert second.content.decode().split('<g class="edges"')[1].split("</g>")[0].count("<line ") == 2


def test_the_cached_network_shows_a_new_level_at_once(client, outsider, network, lipetsk_agent):
    show(client, outsider)  # cached now
    InteractionFactory(participants=[lipetsk_agent, AgentFactory(region=Region.objects.get(iso_code="RU-KRS"))])
    levels_recompute(as_of=timezone.localdate())
    assert ("RU-KRS", "RU-LIP", 1) in pairs(show(client, outsider))
