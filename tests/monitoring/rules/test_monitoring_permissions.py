"""The permission matrix of the monitoring, checked against ``monitoring_permissions.csv`` (see README.md)."""

from pathlib import Path

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from accounts.models import User
from cooperation.choices import AgentRole, ProjectState
from cooperation.models import Agent
from monitoring.models import IndicatorValue
from regions.models import Region
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory
from tests.matrices import load_table
from tests.monitoring.factories import ClosingReportFactory, EffectFactory, IndicatorFactory
from tests.worlds import module_transaction

pytestmark = pytest.mark.django_db

TABLE_PATH = Path(__file__).with_name("monitoring_permissions.csv")
ROLES = ("anonymous", "member", "lead_member", "lead_admin", "partner_admin", "moderator", "administrator")
STATES = tuple(ProjectState.values)
PERMISSIONS = {
    "view": "monitoring.view_monitoring_project",
    "effects": "monitoring.change_effects_project",
    "record": "monitoring.record_indicator_project",
    "write_report": "monitoring.add_closingreport_project",
    "revise_report": "monitoring.change_closingreport_project",
    "read_draft": "monitoring.view_closingreport",
    "read_report": "monitoring.view_closingreport",
    "link": "monitoring.link_indicator_project",
}
# Row-level permissions of the API: they carry the role only, the services check the state (see monitoring/rules.py).
ROW_PERMISSIONS = {
    f"monitoring.{action}_{model}"
    for model in ("effect", "indicator", "indicatorvalue")
    for action in ("view", "change", "add")
} | {"monitoring.change_closingreport", "monitoring.add_closingreport", "monitoring.link_indicator"}


TABLE = load_table(TABLE_PATH, roles=ROLES, states=STATES, actions=PERMISSIONS)
CELLS = [(role, state) for role in ROLES for state in STATES]


def allowed(role: str, state: str) -> frozenset[str]:
    return TABLE.get((role, state), frozenset())


@pytest.fixture(scope="module")
def monitoring_world(django_db_setup, django_db_blocker):
    """The lead and partner agents and every role's user, built once for the module (``tests/worlds.py``): ids."""
    with module_transaction(django_db_blocker):
        lipetsk, voronezh = Region.objects.get(iso_code="RU-LIP"), Region.objects.get(iso_code="RU-VOR")
        lead = AgentFactory(region=lipetsk)
        partner = AgentFactory(region=voronezh)
        users = {
            "member": MembershipFactory(agent=AgentFactory(region=voronezh)).user.pk,
            "lead_member": MembershipFactory(agent=lead, role=AgentRole.REPRESENTATIVE).user.pk,
            "lead_admin": MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user.pk,
            "partner_admin": MembershipFactory(agent=partner, role=AgentRole.ADMINISTRATOR).user.pk,
        }
        for role, site_role in (("moderator", SiteRole.MODERATOR), ("administrator", SiteRole.ADMINISTRATOR)):
            user = UserFactory()
            grant(user, site_role)
            users[role] = user.pk
        yield users, lead.pk, partner.pk


@pytest.fixture
def situation(monitoring_world, db):
    """``(users by role, make_project(state))``: the users read afresh; each project is the test's own."""
    user_ids, lead_id, partner_id = monitoring_world
    users = {"anonymous": AnonymousUser()} | {role: User.objects.get(pk=pk) for role, pk in user_ids.items()}
    lead, partner = Agent.objects.get(pk=lead_id), Agent.objects.get(pk=partner_id)

    def project(state):
        made = ProjectFactory(lead_agent=lead, state=state)
        ParticipantFactory(project=made, agent=partner)
        return made

    return users, project


def test_every_permission_of_the_app_is_in_the_matrix_or_row_level():
    names = {name for name in rules.permissions.permissions if name.startswith("monitoring.")}

    assert names == set(PERMISSIONS.values()) | ROW_PERMISSIONS


@pytest.mark.parametrize(("role", "state"), CELLS)
def test_rules(situation, role, state):
    users, make_project = situation
    user = users[role]
    bare = make_project(state)
    with_draft = make_project(state)
    draft = ClosingReportFactory(project=with_draft, is_published=False, published_at=None)
    published = ClosingReportFactory(project=make_project(state))
    objects = {
        "view": bare,
        "effects": bare,
        "record": bare,
        "write_report": bare,
        "revise_report": with_draft,
        "read_draft": draft,
        "read_report": published,
        "link": bare,
    }

    answers = {action: user.has_perm(PERMISSIONS[action], objects[action]) for action in PERMISSIONS}

    assert {action for action, answer in answers.items() if answer} == allowed(role, state)


@pytest.mark.wiring
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_pages_and_api_follow_the_view_and_record_columns(situation, client, role, state):
    users, make_project = situation
    user = users[role]
    project = make_project(state)
    indicator = IndicatorFactory(effect=EffectFactory(project=project))
    api = APIClient()
    if role != "anonymous":
        client.force_login(user)
        api.force_authenticate(user)
    today = timezone.localdate().isoformat()

    page = client.get(f"/projects/{project.pk}/monitoring/")
    listed = api.get("/api/indicators/", {"project": project.pk}).data["results"]
    posted = client.post(
        f"/projects/{project.pk}/values/add/",
        {"value-indicator": indicator.pk, "value-date": today, "value-value": "150"},
    )
    recorded_by_page = IndicatorValue.objects.filter(indicator=indicator).exists()
    IndicatorValue.objects.filter(indicator=indicator).delete()
    response = api.post("/api/indicator-values/", {"indicator": indicator.pk, "date": today, "value": "150"})
    recorded_by_api = IndicatorValue.objects.filter(indicator=indicator).exists()

    can = allowed(role, state)
    assert page.status_code == (200 if "view" in can else 404)
    assert [item["id"] for item in listed] == ([indicator.pk] if "view" in can else [])
    assert recorded_by_page is ("record" in can)
    assert recorded_by_api is ("record" in can)
    if "record" in can:
        assert posted.status_code == 302
        assert response.status_code == 201, response.data
    else:
        assert posted.status_code in (403, 404)
        # not visible: the indicator is "not found" (400); visible, wrong state: 409; visible, wrong role: 403
        if role == "anonymous":
            expected = {401, 403}
        elif "view" not in can:
            expected = {400}
        elif state != ProjectState.ACTIVE:
            expected = {409}
        else:
            expected = {403}
        assert response.status_code in expected, response.data
