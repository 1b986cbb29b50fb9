"""The project permission matrix, through the API.

Every role × state × action of ``tests/cooperation/rules/project_permissions.csv`` is tried
through the API in the situation of ``tests/cooperation/rules/test_project_permissions.py``
(same roles, same project): ``/api/projects/…`` and ``/api/project-participants/…`` for the
workflow, ``/api/comments/``, ``/api/reports/``, ``/api/indicator-values/``,
``/api/expert-invitations/``, ``/api/project-attachments/`` and ``/api/project-milestones/``
for what is done on a project, and ``/api/projects/{id}/transitions/`` for its history.

An allowed action must succeed and change the database; **anything not in the table is
denied** and changes nothing:

* 404 when the caller may not see the project (or the participation) named in the URL; a
  project (or an indicator) named in the **body** of a creation that the caller may not see
  "does not exist" for them: 400 on that field, the same answer as for a missing one;
* 409 with the current state when the action exists but not in this state;
* else 403 (401 or 403 for anonymous callers; 400 for an agent that already takes part).

``history`` is a read: the transitions of a visible project are listed for everyone, and the
moderators' ``reason`` and the ``actor`` are null unless the table allows ``history``.

One test runs a (role, state) row, as ``tests/cooperation/views/test_project_page_matrix.py`` does
for the pages: each action is a subtest of its own in a savepoint that is rolled back
(``tests.matrices.rolled_back``), so every action starts from the world as built; the row's last
subtest (``list``) checks ``/api/projects/`` against the ``view`` column.
"""

import datetime
from functools import cache, cached_property

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import F, Func, OuterRef, QuerySet, Subquery
from django.utils import timezone
from rest_framework.test import APIClient

from cooperation.choices import ParticipantStatus, ProjectState
from cooperation.models import AgentMembership, Attachment, Milestone, Project, ProjectGoal, ProjectParticipant
from cooperation.models.projects import EDITABLE_STATES, OPEN_STATES, PUBLIC_STATES
from cooperation.selectors import project_participants_visible_to
from discussion.models import DISCUSSION_STATES, Comment, Report
from experts.models import ExpertInvitation
from monitoring.models import IndicatorValue
from monitoring.predicates import RECORDING_STATES
from tests.cooperation.factories import AgentFactory
from tests.cooperation.rules.test_project_permissions import (  # noqa: F401 - fixtures
    ACTIONS,
    ACTOR_NAME,
    HIDDEN_STATES,
    REASON,
    ROLES,
    STATES,
    TABLE,
    project_world,
    situation,
)
from tests.matrices import rolled_back

pytestmark = [pytest.mark.django_db, pytest.mark.wiring]

NOT_CLOSED = tuple(state for state in STATES if state not in (ProjectState.ARCHIVED, ProjectState.REJECTED))
# States in which an action exists at all; elsewhere the API answers 409 with the state.
STATE_GATES = {
    "change": EDITABLE_STATES,
    "submit": EDITABLE_STATES,
    "moderate": (ProjectState.SUBMITTED,),
    "start": (ProjectState.PUBLISHED,),
    "dates": (ProjectState.PUBLISHED, ProjectState.ACTIVE),
    "complete": (ProjectState.ACTIVE,),
    "archive": (ProjectState.COMPLETED,),
    "apply": OPEN_STATES,
    "invite": (*EDITABLE_STATES, *OPEN_STATES),
    "comment": DISCUSSION_STATES,
    "report": PUBLIC_STATES,
    "record": RECORDING_STATES,
    "invite_expert": OPEN_STATES,
    "attach": NOT_CLOSED,
    "plan": NOT_CLOSED,
    "goals": NOT_CLOSED,
}
# The discussion of a hidden project is closed: the API answers 409 with the state ``hidden``.
CLOSED_WHEN_HIDDEN = {"comment", "report"}
PARTICIPANT_ACTIONS = {"decide", "leave"}
READS = {"view", "history"}
# Creations that name the project (or the indicator) in the body, and that field.
BODY_ACTIONS = {
    "comment": "project",
    "report": "project",
    "record": "indicator",
    "invite_expert": "project",
    "attach": "project",
    "plan": "project",
    "goals": "project",
}
# Endpoints that admit only signed-in callers before reading the body: all of them (``record`` and
# ``invite_expert`` because their ``add_*`` rule has no object, the others because their permission is
# ``SERVICE_CHECKS``, which refuses anonymous callers before the service runs).
SIGNED_IN_ONLY = set(BODY_ACTIONS)
SUCCESS = {"apply": 201, "invite": 201} | dict.fromkeys(BODY_ACTIONS, 201)
DUE_ON = datetime.date(2026, 6, 30)
STARTED_ON = timezone.localdate() - datetime.timedelta(days=30)  # the actual start is never in the future

