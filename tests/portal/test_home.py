"""The living-laboratory home: what is alive on the portal, and what awaits the signed-in user.

Featured and newly opened projects for everyone (only those the visitor may see); recent interactions
and regions that reached a new level for signed-in users; the user's agents' projects and pending
invitations. The page costs the same number of queries with 2 or 20 of everything.
"""

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from itertools import count

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cooperation.choices import AgentRole, ParticipantStatus, ProjectState
from cooperation.models import ProjectTransition
from levels.services import levels_recompute
from portal.selectors import HOME_LIST_LIMIT, HOME_OWN_LIMIT, HOME_PENDING_LIMIT
from regions.models import Region
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory
from tests.experts.factories import ExpertInvitationFactory, ExpertProfileFactory
from tests.levels.factories import InteractionFactory

pytestmark = pytest.mark.django_db


def published(**fields):
    """A project opened for partners through moderation (its transition to *published* is logged)."""
    project = ProjectFactory(state=fields.pop("state", ProjectState.PUBLISHED), **fields)
    ProjectTransition.objects.create(
        project=project, from_state=ProjectState.SUBMITTED, to_state=ProjectState.PUBLISHED
    )
    return project


def section_text(page: str, heading_id: str) -> str:
    """The HTML of the ``<section aria-labelledby=heading_id>`` (up to the next section at any depth)."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}"[^>]*>(.*?)(?=<section|</section>)', page, re.S)
    assert match, f"no section labelled by #{heading_id}"
    return match.group(1)


@pytest.fixture
def member(lipetsk):
    """A user administering a Lipetsk agent."""
    membership = MembershipFactory(
        agent=AgentFactory(region=lipetsk, name="Липецкий технопарк", name_en="Lipetsk Technopark"),
        role=AgentRole.ADMINISTRATOR,
    )
    return membership.user


# --- Featured projects (kept from the projects issue).


def test_featured_public_projects_are_on_the_home_page(client, reference_data):
    featured = ProjectFactory(state=ProjectState.ACTIVE, is_featured=True, title_ru="Агробиотехнологический кластер")
    ProjectFactory(state=ProjectState.ACTIVE, title_ru="Обычный проект")

    page = client.get("/").content.decode()

    assert "Избранные проекты" in page
    assert featured.title_ru in page
    assert "Обычный проект" not in page


def test_hidden_or_draft_projects_are_never_featured(client, reference_data):
    ProjectFactory(state=ProjectState.ACTIVE, is_featured=True, is_hidden=True, title_ru="Скрытый проект")
    ProjectFactory(state=ProjectState.DRAFT, is_featured=True, title_ru="Черновик")

    page = client.get("/").content.decode()

    assert "Скрытый проект" not in page
    assert "Черновик" not in page
    assert "Избранные проекты" not in page


# --- Newly opened projects.


def test_newly_published_projects_are_listed_newest_first_with_their_regions(client, lipetsk, voronezh):
    older = published(title_ru="Старый открытый проект", lead_agent=AgentFactory(region=lipetsk))
    ProjectTransition.objects.filter(project=older).update(created_at=timezone.now() - timedelta(days=30))
    newer = published(title_ru="Новый открытый проект", lead_agent=AgentFactory(region=lipetsk))
    ParticipantFactory(project=newer, agent=AgentFactory(region=voronezh))

    new_section = section_text(client.get("/").content.decode(), "new-projects-heading")

    assert new_section.index("Новый открытый проект") < new_section.index("Старый открытый проект")
    assert "Воронежская область" in new_section and "Липецкая область" in new_section


def test_projects_not_open_or_hidden_are_not_newly_opened(client, reference_data):
    published(title_ru="Скрытый открытый", is_hidden=True)
    published(title_ru="Завершённый", state=ProjectState.COMPLETED)
    ProjectFactory(state=ProjectState.PUBLISHED, title_ru="Без журнала")  # no logged publication

    page = client.get("/").content.decode()

    assert 'id="new-projects-heading"' not in page
    for title in ("Скрытый открытый", "Завершённый", "Без журнала"):
        assert title not in page


def test_a_running_project_is_not_listed_as_newly_opened(client, reference_data):
    # Published, then started: it no longer waits for partners, however recent its publication.
    published(title_ru="Уже идущий проект", state=ProjectState.ACTIVE)
    published(title_ru="Ждёт партнёров")

    new_section = section_text(client.get("/").content.decode(), "new-projects-heading")

    assert "Ждёт партнёров" in new_section
    assert "Уже идущий проект" not in new_section


def test_a_featured_project_is_not_repeated_among_the_new_ones(client, reference_data):
    published(title_ru="Избранный и новый", is_featured=True)

    page = client.get("/").content.decode()

    assert page.count("Избранный и новый") == 1


# --- Interactions and levels.


def test_signed_in_users_see_recent_interactions_that_count_and_regions_that_reached_a_level(
    client, lipetsk, voronezh, member
):
    lip, vor = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    InteractionFactory(title="Форум Черноземья", participants=[lip, vor], occurred_on=date(2025, 5, 28))
    InteractionFactory(title="Отозванная встреча", participants=[lip, vor], is_withdrawn=True)
    InteractionFactory(title="Неподтверждённая встреча", participants=[lip, vor], status="pending")
    levels_recompute(as_of=timezone.localdate())
    client.force_login(member)

    page = client.get("/").content.decode()

    interactions = section_text(page, "interactions-heading")
    assert "Форум Черноземья" in interactions
    assert "Отозванная встреча" not in page
    assert "Неподтверждённая встреча" not in page  # one side's word: it does not count yet
    assert (
        "Воронежская область, Липецкая область" in interactions
        or "Липецкая область, Воронежская область" in interactions
    )
    levels = section_text(page, "levels-heading")
    assert "Липецкая область" in levels and "Воронежская область" in levels
    assert "Уровень 1 — Информационный" in levels
    assert "28.05.2025" in levels
    assert "/cooperation/regions/RU-LIP/" in levels


def test_anonymous_visitors_are_invited_to_log_in_for_interactions_and_levels(client, lipetsk, voronezh):
    InteractionFactory(
        title="Форум Черноземья", participants=[AgentFactory(region=lipetsk), AgentFactory(region=voronezh)]
    )
    levels_recompute(as_of=timezone.localdate())

    page = client.get("/").content.decode()

    assert "Форум Черноземья" not in page
    assert 'id="interactions-heading"' not in page
    assert "/accounts/login/" in section_text(page, "levels-heading")


def test_anonymous_visitors_are_told_what_the_living_laboratory_and_its_four_levels_are(client, reference_data):
    about = section_text(client.get("/").content.decode(), "about-heading")

    assert "живая лаборатория" in about
    for level in ("Информационный", "Экспертный", "Проектный", "Интегрированный"):
        assert level in about
    # Links to the public pages, without logging in.
    for url in ("/agents/", "/projects/", "/regions/", "/analytics/map/"):
        assert f'href="{url}' in about


# --- The signed-in user's own part.


def test_a_member_sees_the_projects_of_their_agents_with_their_state(client, member):
    agent = member.agent_memberships.get().agent
    ProjectFactory(lead_agent=agent, title_ru="Наш черновик")
    joined = ProjectFactory(state=ProjectState.ACTIVE, title_ru="Проект партнёра")
    ParticipantFactory(project=joined, agent=agent)
    ProjectFactory(state=ProjectState.ACTIVE, title_ru="Чужой проект")
    client.force_login(member)

    mine = section_text(client.get("/").content.decode(), "my-projects-heading")

    assert "Наш черновик" in mine and "Черновик" in mine
    assert "Проект партнёра" in mine and "Реализуется" in mine
    assert "Чужой проект" not in mine


def test_a_member_sees_what_awaits_their_answer(client, member, voronezh):
    agent = member.agent_memberships.get().agent
    inviting = published(title_ru="Проект, который приглашает", lead_agent=AgentFactory(region=voronezh))
    ParticipantFactory(project=inviting, agent=agent, status=ParticipantStatus.INVITED)
    own = published(title_ru="Наш открытый проект", lead_agent=agent)
    ParticipantFactory(
        project=own,
        agent=AgentFactory(region=voronezh, name="Воронежский заявитель", name_en="Voronezh Applicant"),
        status=ParticipantStatus.APPLIED,
    )
    expertise = ExpertInvitationFactory(
        expert=ExpertProfileFactory(user=member), project=published(title_ru="Проект для эксперта")
    )
    client.force_login(member)

    pending = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")

    assert f'href="/projects/{inviting.pk}/"' in pending
    assert "Voronezh Applicant" in pending and f'href="/projects/{own.pk}/"' in pending
    assert f'href="/projects/{expertise.project.pk}/"' in pending and 'href="/experts/invitations/"' in pending
    assert "Nothing awaits your answer." not in pending


def test_nobody_sees_another_users_invitations(client, member, make_user, voronezh):
    agent = member.agent_memberships.get().agent
    ParticipantFactory(
        project=published(title_ru="Приглашение не вам", lead_agent=AgentFactory(region=voronezh)),
        agent=agent,
        status=ParticipantStatus.INVITED,
    )
    client.force_login(make_user())

    pending = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")

    # the project itself is public and new: it may appear among the new projects, never as an invitation
    assert "Nothing awaits your answer." in pending
    assert "Приглашение не вам" not in pending


def test_a_representative_is_not_asked_to_answer_invitations_only_administrators_decide(client, lipetsk, voronezh):
    representative = MembershipFactory(agent=AgentFactory(region=lipetsk), role=AgentRole.REPRESENTATIVE)
    ParticipantFactory(
        project=published(lead_agent=AgentFactory(region=voronezh)),
        agent=representative.agent,
        status=ParticipantStatus.INVITED,
    )
    client.force_login(representative.user)

    pending = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")

    assert "Nothing awaits your answer." in pending


def test_the_home_page_speaks_english_too(client, member):
    client.force_login(member)

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for heading in ("Your Spiral", "Awaiting your answer", "Projects of your organisations", "Recent interactions"):
        assert heading in page


# --- Accessibility: headings in order, every section named by its heading.


class _Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.levels: list[int] = []
        self.ids: set[str] = set()
        self.labelled_by: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        if tag == "section":
            self.labelled_by.append(attributes.get("aria-labelledby"))


@pytest.mark.parametrize("signed_in", [False, True])
def test_headings_go_down_one_level_at_a_time_and_every_section_is_labelled(client, member, signed_in):
    populate(3, member)
    if signed_in:
        client.force_login(member)
    outline = _Outline()

    outline.feed(client.get("/").content.decode())

    assert outline.levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(outline.levels, outline.levels[1:], strict=False)), outline.levels
    assert outline.labelled_by and all(label in outline.ids for label in outline.labelled_by)


# --- A fixed number of queries whatever the data size.

_serial = count()


def populate(n: int, user) -> None:
    """``n`` of everything the home page shows, for everyone and for ``user`` (who administers one agent)."""
    regions = list(Region.objects.order_by("sort_order")[:40])
    own_agent = user.agent_memberships.get().agent
    for _ in range(n):
        number = next(_serial)
        here, there = regions[number % 40], regions[(number + 7) % 40]
        lead, partner = AgentFactory(region=here), AgentFactory(region=there)
        ProjectFactory(state=ProjectState.ACTIVE, is_featured=True, lead_agent=lead)
        opened = published(lead_agent=lead)
        ParticipantFactory(project=opened, agent=partner)
        InteractionFactory(participants=[lead, partner], occurred_on=date(2025, 1, 1) + timedelta(days=number))
        ParticipantFactory(project=opened, agent=own_agent, status=ParticipantStatus.INVITED)
        own = published(lead_agent=own_agent)
        ParticipantFactory(project=own, agent=AgentFactory(region=there), status=ParticipantStatus.APPLIED)
        ParticipantFactory(project=ProjectFactory(state=ProjectState.ACTIVE, lead_agent=partner), agent=own_agent)
        expert = getattr(user, "expert_profile", None) or ExpertProfileFactory(user=user)
        ExpertInvitationFactory(expert=expert, project=published(lead_agent=partner))
    levels_recompute(as_of=timezone.localdate())


def home_queries(client) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response.content.decode()


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_home_page_costs_the_same_queries_with_2_or_20_of_everything(client, member, signed_in):
    if signed_in:
        client.force_login(member)
    populate(2, member)
    client.get("/")  # warm the per-process caches (content types, translations)

    cache.clear()  # the feed is read, not served from the cache
    few, _page = home_queries(client)
    few_cached, _page = home_queries(client)
    populate(18, member)
    cache.clear()
    many, page = home_queries(client)
    many_cached, _page = home_queries(client)

    assert len(many) == len(few), many
    assert len(few) <= (22 if signed_in else 6)  # + the counts of interactions and consultations awaiting
    assert len(many_cached) == len(few_cached) < len(few)
    # the lists are bounded: 20 of everything does not mean 20 items of each on the home page
    # (new projects; interactions and levels when signed in; one's projects and 3 kinds pending; the 4 helices)
    lists = (3 * HOME_LIST_LIMIT + HOME_OWN_LIMIT + 3 * HOME_PENDING_LIMIT) if signed_in else HOME_LIST_LIMIT
    assert page.count('class="list-group-item') == lists + 4


def test_an_anonymous_visit_is_served_from_the_cached_feed_without_a_query(client, member):
    populate(2, member)
    client.get("/")

    queries, page = home_queries(client)

    assert queries == []
    assert "Избранные проекты" in page


def test_the_cached_feed_is_the_same_for_every_signed_in_user_but_their_own_part_is_not(
    client, member, make_user, voronezh
):
    agent = member.agent_memberships.get().agent
    invitation = ParticipantFactory(
        project=published(title_ru="Приглашающий проект", lead_agent=AgentFactory(region=voronezh)),
        agent=agent,
        status=ParticipantStatus.INVITED,
    )
    client.force_login(make_user())
    client.get("/")  # caches the signed-in feed
    client.force_login(member)

    before = section_text(client.get("/").content.decode(), "pending-heading")
    invitation.status = ParticipantStatus.ACCEPTED
    invitation.save(update_fields=["status"])
    after = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")

    assert "Приглашающий проект" in before
    assert "Nothing awaits your answer." in after


def test_the_users_own_part_is_cached_until_a_write_of_what_it_shows(
    client, member, voronezh, django_capture_on_commit_callbacks
):
    agent = member.agent_memberships.get().agent
    invitation = ParticipantFactory(
        project=published(title_ru="Приглашающий проект", lead_agent=AgentFactory(region=voronezh)),
        agent=agent,
        status=ParticipantStatus.INVITED,
    )
    client.force_login(member)
    client.get("/")

    # a second visit reads neither their projects nor what awaits them
    queries, page = home_queries(client)
    assert "Приглашающий проект" in section_text(page, "pending-heading")
    assert not any("cooperation_projectparticipant" in sql for sql in queries), queries

    # once the invitation is answered (and the answer committed), the next visit shows it, same language
    with django_capture_on_commit_callbacks(execute=True):
        invitation.status = ParticipantStatus.ACCEPTED
        invitation.save(update_fields=["status"])
    pending = section_text(client.get("/").content.decode(), "pending-heading")
    assert "Приглашающий проект" not in pending


def test_a_saved_search_alert_shows_on_the_home_page_at_once(client, member, django_capture_on_commit_callbacks):
    from search.services import index_refresh, saved_search_create
    from search.services.saved_searches import saved_search_alerts

    saved_search_create(actor=member, name="Технопарки", query="q=технопарк", alerts_enabled=True)
    agent = AgentFactory(name="Курский технопарк", name_en="Kursk Technopark", is_verified=True)
    client.force_login(member)
    assert "Курский технопарк" not in client.get("/").content.decode()  # cached now, without the match

    # the alert records its matches in bulk (no signal): it says itself that the users' parts changed
    index_refresh(refs=[("agent", agent.pk)])
    with django_capture_on_commit_callbacks(execute=True):
        assert saved_search_alerts(refs=[("agent", agent.pk)]) == 1

    assert "Курский технопарк" in client.get("/").content.decode()


# --- Work queues: what a coordinator must confirm and what a moderator must decide is on the home page
# (a walk-through found "Nothing awaits your answer" beside a pending interaction and a proposed structure).


def test_a_coordinator_sees_the_interactions_awaiting_their_confirmation(client, make_user, lipetsk, voronezh):
    from accounts.choices import SiteRole
    from levels.choices import InteractionStatus

    coordinator = make_user(SiteRole.COORDINATOR, region=voronezh)
    InteractionFactory(
        status=InteractionStatus.PENDING,
        recorder_region=lipetsk,
        participants=[AgentFactory(region=lipetsk), AgentFactory(region=voronezh)],
    )
    client.force_login(coordinator)

    pending = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")

    assert "1 interaction awaits your confirmation" in pending
    assert 'href="/cooperation/interactions/to-confirm/"' in pending
    assert "Nothing awaits your answer." not in pending


def test_a_moderator_sees_the_queues_with_their_counts_and_an_empty_queue_is_not_listed(
    client, make_user, lipetsk, voronezh
):
    from accounts.choices import SiteRole
    from levels.choices import StructureStatus
    from tests.levels.factories import StructureFactory

    moderator = make_user(SiteRole.MODERATOR)
    AgentFactory(region=lipetsk, is_verified=False)
    AgentFactory(region=voronezh, is_verified=False)
    StructureFactory(status=StructureStatus.PROPOSED, member_regions=[lipetsk, voronezh])
    client.force_login(moderator)

    page = client.get("/").content.decode()
    pending = section_text(page, "pending-heading")

    assert "2 организации ждут проверки" in pending
    assert 'href="/agents/moderation/"' in pending
    assert "1 структура ждёт подтверждения" in pending
    assert 'href="/cooperation/structures/moderation/"' in pending
    assert "/projects/moderation/" not in pending  # no project is submitted


def test_a_user_without_a_role_sees_no_queue(client, member):
    client.force_login(member)
    pending = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")
    assert "Nothing awaits your answer." in pending
    assert "moderation" not in pending


def test_the_queue_counts_follow_a_confirmation(
    client, make_user, lipetsk, voronezh, django_capture_on_commit_callbacks
):
    from accounts.choices import SiteRole
    from levels.choices import InteractionStatus

    coordinator = make_user(SiteRole.COORDINATOR, region=voronezh)
    with django_capture_on_commit_callbacks(execute=True):
        interaction = InteractionFactory(
            status=InteractionStatus.PENDING,
            recorder_region=lipetsk,
            participants=[AgentFactory(region=lipetsk), AgentFactory(region=voronezh)],
        )
    client.force_login(coordinator)
    assert "awaits your confirmation" in section_text(
        client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading"
    )
    with django_capture_on_commit_callbacks(execute=True):
        interaction.status = InteractionStatus.CONFIRMED
        interaction.save(update_fields=["status"])
    pending = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")
    assert "awaits your confirmation" not in pending


def test_a_representative_sees_the_consultations_awaiting_a_step_of_their_agent(client, member, reference_data):
    from tests.experts.factories import ConsultationFactory

    agent = member.agent_memberships.get().agent  # in Lipetsk
    ConsultationFactory(advising_agent=agent, advised_agent=AgentFactory(region=Region.objects.get(iso_code="RU-VOR")))
    client.force_login(member)

    pending = section_text(client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), "pending-heading")

    assert "1 consultation awaits a step of yours" in pending
    assert 'href="/experts/consultations/"' in pending
