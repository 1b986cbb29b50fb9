"""The model-level view permissions (no object), which the Django admin's lists ask."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("perm", ["cooperation.view_project", "cooperation.view_agent"])
def test_the_staff_may_list_projects_and_agents_without_an_object(make_user, perm):
    assert make_user("administrator").has_perm(perm)
    assert make_user("moderator").has_perm(perm)
    assert not make_user().has_perm(perm)


def test_the_admin_lists_of_projects_and_agents_open_for_an_administrator(client, make_user):
    admin = make_user("administrator", is_staff=True, is_superuser=True)
    client.force_login(admin)

    assert client.get("/admin/cooperation/project/").status_code == 200
    assert client.get("/admin/cooperation/agent/").status_code == 200