# Where the API differs from the table, the cell is expected to fail (strict: it turns red once fixed).
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


def allowed(role: str, state: str) -> frozenset[str]:
    return TABLE.get((role, state), frozenset())


ROLE_STATES = [(role, state) for role in ROLES for state in STATES]


def count_of(rows: QuerySet) -> Subquery:
    """``SELECT COUNT(*)`` of ``rows`` as a subquery (no GROUP BY: 0, not NULL, when there are none)."""
    return Subquery(rows.order_by().values(n=Func(F("pk"), function="COUNT")))


class Call:
    """One action through the API, and its expected effect on the database."""

    def __init__(self, cell):
        self.cell = cell
        self.user = cell.user
        self.project = cell.project
        self.targets = cell.targets
        self.api = APIClient()
        if self.user.is_authenticated:
            self.api.force_authenticate(self.user)

    @cached_property
    def applicant(self):
        """The agent the subject applies for: their own, else a new one (made only for the actions that need it)."""
        own = (
            AgentMembership.objects.filter(user=self.user, status="approved").first()
            if self.user.is_authenticated
            else None
        )
        return own.agent if own else AgentFactory()

    @cached_property
    def invitee(self):
        """A new agent to invite (made only for ``invite``)."""
        return AgentFactory()

    def perform(self, action: str):
        pk = self.project.pk
        post = self.api.post
        match action:
            case "view":
                return self.api.get(f"/api/projects/{pk}/")
            case "history":
                return self.api.get(f"/api/projects/{pk}/transitions/")
            case "change":
                return self.api.patch(f"/api/projects/{pk}/", {"title_en": "Changed through the API"})
            case "moderate":
                return post(f"/api/projects/{pk}/approve/")
            case "apply":
                return post(f"/api/projects/{pk}/apply/", {"agent": self.applicant.pk, "motivation": "Sensors."})
            case "invite":
                return post(f"/api/projects/{pk}/invite/", {"agent": self.invitee.pk, "message": "Join us."})
            case "hide" if self.cell.state in HIDDEN_STATES:
                return post(f"/api/projects/{pk}/show/")  # the same permission shows a hidden project again
            case "start":
                return post(f"/api/projects/{pk}/start/", {"started_on": STARTED_ON.isoformat()})
            case "dates":
                return post(f"/api/projects/{pk}/dates/", {"starts_on": "2026-03-01", "ends_on": "2027-12-31"})
            case "hide":
                return post(f"/api/projects/{pk}/hide/", {"reason": "Spam."})
            case "decide":
                return post(f"/api/project-participants/{self.targets['decide'].pk}/decide/", {"accept": True})
            case "leave":
                return post(f"/api/project-participants/{self.targets['leave'].pk}/leave/")
            case "comment":
                return post("/api/comments/", {"project": pk, "text": "A good project."})
            case "report":
                return post("/api/reports/", {"project": pk, "reason": "spam"})
            case "record":
                value = {"indicator": self.cell.indicator.pk, "date": timezone.localdate().isoformat(), "value": "150"}
                return post("/api/indicator-values/", value)
            case "invite_expert":
                invitation = {"project": pk, "expert": self.cell.invitee.pk, "message": "Help us."}
                return post("/api/expert-invitations/", invitation)
            case "attach":
                upload = {"project": pk, "file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"), "title": "Plan"}
                return post("/api/project-attachments/", upload, format="multipart")
            case "goals":
                return post("/api/project-goals/", {"project": pk, "horizon": "tactical", "text_en": "Joint lab"})
            case "plan":
                return post("/api/project-milestones/", {"project": pk, "title": "Step one", "due_on": str(DUE_ON)})
            case _:
                return post(f"/api/projects/{pk}/{action}/")

    def done(self, action: str) -> bool:
        project = Project.objects.get(pk=self.project.pk)
        participations = ProjectParticipant.objects.filter(project=project)
        user_id = self.user.pk
        return {
            "view": lambda: True,
            "history": lambda: True,
            "change": lambda: project.title_en == "Changed through the API",
            "submit": lambda: project.state == ProjectState.SUBMITTED,
            "moderate": lambda: project.state == ProjectState.PUBLISHED,
            "start": lambda: project.state == ProjectState.ACTIVE and project.started_on == STARTED_ON,
            "dates": lambda: (
                (project.starts_on, project.ends_on) == (datetime.date(2026, 3, 1), datetime.date(2027, 12, 31))
            ),
            "complete": lambda: project.state == ProjectState.COMPLETED,
            "archive": lambda: project.state == ProjectState.ARCHIVED,
            "feature": lambda: project.is_featured,
            "hide": lambda: project.is_hidden is (self.cell.state not in HIDDEN_STATES),
            "apply": lambda: participations.filter(agent=self.applicant, status=ParticipantStatus.APPLIED).exists(),
            "invite": lambda: participations.filter(agent=self.invitee, status=ParticipantStatus.INVITED).exists(),
            "decide": lambda: participations.get(pk=self.targets["decide"].pk).status == ParticipantStatus.ACCEPTED,
            "leave": lambda: participations.get(pk=self.targets["leave"].pk).status == ParticipantStatus.LEFT,
            "comment": lambda: Comment.objects.filter(project=project, author_id=user_id).exists(),
            "report": lambda: Report.objects.filter(project=project, reporter_id=user_id).exists(),
            "record": lambda: IndicatorValue.objects.filter(
                indicator=self.cell.indicator, recorded_by_id=user_id
            ).exists(),
            "invite_expert": lambda: ExpertInvitation.objects.filter(
                project=project, expert=self.cell.invitee, invited_by_id=user_id
            ).exists(),
            "attach": lambda: Attachment.objects.filter(project=project, uploaded_by_id=user_id).exists(),
            "plan": lambda: Milestone.objects.filter(project=project, title="Step one").exists(),
            "goals": lambda: ProjectGoal.objects.filter(project=project, text_en="Joint lab").exists(),
        }[action]()

    def snapshot(self) -> tuple:
        """What any action could change: the project's row with the number of rows hanging on it, and its exact list
        of participations (the two queries of ``snapshot_queries``, raw values compared as they are)."""
        with connection.cursor() as cursor:
            rows = []
            for sql in snapshot_queries(connection.vendor):
                cursor.execute(sql, [self.project.pk])
                rows.append(cursor.fetchall())
        return tuple(rows)


