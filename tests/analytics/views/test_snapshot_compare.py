"""The comparison of two snapshots: counts on the snapshots page, the comparison page in both languages."""

import re

import pytest
from django.utils import timezone

from analytics.models import Snapshot
from tests.analytics.snapshot_data import three_snapshots

pytestmark = pytest.mark.django_db

LIST = "/analytics/data-bank/snapshots/"
COMPARE = "/analytics/data-bank/snapshots/compare/"
NAT = "national_localisation"


@pytest.fixture
def snapshots(reference_data):
    """See :func:`tests.analytics.snapshot_data.three_snapshots` (the changes worked out by hand)."""
    return three_snapshots()


@pytest.fixture
def analyst(client, make_user):
    client.force_login(make_user("analyst"))
    return client


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_each_snapshot_row_counts_the_competences_gained_and_lost_against_the_one_before(analyst, snapshots):
    oldest, middle, newest = snapshots

    html = analyst.get(LIST, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    link = f'href="{COMPARE}?after={newest.pk}&amp;before={middle.pk}"'
    assert link in html
    assert f"gained: 1, lost: 1 (against #{middle.pk})" in text(html)
    assert f"gained: 0, lost: 0 (against #{oldest.pk})" in text(html)
    russian = text(analyst.get(LIST, HTTP_ACCEPT_LANGUAGE="ru").content.decode())
    assert f"приобретено: 1, утрачено: 1 (по сравнению с #{middle.pk})" in russian


def test_the_comparison_defaults_to_the_current_snapshot_against_the_one_before(analyst, snapshots):
    _oldest, middle, newest = snapshots

    response = analyst.get(COMPARE, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    html = response.content.decode()
    page = text(html)
    assert f"to snapshot #{newest.pk}" in page and f"From snapshot #{middle.pk}" in page
    # named by their start in the portal's time zone, as the snapshots page shows it
    started = timezone.localtime(newest.started_at)
    assert f"#{newest.pk} · {started:%m/%d/%Y} {started.hour % 12 or 12}:{started:%M}" in page
    assert "competences gained — 1, lost — 1; values moved by more than 0.01 — 1." in page
    # per region and coefficient
    assert "Lipetsk Oblast Volumes (test) National localisation factor 1 1 0" in page
    assert "Voronezh Oblast Volumes (test) National localisation factor 0 0 1" in page
    # the competences, and the value moved beyond the tolerance (A of Voronezh moved 0.005: not listed)
    assert "gained Lipetsk Oblast National localisation factor Volumes (test) C" in page
    assert "0.900 1.200" in page and "1.400 0.700" in page
    assert "2.000 2.500 0.500" in page
    assert "0.305" not in page
    # tables scroll inside their box on a phone
    assert html.count('<div class="table-responsive">') == 3


def test_the_comparison_in_russian_and_a_chosen_pair_and_tolerance(analyst, snapshots):
    oldest, middle, newest = snapshots

    page = text(
        analyst.get(
            COMPARE, {"after": newest.pk, "before": oldest.pk, "tolerance": "0.001"}, HTTP_ACCEPT_LANGUAGE="ru"
        ).content.decode()
    )

    assert f"От среза #{oldest.pk}" in page
    assert "приобретено компетенций — 1, утрачено — 1; значений, изменившихся больше чем на 0,001, — 2." in page
    assert "Липецкая область" in page and "Коэффициент локализации (национальный уровень)" in page
    assert "0,300 0,305 0,005" in page
    # the inputs carry machine numbers
    html = analyst.get(COMPARE, {"tolerance": "0.5"}, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert re.search(r'<input type="number" name="tolerance"[^>]* value="0.5" step="0.001"', html)


def test_nothing_changed_between_two_equal_snapshots(analyst, snapshots):
    oldest, middle, _newest = snapshots

    page = text(
        analyst.get(COMPARE, {"after": middle.pk, "before": oldest.pk}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )

    assert "competences gained — 0, lost — 0" in page and "Nothing changed" in page


def test_a_snapshot_cannot_be_compared_with_itself_nor_with_an_unknown_one(analyst, snapshots):
    newest = snapshots[-1]

    same = analyst.get(COMPARE, {"after": newest.pk, "before": newest.pk}, HTTP_ACCEPT_LANGUAGE="en")
    unknown = analyst.get(COMPARE, {"before": 999999}, HTTP_ACCEPT_LANGUAGE="en")
    negative = analyst.get(COMPARE, {"tolerance": "-1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert same.status_code == unknown.status_code == negative.status_code == 400
    assert "Choose two different snapshots." in same.content.decode()


def test_with_one_snapshot_the_page_says_a_comparison_needs_two(analyst, reference_data):
    Snapshot.objects.create(status="complete", inputs_checksum="x", started_at=timezone.now(), is_current=True)

    page = text(analyst.get(COMPARE, HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert "A comparison needs two complete snapshots" in page


def test_members_may_not_compare_snapshots(client, make_user, snapshots):
    client.force_login(make_user())

    assert client.get(COMPARE).status_code == 403


def test_the_comparison_is_shaped_without_a_query(snapshots, django_assert_num_queries):
    from analytics import presenters, selectors

    oldest, _middle, newest = snapshots
    data = selectors.snapshot_comparison_data(before=oldest, after=newest, snapshots=snapshots, tolerance=0.01)

    with django_assert_num_queries(0):
        page = presenters.snapshot_comparison_page(data)

    assert page["counts"] == {"gained": 1, "lost": 1, "changed": 1}
    assert {row["region_iso"]: (row["gained"], row["lost"], row["changed"]) for row in page["summary"]} == {
        "RU-LIP": (1, 1, 0),
        "RU-VOR": (0, 0, 1),
    }
