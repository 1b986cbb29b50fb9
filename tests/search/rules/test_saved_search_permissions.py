"""Who may do what with a saved search: role × action (the search and recommendations need no permission)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import SiteRole
from tests.search.factories import SavedSearchFactory

pytestmark = pytest.mark.django_db

ACTIONS = ("view", "change", "delete")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", {"add": True, "list": True, "view": True, "change": True, "delete": True}),
        ("other user", {"add": True, "list": True, "view": False, "change": False, "delete": False}),
        ("moderator", {"add": True, "list": True, "view": False, "change": False, "delete": False}),
        ("administrator", {"add": True, "list": True, "view": False, "change": False, "delete": False}),
        ("anonymous", {"add": False, "list": False, "view": False, "change": False, "delete": False}),
    ],
)
def test_saved_search_permissions(make_user, who, expected):
    owner = make_user()
    saved = SavedSearchFactory(user=owner)
    user = {
        "owner": lambda: owner,
        "other user": make_user,
        "moderator": lambda: make_user(SiteRole.MODERATOR),
        "administrator": lambda: make_user(SiteRole.ADMINISTRATOR),
        "anonymous": AnonymousUser,
    }[who]()
    granted = {
        "add": user.has_perm("search.add_savedsearch"),
        "list": user.has_perm("search.list_savedsearch"),
        **{action: user.has_perm(f"search.{action}_savedsearch", saved) for action in ACTIONS},
    }
    assert granted == expected


def test_every_search_rule_is_in_the_table():
    import rules

    registered = {
        name
        for name in rules.permissions.permissions
        if name.startswith("search.") and not name.endswith("_competencewatch")  # their own table
    }

    assert registered == {f"search.{action}_savedsearch" for action in ("add", "list", *ACTIONS)}
