"""Every API action names a permission or one of the two markers; no write is public; anonymous writes stop early.

``None`` once meant both "public" and "the service checks": a service that forgot its ``has_perm`` would have
exposed a write. ``core.api_permissions`` now has ``PUBLIC`` (reads) and ``SERVICE_CHECKS`` (signed in first).
"""

from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.test import APIClient, APIRequestFactory

from cooperation.choices import ProjectState
from core.api_permissions import PUBLIC, SERVICE_CHECKS, Access
from portal.api import router
from portal.api_permissions import RulesPermission
from tests.cooperation.factories import MilestoneFactory, ProjectFactory

READ_METHODS = {"get", "head", "options"}


def _routed():
    """(viewset class, HTTP method, action) for every route of the API router, the root included."""
    for pattern in router.urls:
        callback = pattern.callback
        cls = getattr(callback, "cls", None)
        actions = getattr(callback, "actions", None)
        if actions:
            for method, action in actions.items():
                yield cls, method, action
        elif cls is not None and hasattr(cls, "rules_permissions"):
            for method in cls.rules_permissions:
                yield cls, method, method


def test_the_router_is_walked():
    routed = {(cls.__name__, action) for cls, _method, action in _routed()}
    # A few known routes, so an empty walk cannot pass the tests below.
    assert ("ProjectApi", "create") in routed
    assert ("MilestoneApi", "complete") in routed
    assert ("ExpertInvitationApi", "withdraw") in routed
    assert ("ApiRootView", "get") in routed


def test_every_action_names_a_permission_or_a_marker():
    for cls, _method, _action in _routed():
        for action, permission in cls.rules_permissions.items():
            assert isinstance(permission, str | Access), (
                f"{cls.__name__}.rules_permissions[{action!r}] = {permission!r}"
            )


def test_no_write_action_is_public():
    writes = [(cls, action) for cls, method, action in _routed() if method not in READ_METHODS]
    assert writes
    for cls, action in writes:
        assert cls.rules_permissions.get(action) is not PUBLIC, f"{cls.__name__}.{action} is a public write"


class _View:
    def __init__(self, mapping, action, detail=False):
        self.rules_permissions = mapping
        self.action = action
        self.detail = detail


def _request(method="get", user=None):
    from django.contrib.auth.models import AnonymousUser

    request = getattr(APIRequestFactory(), method)("/api/")
    request.user = user or AnonymousUser()
    return request


def test_none_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        RulesPermission().has_permission(_request(), _View({"list": None}, "list"))


def test_public_on_a_write_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured):
        RulesPermission().has_permission(_request("post"), _View({"create": PUBLIC}, "create"))


def test_service_checks_needs_a_signed_in_caller():
    view = _View({"withdraw": SERVICE_CHECKS}, "withdraw", detail=True)
    assert RulesPermission().has_permission(_request("post"), view) is False


@pytest.mark.django_db
def test_an_anonymous_write_answers_403_before_the_service(lipetsk):
    # A published project is visible to anonymous callers, so only the marker keeps them from the service.
    project = ProjectFactory(state=ProjectState.PUBLISHED, lead_agent__region=lipetsk)
    milestone = MilestoneFactory(project=project)
    client = APIClient()
    with (
        mock.patch("cooperation.api.attachments.milestone_add") as add,
        mock.patch("cooperation.api.attachments.milestone_complete") as complete,
    ):
        created = client.post(
            "/api/project-milestones/", {"project": project.pk, "title": "Отчёт", "due_on": "2026-06-30"}
        )
        completed = client.post(f"/api/project-milestones/{milestone.pk}/complete/", {})
    assert created.status_code == 403
    assert completed.status_code == 403
    add.assert_not_called()
    complete.assert_not_called()
