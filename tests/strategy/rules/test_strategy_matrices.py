"""The strategy permission tables, checked against the rules, the pages and the API.

``session_permissions.csv``: roles × session states (open, closed, adopted) × actions on a Lipetsk session;
``priority_set_permissions.csv``: roles × origin of a Lipetsk priority set (entered by hand or adopted from a
session) × actions (``change``: edit the document and the priorities; ``delete_priority``: remove one).
**Anything not in a table is denied.** Through pages and the API each action is judged by its effect in the
database (or, for reads, by the answer).

| role | who |
|---|---|
| ``anonymous`` | not signed in |
| ``member`` | signed in, no role, no organisation |
| ``coordinator`` / ``other_coordinator`` | regional coordinator of Lipetsk / of Voronezh |
| ``rep_<helix>`` | representative of a verified Lipetsk organisation of that helix |
| ``rep_unverified`` | representative of an unverified Lipetsk organisation |
| ``rep_other_region`` / ``representative`` | representative of a verified Voronezh organisation |
| ``moderator`` / ``administrator`` | site roles |
"""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from cooperation.choices import Helix
from strategy.choices import PriorityOrigin, SessionState
from strategy.models import PrioritySet, SessionRating
from strategy.services import priority_set_create
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory
from tests.matrices import load_table
from tests.strategy.factories import session_in_state

pytestmark = pytest.mark.django_db

RULES = Path(__file__).parent
SESSION_ROLES = (
    "anonymous",
    "member",
    "coordinator",
    "other_coordinator",
    *(f"rep_{helix}" for helix in Helix.values),
    "rep_unverified",
    "rep_other_region",
    "moderator",
    "administrator",
)
SESSION_STATES = tuple(SessionState.values)
SESSION_PERMISSIONS = {
    "view": "strategy.view_discoverysession",
    "rate": "strategy.rate_discoverysession",
    "view_ratings": "strategy.view_discoverysession_ratings",
    "close": "strategy.close_discoverysession",
    "adopt": "strategy.adopt_discoverysession",
}
SESSION_TABLE = load_table(
    RULES / "session_permissions.csv", roles=SESSION_ROLES, states=SESSION_STATES, actions=SESSION_PERMISSIONS
)
SET_ROLES = (
    "anonymous",
    "member",
    "coordinator",
    "other_coordinator",
    "representative",
    "moderator",
    "administrator",
)
SET_STATES = tuple(PriorityOrigin.values)
SET_PERMISSIONS = {
    "view": "strategy.view_priorityset",
    "add": "strategy.add_priorityset",  # asked of the region
    "delete": "strategy.delete_priorityset",
    "change": "strategy.change_priorityset",
    "delete_priority": "strategy.delete_priority",  # asked of the set
}
SET_TABLE = load_table(
    RULES / "priority_set_permissions.csv", roles=SET_ROLES, states=SET_STATES, actions=SET_PERMISSIONS
)


def make_role(role: str, lipetsk, voronezh):
    if role == "anonymous":
        return AnonymousUser()
    user = UserFactory()
    if role == "coordinator":
        grant(user, SiteRole.COORDINATOR, region=lipetsk)
    elif role == "other_coordinator":
        grant(user, SiteRole.COORDINATOR, region=voronezh)
    elif role in ("moderator", "administrator"):
        grant(user, role)
    elif role.startswith("rep_") and role[4:] in Helix.values:
        MembershipFactory(agent=AgentFactory(region=lipetsk, helix=role[4:]), user=user)
    elif role == "rep_unverified":
        MembershipFactory(agent=AgentFactory(region=lipetsk, is_verified=False), user=user)
    elif role in ("rep_other_region", "representative"):
        MembershipFactory(agent=AgentFactory(region=voronezh), user=user)
    return user


def clients(user) -> tuple[Client, APIClient]:
    page, api = Client(), APIClient()
    if user.is_authenticated:
        page.force_login(user)
        api.force_authenticate(user)
    return page, api


# --- Sessions ------------------------------------------------------------------------------------


SESSION_CELLS = [(role, state) for role in SESSION_ROLES for state in SESSION_STATES]