@cache
def snapshot_queries(vendor: str) -> tuple[str, str]:
    """``Call.snapshot``'s two queries, compiled once (issue #11: building them with the ORM cost more CPU than
    running them): the project's row with a count of each kind of row an action may add, one subquery each, and the
    (agent, status) of its participations. The project's id is their only parameter."""
    project = OuterRef("pk")
    row = Project.objects.filter(pk=0).values_list(
        "state",
        "title_en",
        "is_featured",
        "is_hidden",
        "starts_on",
        "ends_on",
        "started_on",
        count_of(Comment.objects.filter(project=project)),
        count_of(Report.objects.filter(project=project)),
        count_of(IndicatorValue.objects.filter(indicator__effect__project=project)),
        count_of(ExpertInvitation.objects.filter(project=project)),
        count_of(Attachment.objects.filter(project=project)),
        count_of(Milestone.objects.filter(project=project)),
        count_of(ProjectGoal.objects.filter(project=project)),
    )
    participants = ProjectParticipant.objects.filter(project_id=0).order_by("agent_id", "status")
    queries = []
    for queryset in (row, participants.values_list("agent_id", "status")):
        sql, params = queryset.query.sql_with_params()
        assert params == (0,), params  # the project's id, and nothing else
        queries.append(sql)
    return queries[0], queries[1]


