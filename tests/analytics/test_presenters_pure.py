"""The analytics presenters read nothing: given what the selectors read, they shape the pages without a query."""

import pytest

from analytics import presenters, selectors
from regions.models import MacroRegion, Region
from tests.analytics.public_data import build_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot(reference_data):
    return build_snapshot()


def test_the_pages_are_shaped_without_a_query(snapshot, django_assert_num_queries):
    region = Region.objects.get(iso_code="RU-LIP")
    macroregion = MacroRegion.objects.get(code="central-black-earth")
    region_data = selectors.region_page_data(region.iso_code, dataset_code=None, year=None)
    macroregion_data = selectors.macroregion_page_data(macroregion.code, dataset_code=None, year=None)
    map_data = selectors.map_page_data(dataset_code=None, indicator=None, item=None, year=None)
    index_data = selectors.index_page_data()
    with django_assert_num_queries(0):
        region_page = presenters.region_page(region=region, data=region_data)
        macroregion_page = presenters.macroregion_page(macroregion=macroregion, data=macroregion_data)
        map_page = presenters.map_page(data=map_data)
        index_page = presenters.index_page(data=index_data)
    # Something was shaped: the region's profile, the macro-region's matrix, the map's regions.
    assert region_page["profile"] and region_page["scenario"]
    assert macroregion_page["matrix"] and macroregion_page["members"]
    assert map_page["region_count"] == Region.objects.count()
    assert index_page["macroregions"]