@pytest.mark.parametrize(("role", "state"), SESSION_CELLS)
def test_session_rules_match_the_table(lipetsk, voronezh, role, state):
    session = session_in_state(lipetsk, state)
    user = make_role(role, lipetsk, voronezh)

    allowed = {action for action, perm in SESSION_PERMISSIONS.items() if user.has_perm(perm, session)}

    assert allowed == set(SESSION_TABLE.get((role, state), frozenset())), (role, state)


def _rate_data(user, session):
    from strategy.selectors import rating_agents

    agents = rating_agents(user, session) if user.is_authenticated else []
    from cooperation.models import Agent

    agent = agents[0] if agents else Agent.objects.filter(region=session.region).first()
    return session.items.order_by("sort_order").first(), agent


@pytest.mark.wiring
@pytest.mark.parametrize("through", ["page", "api"])
@pytest.mark.parametrize(("role", "state"), SESSION_CELLS)
def test_session_pages_and_api_follow_the_table(lipetsk, voronezh, role, state, through):
    session = session_in_state(lipetsk, state)
    user = make_role(role, lipetsk, voronezh)
    allowed = SESSION_TABLE.get((role, state), frozenset())
    page, api = clients(user)

    # view and view_ratings
    if through == "page":
        response = page.get(f"/strategy/sessions/{session.pk}/")
        assert (response.status_code == 200) is ("view" in allowed), response.status_code
        listed = page.get("/strategy/sessions/")
        assert (f'href="/strategy/sessions/{session.pk}/"' in listed.content.decode()) is ("view" in allowed)
        if response.status_code == 200:
            shows_ratings = (
                "Ratings by helix" in response.content.decode() or "Оценки по звеньям" in response.content.decode()
            )
            assert shows_ratings is ("view_ratings" in allowed)
    else:
        response = api.get(f"/api/strategy/sessions/{session.pk}/")
        assert (response.status_code == 200) is ("view" in allowed), response.status_code

    # rate
    item, agent = _rate_data(user, session)
    before = SessionRating.objects.filter(session_item=item, agent=agent).values_list("score", flat=True).first()
    if through == "page":
        page.post(
            f"/strategy/sessions/{session.pk}/items/{item.pk}/rate/",
            {f"item{item.pk}-agent": agent.pk, f"item{item.pk}-score": 1, f"item{item.pk}-comment": "x"},
        )
    else:
        api.post(f"/api/strategy/sessions/{session.pk}/rate/", {"item": item.pk, "agent": agent.pk, "score": 1})
    after = SessionRating.objects.filter(session_item=item, agent=agent).values_list("score", flat=True).first()
    assert (after == 1 and before != 1) is ("rate" in allowed), (before, after)

    # close, then adopt (each judged by the state it leaves)
    for action, url_part, target in (("close", "close", "closed"), ("adopt", "adopt", "adopted")):
        session.refresh_from_db()
        if session.state != state:  # each action is tried in the cell's state
            type(session).objects.filter(pk=session.pk).update(state=state)
            session.refresh_from_db()
        start = session.state
        if through == "page":
            page.post(f"/strategy/sessions/{session.pk}/{url_part}/")
        else:
            api.post(f"/api/strategy/sessions/{session.pk}/{url_part}/")
        session.refresh_from_db()
        done = session.state == target and start != target
        assert done is (action in allowed), (action, start, session.state)


