from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.choices import ProjectState
from experts.choices import InvitationStatus
from levels.choices import StructureStatus
from levels.services import levels_recompute
from regions.models import Region
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import AgentFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertInvitationFactory
from tests.levels.factories import InteractionFactory, StructureFactory

pytestmark = pytest.mark.django_db


def get(client, url, user, language="en"):
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language)


@pytest.fixture
def evidence(lipetsk, voronezh, tambov, lipetsk_agent, voronezh_agent, tambov_agent):
    """Lipetsk: an exchange with Voronezh and Tambov (2024), a joint project with Voronezh, an alliance with both."""
    exchange = InteractionFactory(
        title="Конференция по агробиотехнологиям",
        participants=[lipetsk_agent, voronezh_agent, tambov_agent],
        occurred_on=date(2024, 3, 1),
        cooperation_types=["scientific", "educational"],
    )
    project = ProjectFactory(lead_agent=lipetsk_agent, state=ProjectState.ACTIVE, title_en="Joint seed lab")
    ParticipantFactory(project=project, agent=voronezh_agent)
    alliance = StructureFactory(name_en="Black Earth alliance", member_regions=[lipetsk, voronezh])
    levels_recompute(as_of=timezone.localdate())
    return {"exchange": exchange, "project": project, "alliance": alliance}


