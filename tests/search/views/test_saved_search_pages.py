"""Saved searches: the list, rename, delete, alerts on/off; another user's saved search is not found."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from search.models import SavedSearch, SavedSearchMatch
from search.services import index_rebuild
from tests.search.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner(make_user):
    return make_user()


@pytest.fixture
def saved(owner):
    return SavedSearchFactory(user=owner, name="Кластеры", query="q=%D0%BA%D0%BB%D0%B0%D1%81%D1%82%D0%B5%D1%80")


def test_the_list_shows_only_the_users_own_searches(client, owner, saved, make_user):
    SavedSearchFactory(user=make_user(), name="Чужой поиск")
    client.force_login(owner)

    html = client.get(reverse("search:saved-list")).content.decode()

    assert "Кластеры" in html and "Чужой поиск" not in html
    assert f'href="/search/?{saved.query}"' in html
    assert "<caption>" in html and 'scope="col"' in html


def test_rename(client, owner, saved):
    client.force_login(owner)
    url = reverse("search:saved-rename", kwargs={"pk": saved.pk})
    assert client.get(url).status_code == 200

    response = client.post(url, {"name": "Кластеры Черноземья"})

    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.name == "Кластеры Черноземья"


def test_alerts_off_and_on(client, owner, saved):
    client.force_login(owner)
    url = reverse("search:saved-alerts", kwargs={"pk": saved.pk})

    client.post(url, {"alerts": "off"})
    saved.refresh_from_db()
    assert not saved.alerts_enabled
    client.post(url, {"alerts": "on"})
    saved.refresh_from_db()
    assert saved.alerts_enabled
    assert client.get(url).status_code == 405


def test_delete_asks_first(client, owner, saved):
    client.force_login(owner)
    url = reverse("search:saved-delete", kwargs={"pk": saved.pk})
    assert "Кластеры" in client.get(url).content.decode()

    client.post(url)

    assert not SavedSearch.objects.exists()


@pytest.mark.parametrize("name", ["saved-rename", "saved-delete", "saved-alerts"])
def test_another_users_saved_search_is_not_found(client, saved, make_user, name):
    client.force_login(make_user())
    url = reverse(f"search:{name}", kwargs={"pk": saved.pk})
    assert client.post(url, {"name": "x", "alerts": "off"}).status_code == 404
    saved.refresh_from_db()
    assert saved.name == "Кластеры" and saved.alerts_enabled


@pytest.mark.parametrize("name", ["saved-rename", "saved-delete"])
def test_anonymous_visitors_are_sent_to_log_in(client, saved, name):
    response = client.get(reverse(f"search:{name}", kwargs={"pk": saved.pk}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "/accounts/login/" in client.get(reverse("search:saved-list"))["Location"]


def test_home_panel_lists_new_matches_that_are_still_public(rf, corpus, owner, saved):
    SavedSearchMatch.objects.create(
        saved_search=saved, kind="agent", object_id=corpus.agency.pk, title_ru="Агентство", title_en="Agency", url="/a/"
    )
    SavedSearchMatch.objects.create(
        saved_search=saved, kind="agent", object_id=corpus.unverified.pk, title_ru="Скрыт", title_en="Gone", url="/b/"
    )
    index_rebuild()
    request = rf.get("/")
    request.user = owner

    html = Template("{% load search_tags %}{% saved_search_matches_panel %}").render(Context({"request": request}))

    assert "Агентство" in html and "Скрыт" not in html and "Кластеры" in html


def test_home_panel_is_empty_for_users_without_saved_searches(rf, make_user):
    request = rf.get("/")
    request.user = make_user()
    assert (
        Template("{% load search_tags %}{% saved_search_matches_panel %}").render(Context({"request": request})) == ""
    )
