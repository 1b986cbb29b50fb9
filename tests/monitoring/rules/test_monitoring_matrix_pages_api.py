"""The monitoring table beyond ``view`` and ``record``: effects and closing reports through the pages and the API.

Same table, roles and situation as ``test_monitoring_permissions.py``; each action is done
as the cell's subject and judged by its **effect** (a row written, a text shown):

| action | page | API |
|---|---|---|
| ``effects`` | ``POST /projects/<pk>/effects/add/`` | ``POST /api/effects/`` |
| ``write_report`` | ``POST /projects/<pk>/report/`` (no report yet) | ``POST /api/closing-reports/`` |
| ``revise_report`` | ``POST /projects/<pk>/report/`` (a draft exists) | ``PATCH /api/closing-reports/<id>/`` |
| ``read_draft`` | the draft's lessons on ``/projects/<pk>/report/`` | ``GET /api/closing-reports/<id>/`` |
| ``read_report`` | the published report's lessons on the same page | ``GET /api/closing-reports/<id>/`` |
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from monitoring.models import ClosingReport, Effect
from tests.monitoring.factories import ClosingReportFactory
from tests.monitoring.rules.test_monitoring_permissions import (  # noqa: F401 - fixtures
    CELLS,
    allowed,
    monitoring_world,
    situation,
)

pytestmark = [pytest.mark.django_db, pytest.mark.wiring]

ACTIONS = ("effects", "write_report", "revise_report", "read_draft", "read_report")
DRAFT_LESSONS = "Черновые уроки: договаривайтесь о данных заранее."
PUBLISHED_LESSONS = "Опубликованные уроки: общий календарь этапов."
REVISED = "Пересмотренные уроки."


def attempt(action: str, make_project, page: Client, api: APIClient, through: str) -> bool:
    """Do ``action`` on a fresh project of the cell's state; whether it had its effect."""
    project = make_project()
    match action:
        case "effects":
            if through == "page":
                page.post(f"/projects/{project.pk}/effects/add/", {"effect-type": "network", "effect-description": "С"})
            else:
                api.post("/api/effects/", {"project": project.pk, "type": "network", "description": "С"})
            return Effect.objects.filter(project=project, type="network").exists()
        case "write_report":
            if through == "page":
                page.post(f"/projects/{project.pk}/report/", {"lessons_learned": REVISED})
            else:
                api.post("/api/closing-reports/", {"project": project.pk, "lessons_learned": REVISED})
            return ClosingReport.objects.filter(project=project, lessons_learned=REVISED).exists()
        case "revise_report":
            report = ClosingReportFactory(project=project, is_published=False, published_at=None)
            if through == "page":
                page.post(f"/projects/{project.pk}/report/", {"lessons_learned": REVISED})
            else:
                api.patch(f"/api/closing-reports/{report.pk}/", {"lessons_learned": REVISED})
            return ClosingReport.objects.get(pk=report.pk).lessons_learned == REVISED
        case "read_draft" | "read_report":
            published = action == "read_report"
            lessons = PUBLISHED_LESSONS if published else DRAFT_LESSONS
            fields = {} if published else {"published_at": None}
            report = ClosingReportFactory(project=project, is_published=published, lessons_learned=lessons, **fields)
            if through == "page":
                response = page.get(f"/projects/{project.pk}/report/")
                return response.status_code == 200 and lessons in response.content.decode()
            response = api.get(f"/api/closing-reports/{report.pk}/")
            return response.status_code == 200 and response.data["lessons_learned"] == lessons
    raise AssertionError(action)


@pytest.mark.parametrize("through", ["page", "api"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(("role", "state"), CELLS)
def test_pages_and_api_follow_the_table(situation, role, state, action, through):  # noqa: F811 - the fixture
    users, make_project = situation
    user = users[role]
    page, api = Client(), APIClient()
    if user.is_authenticated:
        page.force_login(user)
        api.force_authenticate(user)

    done = attempt(action, lambda: make_project(state), page, api, through)

    assert done is (action in allowed(role, state))
