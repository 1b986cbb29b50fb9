from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from analytics.models import Observation, Snapshot
from cooperation.models import Agent
from regions.models import Region
from tests.worlds import command_once

pytestmark = pytest.mark.django_db


def test_setup_portal_brings_everything_in_one_run_and_a_second_run_changes_nothing(reference_data):
    # when the production set-up runs twice
    call_command("setup_portal", "--no-demo", stdout=StringIO())
    first = (Observation.objects.count(), Snapshot.objects.count())
    out = StringIO()
    call_command("setup_portal", "--no-demo", stdout=out)

    # then the shipped statistics and one current snapshot exist, and nothing was added
    assert first[0] > 20_000
    assert (Observation.objects.count(), Snapshot.objects.count()) == first
    assert Snapshot.objects.filter(is_current=True, status="complete").count() == 1
    assert "regions: 0 created" in out.getvalue()
    # and production gets no demo accounts
    assert not User.objects.filter(email__endswith="@spiral.example").exists()
    assert not Agent.objects.exists()


@pytest.fixture(scope="module")
def set_up_output(django_db_setup, django_db_blocker):
    """``setup_portal`` with the demo, run once for the tests below (``tests/worlds.py``)."""
    yield from command_once(django_db_blocker, "setup_portal")


@pytest.fixture
def set_up(set_up_output, db):
    """What ``setup_portal`` printed; the portal, with the demo, is in the database."""
    return set_up_output


def test_setup_portal_loads_the_demo_by_default(set_up):
    assert "Demo log-ins" in set_up
    assert User.objects.filter(email="analyst@spiral.example").exists()


def _cooperation_years(region_iso: str) -> dict[str, int]:
    """The first year each partner region held a joint project with ``region_iso`` (level 3 ≥ 2): the later of the
    project's actual start and the two sides' acceptance, read from the projects themselves."""
    from cooperation.choices import ParticipantStatus
    from cooperation.models import Project

    first: dict[str, int] = {}
    for project in Project.objects.filter(state__in=["active", "completed", "archived"], started_on__isnull=False):
        joined: dict[str, list] = {}
        for participant in project.participants.filter(status=ParticipantStatus.ACCEPTED).select_related(
            "agent__region"
        ):
            joined.setdefault(participant.agent.region.iso_code, []).append(participant.decided_at.date())
        if region_iso not in joined:
            continue
        for partner, days in joined.items():
            if partner != region_iso:
                year = max(project.started_on, min(joined[region_iso]), min(days)).year
                first[partner] = min(first.get(partner, year), year)
    return first


def _gains_with_partners(region_iso: str, first: dict[str, int]) -> set[tuple[int, str, str]]:
    """``(year, item code, partner name)``: the region has a GVA competence it lacked the year before while the
    partner, cooperated with in an earlier year, has it that year."""
    from analytics.models import CoefficientValue

    rows = CoefficientValue.objects.filter(
        snapshot__is_current=True, dataset__code="rosstat-gva", item__classifier__code="nace2"
    )
    flags = {
        (iso, indicator, code, year): is_competence
        for iso, indicator, code, year, is_competence in rows.filter(
            region__iso_code__in=[region_iso, *first], value__isnull=False
        ).values_list("region__iso_code", "indicator", "item__code", "year", "is_competence")
    }
    names = dict(Region.objects.filter(iso_code__in=first).values_list("iso_code", "name_en"))
    expected = set()
    for (iso, indicator, code, year), strong in flags.items():
        if iso != region_iso or not strong or flags.get((iso, indicator, code, year - 1), True):
            continue
        for partner, since in first.items():
            if since < year and flags.get((partner, indicator, code, year)):
                expected.add((year, code, names[partner]))
    return expected


def test_the_demo_shows_lipetsks_gains_with_the_cooperation_that_preceded_them(set_up, client):
    # given the portal set up with the shipped statistics and the demo
    first = _cooperation_years("RU-LIP")
    expected = _gains_with_partners("RU-LIP", first)
    # the demo's past projects come years before the gains of the Rosstat series (2016–2022)
    assert min(first.values()) <= 2016
    assert len({(year, code) for year, code, _name in expected}) >= 2

    # when Lipetsk's analytics page is read
    html = client.get("/analytics/regions/RU-LIP/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # then every such gain names its partner beside it
    shown = set()
    for block in html.split('id="competence-events-')[1:]:
        if not block[:4].isdigit():
            continue
        year = int(block[:4])
        for item in block.split('class="competence-event competence-event-gained"')[1:]:
            item = item.split("</li>")[0]
            code = item.split("<strong>")[1].split(" ")[0]
            if "cooperated with (level 2 or more)" in item:
                shown |= {row for row in expected if row[:2] == (year, code) and f">{row[2]}</a>" in item}
    assert expected <= shown, expected - shown
