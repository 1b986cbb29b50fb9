"""The experts' permission table (``expert_permissions.csv``), checked through the pages and the API.

The situation of each cell is the rules test's (``test_expert_permissions.situation``); each
action is tried as the cell's subject and judged by its **effect in the database**: allowed,
it happens; not in the table, nothing changes (the pages answer 403/404, a redirect to the
log-in page, or, for an invitation the subject may see, a redirect back with an error message;
the API a 4xx).

| action | page | API |
|---|---|---|
| ``invite`` | ``POST /experts/projects/<pk>/invite/`` | ``POST /api/expert-invitations/`` |
| ``respond`` | ``POST /experts/invitations/<id>/respond/`` | ``POST /api/expert-invitations/<id>/respond/`` |
| ``withdraw`` | ``POST /experts/invitations/<id>/withdraw/`` | ``POST /api/expert-invitations/<id>/withdraw/`` |
| ``view_invitation`` | — (the invitations page lists one's own) | ``GET /api/expert-invitations/<id>/``, the list |
"""

import pytest
import rules
from django.test import Client
from rest_framework.test import APIClient

from experts.models import ExpertInvitation
from tests.experts.factories import ExpertProfileFactory
from tests.experts.rules.test_expert_permissions import (  # noqa: F401 - the fixture
    ACTIONS,
    PERMISSIONS,
    ROLES,
    STATES,
    TABLE,
    situation,
)

pytestmark = pytest.mark.django_db

CELLS = [(role, state, action) for role in ROLES for state in STATES for action in ACTIONS]
# No page shows one invitation (the invitations page lists one's own): ``view_invitation`` is tried through the API.
TRIES = [
    (cell, through)
    for cell in CELLS
    for through in ("page", "api")
    if (cell[2], through) != ("view_invitation", "page")
]
# The experts' rules outside this table, with where they are checked.
NOT_IN_MATRIX = {
    "experts.add_expertprofile": "test_expert_permissions.py::test_profile_permissions",
    "experts.view_expertprofile": "test_expert_permissions.py::test_profile_permissions",
    "experts.change_expertprofile": "test_expert_permissions.py::test_profile_permissions",
    "experts.view_expertprofile_contacts": "test_expert_permissions.py::test_profile_permissions",
    "experts.add_expertinvitation": "the API's gate before the body is read (signed-in callers); ``invite`` decides",
    "experts.add_consultation": "the API's gate before the body is read (signed-in callers); ``request`` decides",
    **{
        f"experts.{action}_consultation": "consultation_permissions.csv (test_consultation_matrix.py)"
        for action in ("request", "view", "accept", "decline", "complete", "confirm", "dispute")
    },
}


def cell_id(cell) -> str:
    return "-".join(cell)


def allowed(role: str, state: str, action: str) -> bool:
    return action in TABLE.get((role, state), frozenset())


def clients(user) -> tuple[Client, APIClient]:
    page, api = Client(), APIClient()
    if user.is_authenticated:
        page.force_login(user)
        api.force_authenticate(user)
    return page, api


def attempt(action: str, *, project, invitation, page: Client, api: APIClient, through: str):
    """Do ``action`` through the pages or the API; returns ``(response, done())``."""
    match action:
        case "invite":
            expert = ExpertProfileFactory()
            if through == "page":
                response = page.post(f"/experts/projects/{project.pk}/invite/", {"expert": expert.pk, "message": "M"})
            else:
                response = api.post("/api/expert-invitations/", {"project": project.pk, "expert": expert.pk})
            return response, ExpertInvitation.objects.filter(project=project, expert=expert).exists()
        case "respond" | "withdraw":
            data = {"accept": "1"} if through == "page" else {"accept": True}
            prefix = "/experts/invitations" if through == "page" else "/api/expert-invitations"
            response = (page if through == "page" else api).post(f"{prefix}/{invitation.pk}/{action}/", data)
            expected = "accepted" if action == "respond" else "withdrawn"
            return response, ExpertInvitation.objects.get(pk=invitation.pk).status == expected
        case "view_invitation":
            response = api.get(f"/api/expert-invitations/{invitation.pk}/")
            listed = api.get("/api/expert-invitations/")
            ids = {item["id"] for item in listed.data["results"]} if listed.status_code == 200 else set()
            return response, response.status_code == 200 and invitation.pk in ids
    raise AssertionError(action)


@pytest.mark.parametrize(
    ("cell", "through"), TRIES, ids=lambda value: cell_id(value) if isinstance(value, tuple) else value
)
@pytest.mark.wiring
def test_pages_and_api_follow_the_table(situation, cell, through):  # noqa: F811 - the imported fixture
    role, state, action = cell
    user, project, targets = situation(role, state)
    page, api = clients(user)

    response, done = attempt(
        action, project=project, invitation=targets["respond"], page=page, api=api, through=through
    )

    if allowed(role, state, action):
        assert done, (response.status_code, getattr(response, "content", b"")[:300])
        assert response.status_code in ((302,) if through == "page" else (200, 201))
    else:
        assert not done, "a denied action changed the database"
        if through == "api":
            assert 400 <= response.status_code < 500, response.status_code
        else:
            assert response.status_code in (302, 403, 404), response.status_code


def test_every_expert_rule_is_in_the_table_or_placed():
    registered = {name for name in rules.permissions.permissions if name.startswith("experts.")}

    assert set(NOT_IN_MATRIX) <= registered, "NOT_IN_MATRIX names a rule that no longer exists"
    assert registered - set(NOT_IN_MATRIX) == set(PERMISSIONS.values()), (
        "an experts rule is in neither the table nor NOT_IN_MATRIX"
    )
