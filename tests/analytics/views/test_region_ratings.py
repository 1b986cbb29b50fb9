"""The region page charts the data bank's regional statistics (server-drawn SVG, a table beside it)."""

import re

import pytest

from analytics.services.shipped import shipped_load_rosstat_series

pytestmark = pytest.mark.django_db


def test_region_page_charts_rd_personnel_and_innovation_activity(client, reference_data):
    shipped_load_rosstat_series()

    html = client.get("/analytics/regions/RU-LIP/", headers={"accept-language": "ru"}).content.decode()

    assert 'id="ratings"' in html
    assert html.count('class="line-chart"') == 2
    # numbers in the SVG's attributes are never localised, even on the Russian page
    for points in re.findall(r'points="([^"]+)"', html):
        for pair in points.split():
            x, y = pair.split(",")
            float(x), float(y)
    # the table alternative holds the figures: Lipetsk's 2010 innovation activity, 8.9 % (8,9 in Russian)
    assert "<td>8,9</td>" in html
    assert "Центрально-Черноземный макрорегион" in html


def test_region_page_without_statistics_says_so(client, reference_data):
    html = client.get("/analytics/regions/RU-LIP/", headers={"accept-language": "en"}).content.decode()
    assert "The data bank has no regional statistics for this region." in html
