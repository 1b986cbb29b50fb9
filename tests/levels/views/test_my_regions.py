"""A regional coordinator's "My regions" (issue #12: "coordinators have no 'my regions' entry"): an entry in the
user menu and a page listing each region they coordinate with its page, its dashboard and what awaits them there."""

import re

import pytest

from accounts.choices import SiteRole
from levels.choices import StructureStatus
from regions.models import Region
from tests.accounts.factories import grant
from tests.cooperation.factories import AgentFactory
from tests.levels.factories import InteractionFactory, StructureFactory
from tests.strategy.factories import session_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def regions():
    return (Region.objects.get(iso_code=code) for code in ("RU-LIP", "RU-VOR", "RU-TAM"))


def test_the_user_menu_offers_my_regions_to_coordinators_only(client, make_user, regions):
    lipetsk, *_ = regions
    client.force_login(make_user())
    assert "/cooperation/my-regions/" not in client.get("/").content.decode()

    client.force_login(make_user(SiteRole.COORDINATOR, region=lipetsk))
    page = client.get("/").content.decode()

    assert 'href="/cooperation/my-regions/"' in page and "Мои регионы" in page


def test_my_regions_lists_each_region_with_its_links_and_what_awaits(client, make_user, regions):
    lipetsk, voronezh, tambov = regions
    coordinator = make_user(SiteRole.COORDINATOR, region=lipetsk)
    lip, vor = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    # recorded in Voronezh with a Lipetsk agent: Lipetsk's side confirms it
    InteractionFactory(participants=[lip, vor], recorder_region=voronezh, status="pending")
    InteractionFactory(participants=[lip, vor], recorder_region=voronezh, status="pending")
    InteractionFactory(participants=[lip, vor], recorder_region=lipetsk, status="pending")  # Voronezh's to confirm
    StructureFactory(member_regions=[lipetsk, voronezh], status=StructureStatus.PROPOSED, name_ru="Агрокластер")
    StructureFactory(member_regions=[voronezh, tambov], status=StructureStatus.PROPOSED, name_ru="Чужой альянс")
    session = session_in_state(lipetsk, "open", coordinator=coordinator)
    client.force_login(coordinator)

    html = client.get("/cooperation/my-regions/").content.decode()

    assert "Мои регионы" in html and "Липецкая область" in html and "Воронежская область" not in html
    assert 'href="/regions/RU-LIP/"' in html and 'href="/cooperation/regions/RU-LIP/"' in html
    assert 'href="/strategy/regions/RU-LIP/"' in html
    assert "2 взаимодействия ждут подтверждения" in html and 'href="/cooperation/interactions/to-confirm/"' in html
    assert "Агрокластер" in html and "Чужой альянс" not in html
    assert f'href="{session.get_absolute_url()}"' in html


def test_a_user_who_coordinates_nothing_is_told_so(client, make_user):
    client.force_login(make_user())

    response = client.get("/cooperation/my-regions/")

    assert response.status_code == 200 and "Вы не координируете ни один регион." in response.content.decode()


def test_my_regions_counts_the_interactions_the_to_confirm_page_lists(client, make_user, regions):
    """One selector for both pages: an interaction the coordinator recorded is not theirs to confirm, on either."""
    lipetsk, voronezh, _tambov = regions
    coordinator = make_user(SiteRole.COORDINATOR, region=lipetsk)
    grant(coordinator, SiteRole.COORDINATOR, region=voronezh)
    lip, vor = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    other = make_user()
    # recorded in Voronezh with a Lipetsk agent: Lipetsk's side confirms the one someone else recorded...
    theirs = InteractionFactory(participants=[lip, vor], recorder_region=voronezh, status="pending", recorded_by=other)
    # ...but not the one the coordinator recorded on Voronezh's behalf (the rule: never the recorder)
    InteractionFactory(participants=[lip, vor], recorder_region=voronezh, status="pending", recorded_by=coordinator)
    client.force_login(coordinator)

    my_regions = client.get("/cooperation/my-regions/").content.decode()
    to_confirm = client.get("/cooperation/interactions/to-confirm/").context["interactions"]

    assert [interaction.pk for interaction in to_confirm] == [theirs.pk]
    assert "1 взаимодействие ждёт подтверждения" in my_regions
    assert "2 взаимодействия ждут подтверждения" not in my_regions


def test_the_confirmation_dialog_names_the_interaction_so_that_the_russian_verb_agrees(client, make_user, regions):
    # Issue #12 (walk of the coordinator's journey): the dialog read "подтверждает, что «Семинар…» состоялось",
    # a neuter verb after a masculine title; it now says what is confirmed: "что взаимодействие «…» состоялось".
    lipetsk, voronezh, _tambov = regions
    coordinator = make_user(SiteRole.COORDINATOR, region=lipetsk)
    lip, vor = AgentFactory(region=lipetsk), AgentFactory(region=voronezh)
    InteractionFactory(
        participants=[lip, vor], recorder_region=voronezh, status="pending", title="Семинар по агробиотехнологиям"
    )
    client.force_login(coordinator)

    html = client.get("/cooperation/interactions/to-confirm/").content.decode()

    assert "Ваша сторона подтверждает, что взаимодействие «Семинар по агробиотехнологиям» состоялось" in html


def test_the_navbar_marks_the_user_menu_not_analytics_on_my_regions(client, make_user, regions):
    # Walk-through of issue #12: "My regions" lit up "Аналитика" (and its "Cooperation levels") although the page
    # belongs to the user menu.
    lipetsk, *_ = regions
    client.force_login(make_user(SiteRole.COORDINATOR, region=lipetsk))

    html = client.get("/cooperation/my-regions/").content.decode()

    current = re.findall(r'<a [^>]*aria-current="page"[^>]*>([^<]*)</a>', html)
    assert current == ["Мои регионы"]
    active_toggles = [
        re.sub(r"<[^>]+>", "", label)  # the account menu's name is in a span (a long e-mail is shortened)
        for label in re.findall(r'<button class="nav-link dropdown-toggle active"[^>]*>(.*?)</button>', html)
    ]
    assert active_toggles and "Аналитика" not in active_toggles
