"""The levels presenters read nothing: given what the selectors read, they shape the dashboard and the network."""

from datetime import date

import pytest
from django.utils import timezone

from levels import presenters, selectors
from levels.services import levels_recompute
from tests.levels.factories import InteractionFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_and_the_network_are_shaped_without_a_query(
    lipetsk, voronezh, lipetsk_agent, voronezh_agent, django_assert_num_queries
):
    InteractionFactory(participants=[lipetsk_agent, voronezh_agent], occurred_on=date(2024, 3, 1))
    today = timezone.localdate()
    levels_recompute(as_of=today)
    overview_data = selectors.region_overview_data(lipetsk, today)
    regions, edges, regularity = selectors.network_inputs(today=today)
    pair_data = selectors.pair_data(lipetsk, voronezh)
    with django_assert_num_queries(0):
        overview = presenters.region_overview(region=lipetsk, today=today, data=overview_data)
        network = presenters.network_picture(regions, edges, regularity)
        pair = presenters.pair_view(first=lipetsk, second=voronezh, today=today, data=pair_data)
    assert pair["level"] == 1 and pair["regularity"]["years"] == 1
    assert overview["level"] == 1 and [row["region"] for row in overview["partners"]] == [voronezh]
    # The table names each pair once, alphabetically: Воронежская before Липецкая.
    assert [(row["a"], row["b"], row["level"]) for row in network["table"]] == [(voronezh, lipetsk, 1)]
