"""The competence timeline of a region's analytics page, its filter, the partners beside a gain, and the API.

Volumes (NACE A and C; Lipetsk, Voronezh and Belgorod, all three in the Central Black Earth
macro-region, so the national and macro-regional factors are equal):

    2020: LIP A=10 C=30, VOR A=20 C=20, BEL A=10 C=30 -> totals A 40, C 80, all 120
          LIP A = (10/40)/(40/120) = 0.75
    2021: LIP A=30 C=10, VOR A=20 C=20, BEL A=30 C=10 -> totals A 80, C 40, all 120
          LIP A = (30/40)/(80/120) = 1.125, BEL A = 1.125 (a competence), VOR A = (20/40)/(80/120) = 0.75

Lipetsk gained A in 2021 (0.75 -> 1.125); Belgorod, strong in A in 2021, cooperated with Lipetsk at
level 2 from 2019: it is named beside the gain; Voronezh (level 2 only from 2021, the gain's own year) is not.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from analytics.models import Dataset
from analytics.services.snapshots import snapshot_recompute
from levels.models import PairLevel
from regions.models import Region
from tests.analytics.services.test_competence_events import observe

pytestmark = pytest.mark.django_db


def pair(iso_a: str, iso_b: str, *, level: int, reached_on: date) -> None:
    a, b = sorted(Region.objects.filter(iso_code__in=[iso_a, iso_b]), key=lambda region: region.pk)
    PairLevel.objects.create(region_a=a, region_b=b, level=level, reached_on=reached_on)


@pytest.fixture
def timeline(reference_data):
    dataset = Dataset.objects.create(code="volumes", name_ru="Объёмы", name_en="Volumes")
    observe(dataset, 2020, [("RU-LIP", "A", 10), ("RU-LIP", "C", 30), ("RU-VOR", "A", 20), ("RU-VOR", "C", 20)])
    observe(dataset, 2021, [("RU-LIP", "A", 30), ("RU-LIP", "C", 10), ("RU-VOR", "A", 20), ("RU-VOR", "C", 20)])
    observe(dataset, 2020, [("RU-BEL", "A", 10), ("RU-BEL", "C", 30)], regions=("RU-BEL",))
    observe(dataset, 2021, [("RU-BEL", "A", 30), ("RU-BEL", "C", 10)], regions=("RU-BEL",))
    snapshot_recompute()
    pair("RU-LIP", "RU-BEL", level=2, reached_on=date(2019, 3, 1))
    pair("RU-LIP", "RU-VOR", level=2, reached_on=date(2021, 3, 1))
    return dataset


def section(html: str) -> str:
    start = html.index('id="competence-events"')
    return html[start : html.index("</section>", start)]


def test_the_page_shows_the_gains_and_losses_by_year_with_values_and_partners(client, timeline):
    html = section(client.get(reverse("analytics:region", args=["RU-LIP"]), HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert 'id="competence-events-2021"' in html
    assert "Gained" in html and "Lost" in html
    # 0.75 -> 1.125, shown with two decimals rounded half up as the paper's tables print: 1.13
    assert "0.75 the year before, 1.13 this year" in html
    assert "Belgorod" in html  # level 2 since 2019, strong in A in 2021
    assert "Voronezh" not in html  # level 2 only from 2021, not in the years before the gain


def test_the_filter_keeps_one_coefficient(client, timeline):
    url = reverse("analytics:region", args=["RU-LIP"])

    both = section(client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    national = section(
        client.get(url, {"events_indicator": "national_localisation"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    unknown = section(client.get(url, {"events_indicator": "nonsense"}, HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert both.count("competence-event-gained") == 2  # A gained, national and macro-regional
    assert national.count("competence-event-gained") == 1
    assert "Macro-regional localisation factor" not in national.split("Every coefficient")[1].split("</select>")[1]
    assert unknown.count("competence-event-gained") == 2  # an unknown value is no filter


def test_the_page_is_in_russian_by_default(client, timeline):
    html = section(client.get(reverse("analytics:region", args=["RU-LIP"])).content.decode())

    assert "Полученные и утраченные компетенции" in html
    assert "0,75 годом ранее, 1,13 в этом году" in html


def test_a_region_without_events_says_so(client, timeline):
    html = section(client.get(reverse("analytics:region", args=["RU-MOW"]), HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert "No competence gained or lost has been recorded" in html


def test_the_api_lists_a_regions_events_filtered(timeline):
    api = APIClient()

    everything = api.get("/api/analytics/competence-events/", {"region": "RU-LIP"}).json()
    gained = api.get(
        "/api/analytics/competence-events/",
        {"region": "RU-LIP", "kind": "gained", "indicator": "national_localisation"},
    ).json()

    assert {(row["item"], row["year"], row["kind"]) for row in everything["results"]} == {
        ("A", 2021, "gained"),
        ("C", 2021, "lost"),
    }
    assert everything["count"] == 4
    assert gained["count"] == 1
    row = gained["results"][0]
    assert row["value_before"] == pytest.approx(0.75)
    assert row["value_after"] == pytest.approx(1.125)
    assert row["dataset"] == "volumes" and row["region"] == "RU-LIP" and row["classifier"] == "nace2"


def test_a_partnership_begun_in_the_gains_own_year_is_not_the_years_before(client, timeline):
    PairLevel.objects.all().delete()
    pair("RU-LIP", "RU-BEL", level=2, reached_on=date(2021, 1, 10))
    pair("RU-LIP", "RU-BEL", level=1, reached_on=date(2015, 1, 10))  # level 1 is not enough, however early

    html = section(client.get(reverse("analytics:region", args=["RU-LIP"]), HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert "Belgorod" not in html