def test_anonymous_users_are_sent_to_log_in(client, lipetsk):
    response = client.get("/cooperation/regions/RU-LIP/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_region_is_not_found(client, outsider):
    assert get(client, "/cooperation/regions/RU-XXX/", outsider).status_code == 404


def test_the_dashboard_shows_level_partners_evidence_types_and_next_steps(client, outsider, evidence):
    # when any signed-in user opens Lipetsk's dashboard
    response = get(client, "/cooperation/regions/ru-lip/", outsider)
    html = response.content.decode()
    # then the region's level, with the rule in plain words
    assert response.status_code == 200
    assert "Level 4 — Integrated" in html
    assert "Both regions are members of an interregional alliance" in html
    assert "Held with:" in html
    # its progress over time: a chart with a table alternative
    assert 'role="img"' in html and 'data-level-chart="level-chart-data"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "Changes of the level" in html
    # its partners with the level of each pair
    assert "Voronezh Oblast" in html or "Воронежская область" in html
    partners = response.context["overview"]["partners"]
    assert [(row["region"].iso_code, row["level"]) for row in partners] == [("RU-VOR", 4), ("RU-TAM", 1)]
    assert partners[1]["firsts"] == [date(2024, 3, 1), None, None, None]
    # the evidence, with links
    assert evidence["exchange"].get_absolute_url() in html
    assert evidence["project"].get_absolute_url() in html
    assert evidence["alliance"].get_absolute_url() in html
    # the types of cooperation used
    assert [row["value"] for row in response.context["overview"]["types_used"]] == ["scientific", "educational"]
    # and what would take it further: the region has never had an expert from a partner region
    texts = [hint["text"] for hint in response.context["overview"]["hints"]]
    assert any(text.startswith("No expert from a partner region has been involved yet") for text in texts)


def test_a_region_without_cooperation_is_told_where_to_start(client, outsider, reference_data):
    html = get(client, "/cooperation/regions/RU-NVS/", outsider).content.decode()
    assert "No cooperation yet" in html
    assert "No information exchange with another region has been recorded yet" in html
    assert "data-level-chart" not in html


def test_the_dashboard_is_in_russian_by_default(client, outsider, evidence):
    client.force_login(outsider)
    html = client.get("/cooperation/regions/RU-LIP/").content.decode()
    assert 'lang="ru"' in html


def test_hidden_projects_are_not_listed_to_outsiders(client, outsider, evidence):
    project = evidence["project"]
    project.is_hidden = True
    project.save(update_fields=["is_hidden"])
    html = get(client, "/cooperation/regions/RU-LIP/", outsider).content.decode()
    assert project.get_absolute_url() not in html.split('id="evidence-heading"')[1]


def test_the_dashboard_takes_a_fixed_number_of_queries(client, lipetsk, lipetsk_agent, reference_data):
    viewer = UserFactory()
    client.force_login(viewer)
    regions = list(Region.objects.exclude(pk=lipetsk.pk).order_by("pk"))

    def grow(start, count):
        for region in regions[start : start + count]:
            agent = AgentFactory(region=region)
            InteractionFactory(participants=[lipetsk_agent, agent], cooperation_types=["production"])
            project = ProjectFactory(lead_agent=agent, state=ProjectState.COMPLETED)
            ParticipantFactory(project=project, agent=lipetsk_agent)
            ExpertInvitationFactory(project=project, status=InvitationStatus.ACCEPTED)
            StructureFactory(member_regions=[lipetsk, region])
        levels_recompute(as_of=timezone.localdate())

    def page_queries():
        """The queries of a page built from scratch (cache emptied) and of the next one (cached)."""
        cache.clear()
        with CaptureQueriesContext(connection) as built:
            response = client.get("/cooperation/regions/RU-LIP/")
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as cached:
            assert client.get("/cooperation/regions/RU-LIP/").status_code == 200
        return response, [query["sql"] for query in built.captured_queries], [q["sql"] for q in cached.captured_queries]

    grow(0, 2)
    client.get("/cooperation/regions/RU-LIP/")  # warm caches (content types, the map)
    _response, small, small_cached = page_queries()
    grow(2, 10)
    response, large, large_cached = page_queries()
    assert len(response.context["overview"]["partners"]) > 10
    assert len(large) == len(small)
    assert len(large_cached) == len(small_cached)
    # a cached page reads only the viewer's own bits, not the levels nor the evidence
    assert len(large_cached) < len(large)
    assert not any("levels_pair" in sql or "levels_regionlevel" in sql for sql in large_cached)


def test_the_cached_dashboard_shows_a_new_level_at_once(client, outsider, evidence, lipetsk_agent, reference_data):
    get(client, "/cooperation/regions/RU-LIP/", outsider)  # cached now
    kursk_agent = AgentFactory(region=Region.objects.get(iso_code="RU-KRS"))
    InteractionFactory(participants=[lipetsk_agent, kursk_agent], occurred_on=date(2025, 1, 10))
    levels_recompute(as_of=timezone.localdate())
    response = get(client, "/cooperation/regions/RU-LIP/", outsider)
    assert "RU-KRS" in [row["region"].iso_code for row in response.context["overview"]["partners"]]
    assert "/cooperation/regions/RU-KRS/" in response.content.decode()


def test_each_audience_sees_its_own_evidence_lists(client, outsider, moderator, evidence):
    # a moderator hid the joint project: the staff still see it listed, other users do not, even from the cache
    project = evidence["project"]
    project.is_hidden = True
    project.save(update_fields=["is_hidden"])
    for viewer, listed in [(moderator, True), (outsider, False), (moderator, True), (outsider, False)]:
        html = get(client, "/cooperation/regions/RU-LIP/", viewer).content.decode()
        assert (project.get_absolute_url() in html.split('id="evidence-heading"')[1]) is listed, viewer


def test_a_proposal_is_shown_to_its_proposer_only(client, outsider, evidence, lipetsk, voronezh):
    proposer = UserFactory()
    proposal = StructureFactory(
        name_en="Proposed seed cluster",
        member_regions=[lipetsk, voronezh],
        status=StructureStatus.PROPOSED,
        proposed_by=proposer,
    )
    get(client, "/cooperation/regions/RU-LIP/", outsider)  # the shared parts are cached by another user
    mine = get(client, "/cooperation/regions/RU-LIP/", proposer).content.decode()
    assert proposal.get_absolute_url() in mine
    theirs = get(client, "/cooperation/regions/RU-LIP/", outsider).content.decode()
    assert proposal.get_absolute_url() not in theirs


def test_confirmed_consultations_are_listed_as_level_2_evidence(client, outsider, lipetsk, voronezh):
    """A confirmed consultation is evidence of level 2 (review of #12: the evidence list had no section for it);
    one that is only completed, or disputed, counts for nothing and is not listed."""
    from tests.experts.factories import ConsultationFactory

    confirmed = ConsultationFactory(status="confirmed", subject="Стратегия агрокластера")
    ConsultationFactory(status="completed", subject="Ещё не подтверждена")
    ConsultationFactory(status="disputed", subject="Оспорена")
    levels_recompute(as_of=timezone.localdate())

    response = get(client, "/cooperation/regions/RU-VOR/", outsider)
    evidence_html = response.content.decode().split('id="evidence-heading"')[1]

    assert "Consultations (1)" in evidence_html
    assert confirmed.get_absolute_url() in evidence_html and "Стратегия агрокластера" in evidence_html
    assert "Ещё не подтверждена" not in evidence_html and "Оспорена" not in evidence_html
