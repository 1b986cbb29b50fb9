"""Query counts of the main pages against a baseline file, ``tests/query_counts.json`` (as NetBox does).

Every page is requested with an **empty cache** (the cache is cleared just before the
measured request; a first, unmeasured request warms what the process memoises, such
as content types), by the visitor it is for, and the number of SQL queries must be
the baseline's, exactly: a creep from 7 to 9 fails as well as an N+1. The same pages
are then measured again after the data has grown (three times the projects, agents,
comments, notifications... of the first round): a count that grows with the data is
an N+1, whatever the baseline says.

The baseline has one section per database vendor (SQLite and PostgreSQL may differ
by a savepoint). When a change of a page's queries is intended, rewrite the file with
``UPDATE_QUERY_COUNTS=1 .venv/bin/pytest -p no:cacheprovider tests/portal/test_query_counts.py``
(and with ``DATABASE_URL=postgres://…`` for the PostgreSQL section), and commit it
with the change that explains it.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import SiteRole
from analytics.choices import RegionalSeries
from analytics.models import ClassifierItem, Dataset, RegionalStatistic
from cooperation.choices import AgentRole, ParticipantStatus, ProjectState
from cooperation.models.projects import ProjectTransition
from monitoring.models import Indicator
from regions.models import Region
from search.services import index_rebuild
from strategy.models import SessionRating
from strategy.services import priority_set_create
from tests.accounts.factories import UserFactory, grant
from tests.analytics.public_data import build_snapshot
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory
from tests.discussion.factories import CommentFactory, ReportFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory
from tests.levels.factories import InteractionFactory, StructureFactory
from tests.monitoring.factories import EffectFactory, IndicatorFactory
from tests.notifications.factories import NotificationFactory
from tests.strategy.factories import session_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

BASELINE_PATH = Path(__file__).resolve().parent.parent / "query_counts.json"
UPDATE = os.environ.get("UPDATE_QUERY_COUNTS") == "1"
REGIONS = ("RU-LIP", "RU-VOR", "RU-KRS", "RU-BEL", "RU-TAM")


@dataclass
class Site:
    """The people who visit the pages and the project whose page is measured."""

    member: object  # signed in, a representative of the lead agent, with notifications
    moderator: object
    project: object
    session: object = None  # a Lipetsk discovery session (strategy), rated more each round


def grow(site: Site | None, rounds: int) -> Site:
    """Add ``rounds`` units of everything the pages list; the first call also makes the visitors."""
    regions = list(Region.objects.filter(iso_code__in=REGIONS).order_by("iso_code"))
    lipetsk = next(region for region in regions if region.iso_code == "RU-LIP")
    if site is None:
        lead = AgentFactory(region=regions[0])
        member = MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user
        moderator = UserFactory()
        grant(moderator, SiteRole.MODERATOR)
        project = ProjectFactory(lead_agent=lead, state=ProjectState.ACTIVE, is_featured=True)
        site = Site(member=member, moderator=moderator, project=project, session=session_in_state(lipetsk, "open"))
        _link_to_the_data_bank(project, regions[0])
    lead = site.project.lead_agent
    lipetsk = next(region for region in regions if region.iso_code == "RU-LIP")
    for index in range(rounds):
        region = regions[index % len(regions)]
        agent = AgentFactory(region=region)
        MembershipFactory(agent=agent)
        featured = ProjectFactory(lead_agent=agent, state=ProjectState.ACTIVE, is_featured=True)
        ProjectTransition.objects.create(
            project=featured, actor=site.moderator, from_state=ProjectState.SUBMITTED, to_state=ProjectState.PUBLISHED
        )
        ParticipantFactory(project=featured, agent=lead)
        ParticipantFactory(project=site.project, agent=agent)
        ParticipantFactory(project=site.project, agent=AgentFactory(region=region), status=ParticipantStatus.APPLIED)
        ProjectFactory(lead_agent=agent, state=ProjectState.SUBMITTED)
        AgentFactory(region=region, is_verified=False)
        comment = CommentFactory(project=site.project)
        CommentFactory(project=site.project, parent=comment)
        ReportFactory(project=featured)
        NotificationFactory(recipient=site.member)
        ExpertInvitationFactory(project=site.project, expert=ExpertProfileFactory(region=region), status="accepted")
        InteractionFactory(participants=[lead, agent])
        StructureFactory(
            # Lipetsk (the dashboard's region) is in each, so the small site already lists structures
            member_regions=[lipetsk, region] if region != lipetsk else [lipetsk, regions[0]],
            member_agents=[lead, agent],
            status="proposed" if index % 2 else "confirmed",
            sector=ClassifierItem.objects.get(classifier__code="nace2", code="C"),
        )
        priority_set_create(
            actor=None,
            region=lipetsk,
            title=f"Стратегия {index}",
            year=2024,
            items=list(ClassifierItem.objects.filter(classifier__code="nace2", code__in=("C", "J"))),
            check_permission=False,
        )
        session_in_state(region, ("open", "closed")[index % 2])  # the sessions list grows across regions
        rater = AgentFactory(region=lipetsk, helix="science")
        for item in site.session.items.all():
            SessionRating.objects.create(
                session_item=item, agent=rater, helix="science", score=3, comment="Да", rated_at=timezone.now()
            )
    index_rebuild()  # the factories write rows directly: the search index learns of them here
    return site


def _link_to_the_data_bank(project, region) -> None:
    """An indicator of the project linked to the region's innovation activity (the roll-up and monitoring pages)."""
    dataset = Dataset.objects.create(code="rosstat-innovation-activity", name_en="IA", name_ru="ИА", source="Rosstat")
    for year in (2016, 2020):
        RegionalStatistic.objects.create(
            dataset=dataset, series=RegionalSeries.INNOVATION_ACTIVITY, region=region, year=year, value=10.0
        )
    indicator = IndicatorFactory(effect=EffectFactory(project=project))
    Indicator.objects.filter(pk=indicator.pk).update(series="innovation_activity", series_region=region)