def assert_history(response, cell, allowed_to_see: bool) -> None:
    """The steps are listed; the moderator's reason and name only for those the table allows."""
    assert response.status_code == 200, response.content
    step = next(step for step in response.data if step["id"] == cell.transition.pk)
    assert step["to_state"] == ProjectState.CHANGES_REQUESTED
    assert step["reason"] == (REASON if allowed_to_see else None)
    assert step["actor"] == (ACTOR_NAME if allowed_to_see else None)


@pytest.mark.parametrize(("role", "state"), ROLE_STATES, ids=[f"{role}-{state}" for role, state in ROLE_STATES])
def test_api_matches_the_table(situation, subtests, role, state):  # noqa: F811 - the imported fixture
    """Every action of one (role, state) row, each in a savepoint of its own and reported as a subtest of its own.

    Each action starts from the world as built (the situation is read afresh): its writes are rolled back and the
    cache is emptied before the next one. A cell of ``KNOWN_BUGS`` must fail (strictly: it turns red once fixed).
    """
    for action in ACTIONS:
        with subtests.test(action=action), rolled_back():
            bug = KNOWN_BUGS.get((role, state, action))
            if bug is None:
                check_cell(situation(role, state), action)
                continue
            try:
                check_cell(situation(role, state), action)
            except AssertionError:
                continue
            pytest.fail(f"KNOWN_BUGS {(role, state, action)} now passes: remove it ({bug})")
    with subtests.test(action="list"), rolled_back():
        check_list(situation(role, state))


def check_cell(cell, action: str) -> None:
    # given
    role, state, user = cell.role, cell.state, cell.user
    call = Call(cell)
    before = call.snapshot()
    may_view = "view" in allowed(role, state)

    # when
    response = call.perform(action)

    # then
    if action == "history" and may_view:
        assert_history(response, cell, action in allowed(role, state))
        return
    if action in allowed(role, state):
        assert response.status_code == SUCCESS.get(action, 200), response.content
        assert call.done(action)
        return
    assert call.snapshot() == before, "a denied action changed the database"
    gated_out = action in STATE_GATES and cell.project.state not in STATE_GATES[action]
    gate_state = cell.project.state
    if action in CLOSED_WHEN_HIDDEN and cell.project.is_hidden and not gated_out:
        gated_out, gate_state = True, "hidden"
    if action in BODY_ACTIONS:
        if not user.is_authenticated and action in SIGNED_IN_ONLY:
            assert response.status_code in (401, 403), response.content
        elif not may_view:
            assert response.status_code == 400, response.content  # "does not exist", as for a missing project
            assert BODY_ACTIONS[action] in response.data
        elif gated_out:
            assert response.status_code == 409, response.content
            assert response.data["state"] == gate_state
        else:
            assert response.status_code in ((401, 403) if not user.is_authenticated else (403,)), response.content
    elif not user.is_authenticated and action not in READS:
        assert response.status_code in (401, 403), response.content
    elif action in PARTICIPANT_ACTIONS:
        participant_visible = project_participants_visible_to(user).filter(pk=cell.targets[action].pk).exists()
        if participant_visible:
            assert response.status_code in (403, 409), response.content
        else:
            assert response.status_code == 404, response.content
    elif not may_view:
        assert response.status_code == 404, response.content
    elif gated_out:
        assert response.status_code == 409, response.content
        assert response.data["state"] == gate_state
    elif action == "apply" and call.applicant.pk in {p.agent_id for p in cell.project.participants.all()}:
        assert response.status_code == 400, response.content  # the agent already takes part
        assert "agent" in response.data
    else:
        assert response.status_code == 403, response.content


def check_list(cell) -> None:
    """``/api/projects/`` lists the project exactly to those the ``view`` column allows."""
    api = APIClient()
    if cell.user.is_authenticated:
        api.force_authenticate(cell.user)

    response = api.get("/api/projects/", {"state": cell.project.state})

    assert response.status_code == 200
    listed = {item["id"] for item in response.data["results"]}
    assert (cell.project.pk in listed) is ("view" in allowed(cell.role, cell.state))
