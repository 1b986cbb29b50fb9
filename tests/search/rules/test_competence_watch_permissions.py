"""Who may do what with a competence watch: the table ``competence_watch_permissions.csv`` (role × action),
checked against the rules, the pages and the API.  Another user's watch answers 404 (its existence is private)."""

import csv
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from regions.models import Region
from search.models import CompetenceWatch
from tests.search.factories import CompetenceWatchFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

ACTIONS = ("add", "list", "view", "delete")
with Path(__file__).with_name("competence_watch_permissions.csv").open(encoding="utf-8") as table:
    TABLE = {row["role"]: set(row["allowed"].split()) for row in csv.DictReader(table)}
ROLES = tuple(TABLE)


def _user(role, owner, make_user):
    return {
        "owner": lambda: owner,
        "other user": make_user,
        "moderator": lambda: make_user(SiteRole.MODERATOR),
        "administrator": lambda: make_user(SiteRole.ADMINISTRATOR),
        "anonymous": AnonymousUser,
    }[role]()


@pytest.fixture
def watch(make_user):
    return CompetenceWatchFactory(user=make_user(), region=Region.objects.get(iso_code="RU-LIP"))


@pytest.mark.parametrize("role", ROLES)
def test_rules(role, watch, make_user):
    user = _user(role, watch.user, make_user)
    granted = {
        "add": user.has_perm("search.add_competencewatch"),
        "list": user.has_perm("search.list_competencewatch"),
        "view": user.has_perm("search.view_competencewatch", watch),
        "delete": user.has_perm("search.delete_competencewatch", watch),
    }
    assert {action for action, ok in granted.items() if ok} == TABLE[role]


@pytest.mark.wiring
@pytest.mark.parametrize("role", ROLES)
def test_pages(role, watch, make_user, client):
    user = _user(role, watch.user, make_user)
    if user.is_authenticated:
        client.force_login(user)
    allowed = TABLE[role]
    voronezh = Region.objects.get(iso_code="RU-VOR")

    listed = client.get(reverse("search:watch-list"))
    added = client.post(reverse("search:watch-list"), {"region": voronezh.pk})
    confirm = client.get(reverse("search:watch-delete", args=[watch.pk]))
    deleted = client.post(reverse("search:watch-delete", args=[watch.pk]))

    if "list" in allowed:
        assert listed.status_code == 200
    else:
        assert listed.status_code == 302 and "/accounts/login/" in listed["Location"]
    if "add" in allowed:
        assert added.status_code == 302 and added["Location"] == reverse("search:watch-list")
    else:
        assert added.status_code == 302 and "/accounts/login/" in added["Location"]
    assert CompetenceWatch.objects.filter(region=voronezh).exists() == ("add" in allowed)
    if "delete" in allowed:
        assert confirm.status_code == 200 and deleted.status_code == 302
        assert not CompetenceWatch.objects.filter(pk=watch.pk).exists()
    elif user.is_authenticated:
        assert confirm.status_code == 404 and deleted.status_code == 404
        assert CompetenceWatch.objects.filter(pk=watch.pk).exists()
    else:
        assert confirm.status_code == 302 and deleted.status_code == 302
        assert CompetenceWatch.objects.filter(pk=watch.pk).exists()


@pytest.mark.wiring
@pytest.mark.parametrize("role", ROLES)
def test_api(role, watch, make_user):
    user = _user(role, watch.user, make_user)
    api = APIClient()
    if user.is_authenticated:
        api.force_authenticate(user)
    allowed = TABLE[role]

    listed = api.get("/api/competence-watches/")
    created = api.post("/api/competence-watches/", {"region": "RU-VOR"}, format="json")
    read = api.get(f"/api/competence-watches/{watch.pk}/")
    deleted = api.delete(f"/api/competence-watches/{watch.pk}/")

    # Another user's watch is not found; an anonymous caller is refused (403), or finds nothing (404).
    denied = (403, 404) if not user.is_authenticated else (404,)
    assert listed.status_code == (200 if "list" in allowed else 403)
    if "list" in allowed:
        ids = [row["id"] for row in listed.json()["results"]]
        assert (watch.pk in ids) == ("view" in allowed)
    assert created.status_code == (201 if "add" in allowed else 403)
    assert read.status_code in ((200,) if "view" in allowed else denied)
    assert deleted.status_code in ((204,) if "delete" in allowed else denied)


def test_every_watch_rule_is_in_the_table():
    import rules

    registered = {name for name in rules.permissions.permissions if name.endswith("_competencewatch")}
    assert registered == {f"search.{action}_competencewatch" for action in ACTIONS}