def test_closing_without_every_helix_answers_409_naming_it(lipetsk, voronezh):
    session = session_in_state(lipetsk, "open")
    SessionRating.objects.filter(helix=Helix.CIVIL).delete()
    coordinator = make_role("coordinator", lipetsk, voronezh)
    page, api = clients(coordinator)

    response = api.post(f"/api/strategy/sessions/{session.pk}/close/", HTTP_ACCEPT_LANGUAGE="en")
    page_response = page.post(f"/strategy/sessions/{session.pk}/close/", follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 409
    assert "Civil society" in response.json()["detail"]
    assert "Civil society" in page_response.content.decode()
    session.refresh_from_db()
    assert session.state == SessionState.OPEN


def test_only_the_regions_coordinator_opens_a_session_through_the_api(lipetsk, voronezh):
    session_in_state(lipetsk, "open")  # makes the data set
    for role, expected in (("other_coordinator", 403), ("member", 403), ("anonymous", 403)):
        _, api = clients(make_role(role, lipetsk, voronezh))
        response = api.post("/api/strategy/sessions/", {"region": "RU-LIP", "dataset": "matrix-test"})
        assert response.status_code in (expected, 401), (role, response.status_code)


# --- Priority sets --------------------------------------------------------------------------------


def priority_set(lipetsk, origin: str) -> PrioritySet:
    if origin == PriorityOrigin.SESSION:
        return session_in_state(lipetsk, "adopted").adopted_set
    return priority_set_create(
        actor=None,
        region=lipetsk,
        title="Стратегия",
        year=2024,
        items=list(ClassifierItem.objects.filter(classifier__code="nace2", code__in=["C", "M"]).order_by("code")),
        check_permission=False,
    )


SET_CELLS = [(role, state) for role in SET_ROLES for state in SET_STATES]


@pytest.mark.parametrize(("role", "state"), SET_CELLS)
def test_priority_set_rules_match_the_table(lipetsk, voronezh, role, state):
    target = priority_set(lipetsk, state)
    user = make_role(role, lipetsk, voronezh)

    allowed = {
        action
        for action, perm in SET_PERMISSIONS.items()
        if user.has_perm(perm, lipetsk if action == "add" else target)
    }

    assert allowed == set(SET_TABLE.get((role, state), frozenset())), (role, state)


@pytest.mark.wiring
@pytest.mark.parametrize("through", ["page", "api"])
@pytest.mark.parametrize(("role", "state"), SET_CELLS)
def test_priority_set_pages_and_api_follow_the_table(lipetsk, voronezh, role, state, through):
    target = priority_set(lipetsk, state)
    user = make_role(role, lipetsk, voronezh)
    allowed = SET_TABLE.get((role, state), frozenset())
    page, api = clients(user)

    if through == "page":
        assert (page.get("/strategy/regions/RU-LIP/").status_code == 200) is ("view" in allowed)
    else:
        assert (api.get(f"/api/strategy/priority-sets/{target.pk}/").status_code == 200) is ("view" in allowed)

    count = PrioritySet.objects.count()
    if through == "page":
        item = ClassifierItem.objects.get(classifier__code="nace2", code="J")
        page.post("/strategy/regions/RU-LIP/priorities/new/", {"title": "Новая", "year": 2025, "items": [item.pk]})
    else:
        api.post(
            "/api/strategy/priority-sets/",
            {"region": "RU-LIP", "title": "Новая", "year": 2025, "items": [{"classifier": "nace2", "code": "J"}]},
            format="json",
        )
    assert (PrioritySet.objects.count() == count + 1) is ("add" in allowed)

    # change: the document's title, and the priorities (the first one replaced by section J)
    before = sorted(target.priorities.values_list("item__code", flat=True))
    kept = before[1:]
    if through == "page":
        items = ClassifierItem.objects.filter(classifier__code="nace2", code__in=[*kept, "J"])
        page.post(
            f"/strategy/priority-sets/{target.pk}/edit/",
            {"title": "Исправленная", "year": 2024, "items": [item.pk for item in items]},
        )
    else:
        api.put(
            f"/api/strategy/priority-sets/{target.pk}/",
            {
                "title": "Исправленная",
                "year": 2024,
                "items": [{"classifier": "nace2", "code": code} for code in [*kept, "J"]],
            },
            format="json",
        )
    target.refresh_from_db()
    after = sorted(target.priorities.values_list("item__code", flat=True))
    edited = target.title == "Исправленная" and after == sorted([*kept, "J"])
    assert edited is ("change" in allowed), (target.title, after)

    # delete_priority: one priority of the set
    first = target.priorities.order_by("rank").select_related("item").first()
    count = target.priorities.count()
    if through == "page":
        page.post(f"/strategy/priorities/{first.pk}/delete/")
    else:
        api.post(
            f"/api/strategy/priority-sets/{target.pk}/remove-priority/",
            {"classifier": "nace2", "code": first.item.code},
            format="json",
        )
    assert (target.priorities.count() == count - 1) is ("delete_priority" in allowed)

    if through == "page":  # the API has no delete
        page.post(f"/strategy/priority-sets/{target.pk}/delete/")
        assert (not PrioritySet.objects.filter(pk=target.pk).exists()) is ("delete" in allowed)