def pages(site: Site) -> dict[str, tuple[str, object | None]]:
    """``name: (url, visitor)`` of every measured page (``None``: an anonymous visitor)."""
    return {
        "home_anonymous": ("/", None),
        "home_signed_in": ("/", site.member),
        "project_list": ("/projects/", None),
        "project_detail": (f"/projects/{site.project.pk}/", site.member),
        "project_detail_anonymous": (f"/projects/{site.project.pk}/", None),
        "project_monitoring": (f"/projects/{site.project.pk}/monitoring/", site.member),
        "my_projects": ("/projects/mine/", site.member),
        "agent_list": ("/agents/", None),
        "agent_detail": (f"/agents/{site.project.lead_agent_id}/", site.member),
        "expert_list": ("/experts/", None),
        "region_list": ("/regions/", None),
        "search": ("/search/", None),  # every document, the facets counted
        "levels_region_dashboard": ("/cooperation/regions/RU-LIP/", site.member),
        "levels_network": ("/cooperation/network/", site.member),
        "levels_interactions": ("/cooperation/interactions/", site.member),
        "levels_pair": ("/cooperation/pairs/RU-LIP/RU-VOR/", site.member),
        "levels_interactions_to_confirm": ("/cooperation/interactions/to-confirm/", site.member),
        "analytics_region": ("/analytics/regions/RU-LIP/", None),
        "search_cell": ("/search/cells/RU-LIP/nace2/C/", None),  # a matrix cell: has, lacks, suppliers
        "monitoring_region_rollup": (f"/monitoring/regions/{site.project.lead_agent.region.iso_code}/", None),
        "analytics_macroregion": ("/analytics/macroregions/central-black-earth/", None),
        "project_moderation_queue": ("/projects/moderation/", site.moderator),
        "agent_moderation_queue": ("/agents/moderation/", site.moderator),
        "report_queue": ("/moderation/reports/", site.moderator),
        "notifications": ("/notifications/", site.member),
        "levels_structures": ("/cooperation/structures/", site.moderator),
        "structure_moderation_queue": ("/cooperation/structures/moderation/", site.moderator),
        "alliance_builder": ("/cooperation/alliances/?section=C", site.member),
        "competence_watches": ("/search/watches/", site.member),
        "strategy_country": ("/strategy/", None),
        "strategy_region": ("/strategy/regions/RU-LIP/", None),
        "strategy_session": (f"/strategy/sessions/{site.session.pk}/", site.moderator),
        "strategy_sessions": ("/strategy/sessions/", site.member),
    }


def measure(site: Site) -> dict[str, int]:
    """The number of queries of each page, each requested with an empty cache after a warming request."""
    counts = {}
    for name, (url, visitor) in pages(site).items():
        client = Client()
        if visitor is not None:
            client.force_login(visitor)
        assert client.get(url).status_code == 200, name  # warms the process's memos (content types, templates)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries.captured_queries)
    return counts


def read_baseline() -> dict[str, dict[str, int]]:
    if not BASELINE_PATH.exists():
        return {}
    return json.loads(BASELINE_PATH.read_text(encoding="utf-8"))


def write_baseline(vendor: str, counts: dict[str, int]) -> None:
    baseline = read_baseline()
    baseline[vendor] = dict(sorted(counts.items()))
    BASELINE_PATH.write_text(json.dumps(baseline, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def test_page_query_counts_match_the_baseline_and_do_not_grow_with_the_data():
    # given a small site, then the same site three times as big
    build_snapshot()
    site = grow(None, rounds=2)
    small = measure(site)
    grow(site, rounds=4)
    large = measure(site)

    # then: no page's count grows with the data ...
    growing = {name: (small[name], large[name]) for name in small if large[name] != small[name]}
    assert not growing, f"queries that grow with the data (N+1), {{page: (small, three times as big)}}: {growing}"

    # ... and every count is the baseline's
    vendor = connection.vendor
    if UPDATE:
        write_baseline(vendor, small)
        return
    expected = read_baseline().get(vendor, {})
    differences = {name: (expected.get(name), small[name]) for name in small if expected.get(name) != small[name]}
    differences |= {name: (count, None) for name, count in expected.items() if name not in small}
    assert not differences, (
        f"query counts differ from {BASELINE_PATH.name} ({vendor}), {{page: (baseline, now)}}: {differences}. "
        "If the change is intended, rewrite the baseline with UPDATE_QUERY_COUNTS=1 (see this module's docstring)."
    )
