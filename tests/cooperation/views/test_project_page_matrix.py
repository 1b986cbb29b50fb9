"""The project permission matrix, checked through the pages.

The table is ``tests/cooperation/rules/project_permissions.csv``, read with the
loader of ``test_project_permissions.py``; the situation of every cell (a
project led by a Lipetsk agent, an accepted Voronezh partner, another Voronezh
agent's pending application, an accepted expert, an indicator, a moderator's
reason in the log, the subject of the role) comes from that module's
``situation`` fixture. Every role × state × action is driven with Django's test
client — the project pages, and the discussion, monitoring and experts pages
that act on a project — and the test asserts the **effect in the database**,
not only the status code:

* allowed: the page does it (302 onwards, the row is changed or created);
* not in the table: the page refuses — 404 when the subject may not see the
  project (its existence is private), else 403 (an anonymous visitor may be
  sent to log in instead) — and nothing changes.

``history`` is a read: the project page shows the moderators' reason and who
gave it exactly to those the table allows.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cooperation.choices import MembershipStatus, ParticipantStatus, ProjectState
from cooperation.models import Agent, AgentMembership, Attachment, Milestone, Project, ProjectGoal, ProjectParticipant
from discussion.models import Comment, Report
from experts.models import ExpertInvitation
from monitoring.models import IndicatorValue
from tests.cooperation.factories import AgentFactory
from tests.cooperation.rules.test_project_permissions import (  # noqa: F401 - fixtures
    ACTIONS,
    ACTOR_NAME,
    HIDDEN_STATES,
    REASON,
    ROLES,
    STATES,
    allowed_actions,
    project_state,
    project_world,
    situation,
)
from tests.matrices import rolled_back

pytestmark = pytest.mark.wiring

ROLE_STATES = [(role, state) for role in ROLES for state in STATES]
LOGIN_PATH = "/accounts/login/"
DUE_ON = datetime.date(2026, 6, 30)


def signed_in(client, user):
    if user.is_authenticated:
        client.force_login(user)
    return client


def assert_refused(response, user, role: str, state: str, missing=None) -> None:
    """404 where the project is private to the subject, else 403 (or the log-in page for anonymous visitors).

    A page that answers every anonymous visitor 403 before looking at the project reveals nothing either:
    ``missing()`` makes the same request about a project that does not exist, and the answers must match.
    """
    if not user.is_authenticated and response.status_code == 302:
        assert response["Location"].startswith(LOGIN_PATH)
        return
    if "view" in allowed_actions(role, state):
        assert response.status_code in (403, 404), response.status_code
    elif not user.is_authenticated and response.status_code == 403 and missing is not None:
        assert missing().status_code == 403, "an anonymous visitor can tell a private project from a missing one"
    else:
        assert response.status_code == 404, response.status_code


def assert_refused_participation(response, user, participant, role: str, state: str) -> None:
    """A participation of a visible project may itself be private (another agent's application): 403 or 404.

    Where the project is private, 404, unless the participation is of the subject's own agent (they know of it).
    """
    if not user.is_authenticated and response.status_code == 302:
        assert response["Location"].startswith(LOGIN_PATH)
        return
    assert response.status_code in (403, 404), response.status_code
    if "view" not in allowed_actions(role, state) and participant.agent_id not in subject_agent_ids(user):
        assert response.status_code == 404


def reload(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


def subject_agent_ids(user) -> list[int]:
    if not user.is_authenticated:
        return []
    approved = AgentMembership.objects.filter(user=user, status=MembershipStatus.APPROVED)
    return list(approved.values_list("agent_id", flat=True))


def subject_agent(user, project: Project) -> Agent:
    """The agent the subject would apply for: one of theirs that is free to join, else any of theirs, else a new one."""
    agent_ids = subject_agent_ids(user)
    busy = set(
        ProjectParticipant.objects.filter(
            project=project,
            status__in=[ParticipantStatus.APPLIED, ParticipantStatus.INVITED, ParticipantStatus.ACCEPTED],
        ).values_list("agent_id", flat=True)
    )
    free = [pk for pk in agent_ids if pk not in busy]
    if free or agent_ids:
        return Agent.objects.get(pk=(free or agent_ids)[0])
    return AgentFactory()


@pytest.mark.parametrize(("role", "state"), ROLE_STATES, ids=[f"{role}-{state}" for role, state in ROLE_STATES])
def test_project_pages_follow_the_table(role, state, situation, client, subtests):  # noqa: F811 - the fixture
    """Every action of one (role, state) row: each in a savepoint of its own, reported as a subtest of its own.

    The subject signs in once for the row, and each action starts from the world as built: its writes are rolled
    back and the cache (which the pages fill) is emptied before the next one.
    """
    page = signed_in(client, situation(role, state).user)
    for action in ACTIONS:
        with subtests.test(action=action), rolled_back():
            subject = situation(role, state)
            CHECKS[action](page, subject, action in subject.allowed)


def check_view(page, cell, allowed):
    project = cell.project
    response = page.get(f"/projects/{project.pk}/")
    if allowed:
        assert response.status_code == 200
        assert project.title in response.content.decode()
        listed = {p.pk for p in page.get("/projects/", {"state": project.state}).context["projects"]}
        assert project.pk in listed
    else:
        assert response.status_code == 404
        assert project.pk not in {p.pk for p in page.get("/projects/").context["projects"]}


def check_history(page, cell, allowed):
    """The project page names the moderator and gives their reason only to those allowed; the rest see the steps."""
    response = page.get(f"/projects/{cell.project.pk}/")
    if "view" not in cell.allowed:
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="history-heading"' in html  # the history itself is there for whoever sees the project
    assert (REASON in html) is allowed
    assert (ACTOR_NAME in html) is allowed


def check_change(page, cell, allowed):
    project, url = cell.project, f"/projects/{cell.project.pk}/edit/"
    shown = page.get(url)
    posted = page.post(url, {"title_ru": "Изменено", "cooperation_types": ["consulting"]})
    if allowed:
        assert shown.status_code == 200 and posted.status_code == 302
        assert reload(project).title_ru == "Изменено"
    else:
        assert_refused(shown, cell.user, cell.role, cell.state)
        assert_refused(posted, cell.user, cell.role, cell.state)
        assert reload(project).title_ru == project.title_ru


def post_transition(page, cell, allowed, path, data, expected, confirm=False):
    """POST the step; with ``confirm``, its confirmation page (GET) is shown exactly to those allowed, first."""
    project = cell.project
    if confirm:
        shown = page.get(f"/projects/{project.pk}/{path}/")
        if allowed:
            assert shown.status_code == 200
        else:
            assert_refused(shown, cell.user, cell.role, cell.state)
    before = reload(project)
    response = page.post(f"/projects/{project.pk}/{path}/", data)
    after = reload(project)
    if allowed:
        assert response.status_code == 302
        assert expected(after)
        assert not expected(before)
    else:
        assert_refused(response, cell.user, cell.role, cell.state)
        assert (after.state, after.is_featured, after.is_hidden) == (before.state, before.is_featured, before.is_hidden)


def check_submit(page, cell, allowed):
    post_transition(page, cell, allowed, "submit", {}, lambda p: p.state == ProjectState.SUBMITTED, confirm=True)


def check_moderate(page, cell, allowed):
    """Approve, request changes and reject are the three moderation pages: each allowed exactly when moderating is."""
    project, url = cell.project, f"/projects/{cell.project.pk}/"
    for path, data in (("request-changes", {"comment": "Уточните"}), ("reject", {"reason": "Не подходит"})):
        shown = page.get(f"{url}{path}/")
        if allowed:
            assert shown.status_code == 200
        else:
            assert_refused(shown, cell.user, cell.role, cell.state)
        before = reload(project)
        response = page.post(f"{url}{path}/", data)
        after = reload(project)
        if allowed:
            assert response.status_code == 302
            assert after.state in (ProjectState.CHANGES_REQUESTED, ProjectState.REJECTED)
            assert after.transitions.last().reason == next(iter(data.values()))
            Project.objects.filter(pk=project.pk).update(state=ProjectState.SUBMITTED)  # back for the next page
        else:
            assert_refused(response, cell.user, cell.role, cell.state)
            assert after.state == before.state
    post_transition(page, cell, allowed, "approve", {}, lambda p: p.state == ProjectState.PUBLISHED, confirm=True)


def check_start(page, cell, allowed):
    started_on = timezone.localdate() - datetime.timedelta(days=10)
    post_transition(
        page,
        cell,
        allowed,
        "start",
        {"started_on": started_on.isoformat()},
        lambda p: p.state == ProjectState.ACTIVE and p.started_on == started_on,
        confirm=True,
    )


def check_complete(page, cell, allowed):
    post_transition(page, cell, allowed, "complete", {}, lambda p: p.state == ProjectState.COMPLETED, confirm=True)


def check_archive(page, cell, allowed):
    post_transition(page, cell, allowed, "archive", {}, lambda p: p.state == ProjectState.ARCHIVED, confirm=True)


def check_dates(page, cell, allowed):
    """The dates page: planned dates (and the actual start of an active project) corrected, or refused."""
    project, url = cell.project, f"/projects/{cell.project.pk}/dates/"
    shown = page.get(url)
    started_on = timezone.localdate() - datetime.timedelta(days=3)
    data = {"starts_on": "2026-03-01", "ends_on": "2027-12-31", "started_on": started_on.isoformat()}
    before = reload(project)
    response = page.post(url, data)
    after = reload(project)
    if allowed:
        assert shown.status_code == 200
        assert response.status_code == 302
        assert (after.starts_on, after.ends_on) == (datetime.date(2026, 3, 1), datetime.date(2027, 12, 31))
        assert after.started_on == (
            started_on if project_state(cell.state) == ProjectState.ACTIVE else before.started_on
        )
    else:
        assert_refused(shown, cell.user, cell.role, cell.state)
        assert_refused(response, cell.user, cell.role, cell.state)
        assert (after.starts_on, after.ends_on, after.started_on) == (
            before.starts_on,
            before.ends_on,
            before.started_on,
        )


def check_feature(page, cell, allowed):
    post_transition(page, cell, allowed, "feature", {"featured": "1"}, lambda p: p.is_featured)


def check_hide(page, cell, allowed):
    """Hiding a visible project; on a hidden one (``hidden_*`` columns) the same permission shows it again."""
    if cell.state in HIDDEN_STATES:
        post_transition(page, cell, allowed, "show", {}, lambda p: not p.is_hidden)
    else:
        post_transition(page, cell, allowed, "hide", {"reason": "Спам"}, lambda p: p.is_hidden)


def check_apply(page, cell, allowed):
    project = cell.project
    agent = subject_agent(cell.user, project)
    applied = ProjectParticipant.objects.filter(project=project, agent=agent, status=ParticipantStatus.APPLIED)
    before = applied.count()

    response = page.post(f"/projects/{project.pk}/apply/", {"agent": agent.pk, "motivation": "Мы готовы."})

    if allowed:
        assert response.status_code == 302
        assert applied.count() == before + 1
    else:
        assert_refused(response, cell.user, cell.role, cell.state)
        assert applied.count() == before


def check_invite(page, cell, allowed):
    agent = AgentFactory()

    response = page.post(f"/projects/{cell.project.pk}/invite/", {"agent": agent.pk, "message": "Приглашаем."})

    invited = ProjectParticipant.objects.filter(project=cell.project, agent=agent, status=ParticipantStatus.INVITED)
    if allowed:
        assert response.status_code == 302
        assert invited.count() == 1
    else:
        assert_refused(response, cell.user, cell.role, cell.state)
        assert not invited.exists()


def post_participation(page, cell, allowed, action, data, expected_status):
    participant = cell.targets[action]
    before = participant.status
    response = page.post(f"/projects/participants/{participant.pk}/{action}/", data)
    participant.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert participant.status == expected_status
    else:
        assert_refused_participation(response, cell.user, participant, cell.role, cell.state)
        assert participant.status == before


def check_decide(page, cell, allowed):
    post_participation(page, cell, allowed, "decide", {"decision": "accept"}, "accepted")


def check_leave(page, cell, allowed):
    post_participation(page, cell, allowed, "leave", {}, "left")


def post_creation(page, cell, allowed, url, data, rows):
    """POST a form that creates a row; ``rows`` is the queryset where the new row appears."""
    before = rows.count()
    response = page.post(url, data)
    if allowed:
        assert response.status_code == 302, response.status_code
        assert rows.count() == before + 1
    else:
        missing_url = url.replace(f"/{cell.project.pk}/", "/0/").replace(f"project={cell.project.pk}", "project=0")
        assert_refused(response, cell.user, cell.role, cell.state, missing=lambda: page.post(missing_url, data))
        assert rows.count() == before


def check_comment(page, cell, allowed):
    """The comment form of the project page (``discussion:comment-create``)."""
    url = f"/projects/{cell.project.pk}/comments/"
    post_creation(page, cell, allowed, url, {"text": "Хороший проект."}, Comment.objects.filter(project=cell.project))


def check_report(page, cell, allowed):
    """The report form (``discussion:report-create``): reporting the project to the moderators."""
    url = f"/report/?project={cell.project.pk}"
    post_creation(page, cell, allowed, url, {"reason": "spam", "text": ""}, Report.objects.filter(project=cell.project))


def check_record(page, cell, allowed):
    """The value form of the project's monitoring (``monitoring:value-add``)."""
    data = {
        "value-indicator": cell.indicator.pk,
        "value-date": timezone.localdate().isoformat(),
        "value-value": "150",
        "value-note": "",
    }
    rows = IndicatorValue.objects.filter(indicator=cell.indicator)
    post_creation(page, cell, allowed, f"/projects/{cell.project.pk}/values/add/", data, rows)


def check_invite_expert(page, cell, allowed):
    """The experts' invitation page of the project (``experts:project-invite``), inviting a published expert."""
    data = {"expert": cell.invitee.pk, "message": "Помогите с экспертизой."}
    rows = ExpertInvitation.objects.filter(project=cell.project, expert=cell.invitee)
    post_creation(page, cell, allowed, f"/experts/projects/{cell.project.pk}/invite/", data, rows)


def check_attach(page, cell, allowed):
    """The upload page of the project (``cooperation:attachment-upload``)."""
    data = {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan"), "title": "План"}
    rows = Attachment.objects.filter(project=cell.project)
    post_creation(page, cell, allowed, f"/projects/{cell.project.pk}/attachments/", data, rows)


def check_plan(page, cell, allowed):
    """The milestone page of the project (``cooperation:milestone-add``)."""
    data = {"title": "Первый этап", "due_on": DUE_ON.isoformat()}
    rows = Milestone.objects.filter(project=cell.project)
    post_creation(page, cell, allowed, f"/projects/{cell.project.pk}/milestones/", data, rows)


def check_goals(page, cell, allowed):
    """The goal form of the project page (``cooperation:goal-add``)."""
    data = {"horizon": "strategic", "text_ru": "Расширить экономическое пространство", "text_en": ""}
    rows = ProjectGoal.objects.filter(project=cell.project)
    post_creation(page, cell, allowed, f"/projects/{cell.project.pk}/goals/", data, rows)


CHECKS = {
    "view": check_view,
    "change": check_change,
    "submit": check_submit,
    "moderate": check_moderate,
    "apply": check_apply,
    "decide": check_decide,
    "invite": check_invite,
    "start": check_start,
    "dates": check_dates,
    "complete": check_complete,
    "archive": check_archive,
    "leave": check_leave,
    "feature": check_feature,
    "hide": check_hide,
    "comment": check_comment,
    "report": check_report,
    "record": check_record,
    "invite_expert": check_invite_expert,
    "attach": check_attach,
    "plan": check_plan,
    "goals": check_goals,
    "history": check_history,
}


def test_every_action_of_the_table_has_a_page_check():
    assert set(CHECKS) == set(ACTIONS)
