"""The projects API beyond the permission matrix (that is ``test_project_permissions_api.py``):
input and its errors, state conflicts, what each caller reads, the moderation queue and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, CooperationType, Helix, ParticipantStatus, ProjectState
from cooperation.models import Objective, Project, ProjectParticipant, ProjectTransition
from cooperation.services.objectives import objectives_load_reference_data
from cooperation.services.projects import (
    participant_apply,
    participant_invite,
    project_approve,
    project_request_changes,
    project_submit,
)
from regions.models import Region
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    MilestoneFactory,
    ParticipantFactory,
    ProjectFactory,
    make_submittable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def lead_agent(lipetsk):
    return AgentFactory(region=lipetsk, helix=Helix.BUSINESS)


@pytest.fixture
def lead_admin(lead_agent):
    return MembershipFactory(agent=lead_agent, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def lead_member(lead_agent):
    return MembershipFactory(agent=lead_agent).user


@pytest.fixture
def moderator(make_user):
    return make_user(SiteRole.MODERATOR)


def as_user(api, user):
    api.force_authenticate(user)
    return api


# --- Creating and editing.


def test_create_takes_classifiers_and_objectives_by_id_or_code(api, lead_agent, lead_member):
    # given
    objectives_load_reference_data()
    objective = Objective.objects.get(helix=Helix.SCIENCE, sort_order=3)
    steel = ClassifierItem.objects.get(classifier__code="grnti", code="53")
    manufacturing = ClassifierItem.objects.get(classifier__code="nace2", code="C")

    # when
    response = as_user(api, lead_member).post(
        "/api/projects/",
        {
            "lead_agent": lead_agent.pk,
            "title_ru": "Цифровой двойник доменной печи",
            "title_en": "Blast furnace digital twin",
            "summary_ru": "Совместная модель.",
            "cooperation_types": ["scientific", "production"],
            "objectives": ["business:4", objective.pk],
            "directions": ["nace2:C"],
            "rubrics": [steel.pk, "28"],
            "starts_on": "2026-03-01",
            "ends_on": "2027-12-31",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then
    assert response.status_code == 201, response.data
    project = Project.objects.get(pk=response.data["id"])
    assert project.state == ProjectState.DRAFT
    assert project.created_by == lead_member
    assert set(project.objectives.values_list("helix", "sort_order")) == {("business", 4), ("science", 3)}
    assert list(project.directions.all()) == [manufacturing]
    assert set(project.rubrics.values_list("code", flat=True)) == {"53", "28"}
    assert project.participants.get().role == "lead"
    assert ProjectTransition.objects.filter(project=project, to_state=ProjectState.DRAFT).exists()
    data = response.data
    assert data["state"] == "draft"
    assert data["cooperation_types_display"] == ["Scientific", "Production"]
    assert "level" not in data and "level_display" not in data  # a level follows from evidence (issue #13)
    assert data["regions"] == [{"iso_code": "RU-LIP", "name_ru": "Липецкая область", "name_en": "Lipetsk Oblast"}]
    assert data["is_interregional"] is False


def test_create_refuses_an_agent_the_caller_does_not_act_for(api, make_user, lead_agent):
    response = as_user(api, make_user()).post(
        "/api/projects/", {"lead_agent": lead_agent.pk, "title_ru": "Чужой", "cooperation_types": ["scientific"]}
    )

    assert response.status_code == 400
    assert set(response.data) == {"lead_agent"}
    assert not Project.objects.exists()


def test_anonymous_callers_cannot_create(api, lead_agent):
    response = api.post("/api/projects/", {"lead_agent": lead_agent.pk, "title_ru": "Т", "cooperation_types": []})

    assert response.status_code in (401, 403)
    assert not Project.objects.exists()


def test_invalid_input_gives_messages_per_field(api, lead_agent, lead_member):
    response = as_user(api, lead_member).post(
        "/api/projects/",
        {
            "lead_agent": lead_agent.pk,
            "title_ru": "",
            "title_en": " ",
            "cooperation_types": [],
            "directions": ["nace2:ZZ"],
            "rubrics": ["nace2:C"],  # not a rubric
        },
    )
    assert response.status_code == 400
    assert set(response.data) == {"directions", "rubrics"}

    response = api.post(
        "/api/projects/",
        {
            "lead_agent": lead_agent.pk,
            "title_ru": "",
            "cooperation_types": [],
            "starts_on": "2027-01-01",
            "ends_on": "2026-01-01",
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 400
    assert set(response.data) == {"title_ru", "cooperation_types", "ends_on"}
    assert all(isinstance(message, str) and message for message in response.data["title_ru"])

    response = api.post(
        "/api/projects/", {"lead_agent": lead_agent.pk, "title_ru": "Т", "cooperation_types": ["astrology"]}
    )
    assert response.status_code == 400
    assert set(response.data) == {"cooperation_types"}
    assert not Project.objects.exists()


def test_partial_update_changes_only_the_given_fields(api, lead_agent, lead_member):
    project = ProjectFactory(lead_agent=lead_agent, lead=False, title_ru="Старое", title_en="Old")

    response = as_user(api, lead_member).patch(f"/api/projects/{project.pk}/", {"title_en": "New", "rubrics": ["53"]})

    assert response.status_code == 200, response.data
    project.refresh_from_db()
    assert (project.title_ru, project.title_en) == ("Старое", "New")
    assert list(project.rubrics.values_list("code", flat=True)) == ["53"]
    assert AuditLogEntry.objects.filter(action="project.updated").exists()


def test_update_outside_the_editable_states_answers_409_with_the_state(api, lead_agent, lead_member):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.SUBMITTED)

    response = as_user(api, lead_member).patch(f"/api/projects/{project.pk}/", {"title_en": "Late"})

    assert response.status_code == 409
    assert response.data["state"] == "submitted"
    assert response.data["detail"]


# --- The workflow.


def test_the_workflow_through_the_api(
    api, lead_agent, lead_admin, moderator, voronezh, mailoutbox, django_capture_on_commit_callbacks
):
    # given a draft with what the checklist asks
    project = make_submittable(ProjectFactory(lead_agent=lead_agent))
    partner_agent = AgentFactory(region=voronezh, helix=Helix.SCIENCE)
    partner_admin = MembershipFactory(agent=partner_agent, role=AgentRole.ADMINISTRATOR).user
    lead, moderation, partner = APIClient(), APIClient(), APIClient()
    lead.force_authenticate(lead_admin)
    moderation.force_authenticate(moderator)
    partner.force_authenticate(partner_admin)
    url = f"/api/projects/{project.pk}"

    # when / then
    with django_capture_on_commit_callbacks(execute=True):
        assert lead.post(f"{url}/submit/").data["state"] == "submitted"
    assert [message.to for message in mailoutbox] == [[moderator.email]]
    response = moderation.post(f"{url}/request-changes/", {"comment": "Уточните сроки."})
    assert response.data["state"] == "changes_requested"
    assert lead.post(f"{url}/submit/").data["state"] == "submitted"
    assert moderation.post(f"{url}/approve/").data["state"] == "published"
    application = partner.post(f"{url}/apply/", {"agent": partner_agent.pk, "motivation": "Лаборатория."})
    assert application.status_code == 201, application.data
    assert application.data["status"] == "applied"
    decided = lead.post(f"/api/project-participants/{application.data['id']}/decide/", {"accept": True})
    assert decided.data["status"] == "accepted"
    assert lead.post(f"{url}/start/").data["state"] == "active"
    detail = lead.get(f"{url}/").data
    assert detail["is_interregional"] is True
    assert {region["iso_code"] for region in detail["regions"]} == {"RU-VOR", "RU-LIP"}
    assert detail["helix_balance"]["counts"] == {"government": 0, "business": 1, "science": 1, "civil": 0}
    assert detail["helix_balance"]["missing"] == ["government", "civil"]
    assert len(detail["helix_balance"]["missing_display"]) == 2
    assert partner.post(f"/api/project-participants/{application.data['id']}/leave/").data["status"] == "left"
    assert lead.post(f"{url}/complete/").data["state"] == "completed"
    assert lead.post(f"{url}/archive/").data["state"] == "archived"

    history = lead.get(f"{url}/transitions/").data
    assert [step["to_state"] for step in history] == [
        "submitted",
        "changes_requested",
        "submitted",
        "published",
        "active",
        "completed",
        "archived",
    ]
    assert history[1]["reason"] == "Уточните сроки."


def test_wrong_state_transitions_answer_409_with_the_current_state(api, lead_agent, lead_admin, moderator):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)

    submit = as_user(APIClient(), lead_admin).post(f"/api/projects/{project.pk}/submit/")
    approve = as_user(APIClient(), moderator).post(f"/api/projects/{project.pk}/approve/")
    archive = as_user(APIClient(), lead_admin).post(f"/api/projects/{project.pk}/archive/")

    for response in (submit, approve, archive):
        assert response.status_code == 409
        assert response.data["state"] == "published"
    assert Project.objects.get(pk=project.pk).state == ProjectState.PUBLISHED


def test_moderation_reasons_are_required_per_field(api, lead_agent, moderator):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.SUBMITTED)
    api = as_user(api, moderator)

    reject = api.post(f"/api/projects/{project.pk}/reject/", {"reason": "  "})
    changes = api.post(f"/api/projects/{project.pk}/request-changes/", {})
    missing = api.post(f"/api/projects/{project.pk}/reject/", {})

    assert reject.status_code == 400 and set(reject.data) == {"reason"}
    assert changes.status_code == 400 and set(changes.data) == {"comment"}
    assert missing.status_code == 400 and set(missing.data) == {"reason"}
    assert Project.objects.get(pk=project.pk).state == ProjectState.SUBMITTED


def test_reject_records_the_reason(api, lead_agent, moderator):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.SUBMITTED)

    response = as_user(api, moderator).post(f"/api/projects/{project.pk}/reject/", {"reason": "Не по теме."})

    assert response.status_code == 200
    assert response.data["state"] == "rejected"
    assert ProjectTransition.objects.get(project=project).reason == "Не по теме."


def test_feature_unfeature_hide_and_show(api, lead_agent, moderator, make_user):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.ACTIVE)
    api = as_user(api, moderator)
    url = f"/api/projects/{project.pk}"

    assert api.post(f"{url}/feature/").data["is_featured"] is True
    assert api.post(f"{url}/hide/", {}).status_code == 400  # a reason is required
    hidden = api.post(f"{url}/hide/", {"reason": "Оскорбительное содержание."}).data
    assert (hidden["is_hidden"], hidden["is_featured"]) == (True, False)
    assert api.post(f"{url}/feature/").status_code == 403  # a hidden project cannot be featured (the rule says no)
    assert as_user(APIClient(), make_user()).get(f"{url}/").status_code == 404
    assert api.post(f"{url}/show/").data["is_hidden"] is False
    assert api.post(f"{url}/feature/").data["is_featured"] is True
    assert api.post(f"{url}/unfeature/").data["is_featured"] is False


def test_an_identical_second_application_is_refused_per_field(api, lead_agent, voronezh):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
    agent = AgentFactory(region=voronezh)
    api = as_user(api, MembershipFactory(agent=agent).user)

    first = api.post(f"/api/projects/{project.pk}/apply/", {"agent": agent.pk, "motivation": "Да."})
    second = api.post(f"/api/projects/{project.pk}/apply/", {"agent": agent.pk, "motivation": "Да."})
    empty = api.post(f"/api/projects/{project.pk}/apply/", {"agent": AgentFactory().pk, "motivation": ""})

    assert first.status_code == 201
    assert second.status_code == 400 and set(second.data) == {"agent"}
    assert empty.status_code == 403  # not one of the caller's agents
    assert ProjectParticipant.objects.filter(project=project, agent=agent).count() == 1


def test_invitation_is_answered_by_the_invited_agents_administrator(api, lead_agent, lead_admin, voronezh):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
    guest = AgentFactory(region=voronezh, helix=Helix.CIVIL)
    guest_admin = MembershipFactory(agent=guest, role=AgentRole.ADMINISTRATOR).user

    invitation = as_user(APIClient(), lead_admin).post(
        f"/api/projects/{project.pk}/invite/", {"agent": guest.pk, "message": "Присоединяйтесь."}
    )
    assert invitation.status_code == 201, invitation.data
    assert invitation.data["status"] == "invited"
    assert invitation.data["motivation"] == "Присоединяйтесь."
    # the guest finds it among its participations
    guest_api = as_user(APIClient(), guest_admin)
    mine = guest_api.get("/api/project-participants/", {"status": "invited"}).data["results"]
    assert [item["id"] for item in mine] == [invitation.data["id"]]

    answer = guest_api.post(f"/api/project-participants/{invitation.data['id']}/respond/", {"accept": True})
    again = guest_api.post(f"/api/project-participants/{invitation.data['id']}/respond/", {"accept": False})

    assert answer.status_code == 200 and answer.data["status"] == "accepted"
    assert again.status_code == 409 and again.data["state"] == "accepted"
    assert ProjectParticipant.objects.get(pk=invitation.data["id"]).status == ParticipantStatus.ACCEPTED


def test_decide_requires_a_boolean(api, lead_agent, lead_admin, voronezh):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
    application = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh), status="applied")

    response = as_user(api, lead_admin).post(f"/api/project-participants/{application.pk}/decide/", {})

    assert response.status_code == 400 and set(response.data) == {"accept"}


# --- What each caller reads.


def test_private_projects_answer_404(api, lead_agent, lead_member, make_user):
    draft = ProjectFactory(lead_agent=lead_agent)

    assert api.get(f"/api/projects/{draft.pk}/").status_code == 404
    assert as_user(APIClient(), make_user()).get(f"/api/projects/{draft.pk}/").status_code == 404
    assert as_user(APIClient(), make_user()).post(f"/api/projects/{draft.pk}/submit/").status_code == 404
    assert as_user(APIClient(), lead_member).get(f"/api/projects/{draft.pk}/").status_code == 200
    assert api.get("/api/projects/999999/").status_code == 404


def test_history_shows_the_moderators_reasons_only_to_the_lead_and_staff(
    api, lead_agent, lead_member, moderator, make_user
):
    # given a project that was sent back with a comment, then published
    project = ProjectFactory(lead_agent=lead_agent)
    project_submit(project=make_submittable(project), actor=lead_member)
    project_request_changes(project=project, actor=moderator, comment="Добавьте партнёров из других регионов.")
    project_submit(project=make_submittable(project), actor=lead_member)
    project_approve(project=project, actor=moderator)
    url = f"/api/projects/{project.pk}/transitions/"

    # when
    public = api.get(url).data
    lead = as_user(APIClient(), lead_member).get(url).data
    staff = as_user(APIClient(), moderator).get(url).data

    # then
    assert [step["to_state"] for step in public] == ["submitted", "changes_requested", "submitted", "published"]
    assert all(step["reason"] is None for step in public)
    assert lead[1]["reason"] == staff[1]["reason"] == "Добавьте партнёров из других регионов."
    assert all(step["actor"] is None for step in public)
    assert lead[1]["actor"] == staff[1]["actor"] == moderator.get_full_name()


def test_participants_show_applications_only_to_the_lead_and_the_applicant(
    api, lead_agent, lead_admin, voronezh, make_user
):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
    partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    applicant_agent = AgentFactory(region=voronezh)
    applicant = MembershipFactory(agent=applicant_agent).user
    participant_apply(project=project, agent=applicant_agent, actor=applicant, motivation="Хотим участвовать.")
    url = f"/api/projects/{project.pk}/participants/"

    public = api.get(url).data
    lead = as_user(APIClient(), lead_admin).get(url).data
    own = as_user(APIClient(), applicant).get(url).data
    stranger = as_user(APIClient(), make_user()).get(url).data

    assert [(p["agent"]["id"], p["role"]) for p in public] == [(lead_agent.pk, "lead"), (partner.agent_id, "partner")]
    assert stranger == public
    assert all(p["motivation"] is None for p in public)
    assert {p["status"] for p in lead} == {"accepted", "applied"}
    assert [p["motivation"] for p in lead if p["status"] == "applied"] == ["Хотим участвовать."]
    assert [p["status"] for p in own if p["agent"]["id"] == applicant_agent.pk] == ["applied"]


def test_list_filters_through_the_api(api, lipetsk, voronezh):
    tambov = Region.objects.get(iso_code="RU-TAM")
    joint = ProjectFactory(
        state=ProjectState.ACTIVE,
        title_ru="Агробиотехнологический кластер",
        cooperation_types=[CooperationType.PRODUCTION, CooperationType.SCIENTIFIC],
    )
    ParticipantFactory(project=joint, agent=AgentFactory(region=voronezh))
    ParticipantFactory(project=joint, agent=AgentFactory(region=tambov))
    ProjectFactory(state=ProjectState.PUBLISHED, cooperation_types=[CooperationType.EDUCATIONAL])
    ProjectFactory(state=ProjectState.DRAFT, cooperation_types=[CooperationType.PRODUCTION])  # not visible

    def ids(**params):
        response = api.get("/api/projects/", params)
        assert response.status_code == 200, response.data
        return [item["id"] for item in response.data["results"]]

    assert ids(type="production") == [joint.pk]
    assert ids(region="RU-TAM") == [joint.pk]
    assert ids(interregional="true") == [joint.pk]
    assert ids(q="КЛАСТЕР", state="active") == [joint.pk]
    assert len(ids()) == 2
    assert api.get("/api/projects/", {"state": "nonsense"}).status_code == 400


def test_list_is_paginated_and_ordered_featured_first(api, reference_data):
    older = ProjectFactory(state=ProjectState.PUBLISHED, title_en="B")
    featured = ProjectFactory(state=ProjectState.PUBLISHED, is_featured=True, title_en="C")
    newer = ProjectFactory(state=ProjectState.PUBLISHED, title_en="A")

    default = api.get("/api/projects/").data
    by_title = api.get("/api/projects/", {"ordering": "title_en"}).data

    assert default["count"] == 3
    assert [item["id"] for item in default["results"]] == [featured.pk, newer.pk, older.pk]
    assert [item["id"] for item in by_title["results"]] == [newer.pk, older.pk, featured.pk]


# --- The moderation queue.


def test_moderation_queue_is_for_moderators_oldest_submission_first(api, moderator, make_user, lead_member, lead_agent):
    first = ProjectFactory(lead_agent=lead_agent)
    second = ProjectFactory(lead_agent=lead_agent)
    ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
    project_submit(project=make_submittable(second), actor=lead_member)
    project_submit(project=make_submittable(first), actor=lead_member)
    ProjectTransition.objects.filter(project=second).update(
        created_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )

    queue = as_user(APIClient(), moderator).get("/api/projects/moderation-queue/")
    member = as_user(APIClient(), make_user()).get("/api/projects/moderation-queue/")
    anonymous = api.get("/api/projects/moderation-queue/")

    assert queue.status_code == 200
    assert [item["id"] for item in queue.data["results"]] == [second.pk, first.pk]
    assert member.status_code == 403
    assert anonymous.status_code in (401, 403)


# --- Query counts.


def _grow(count: int, lipetsk, voronezh) -> None:
    rubric = ClassifierItem.objects.filter(classifier__code="grnti").first()
    for _ in range(count):
        project = ProjectFactory(
            state=ProjectState.PUBLISHED, lead_agent=AgentFactory(region=lipetsk, helix=Helix.SCIENCE)
        )
        project.rubrics.add(rubric)
        ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
        MilestoneFactory(project=project)


def _queries(api, url: str) -> int:
    api.get(url)  # the caller's roles are memoised on the user object, which the test client keeps
    with CaptureQueriesContext(connection) as queries:
        response = api.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_list_query_count_does_not_grow_with_the_projects(api, lipetsk, voronezh, make_user, signed_in):
    if signed_in:
        user = make_user()
        MembershipFactory(user=user, agent=AgentFactory(region=lipetsk))
        api.force_authenticate(user)
    _grow(2, lipetsk, voronezh)
    with_two = _queries(api, "/api/projects/")
    _grow(8, lipetsk, voronezh)
    with_ten = _queries(api, "/api/projects/")

    assert with_ten == with_two
    assert api.get("/api/projects/").data["count"] == 10


def test_moderation_queue_query_count_does_not_grow(api, moderator, lipetsk, voronezh):
    api.force_authenticate(moderator)

    def submit(count):
        for _ in range(count):
            project = ProjectFactory(state=ProjectState.SUBMITTED)
            ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))

    submit(2)
    with_two = _queries(api, "/api/projects/moderation-queue/")
    submit(8)
    with_ten = _queries(api, "/api/projects/moderation-queue/")

    assert with_ten == with_two


def test_participants_list_query_count_does_not_grow(api, lead_agent, lead_admin, voronezh):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.ACTIVE)
    api.force_authenticate(lead_admin)

    def join(count):
        for _ in range(count):
            participant_invite(project=project, agent=AgentFactory(region=voronezh), actor=lead_admin, message="")

    join(2)
    with_two = _queries(api, f"/api/projects/{project.pk}/participants/")
    join(8)
    with_ten = _queries(api, f"/api/projects/{project.pk}/participants/")

    assert with_ten == with_two


def test_the_start_api_takes_the_actual_start_and_refuses_the_future(lead_agent, lead_admin):
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
    api = as_user(APIClient(), lead_admin)
    today = timezone.localdate()

    future = api.post(f"/api/projects/{project.pk}/start/", {"started_on": str(today + datetime.timedelta(days=1))})
    started = api.post(f"/api/projects/{project.pk}/start/", {"started_on": str(today - datetime.timedelta(days=5))})

    assert future.status_code == 400
    assert "started_on" in future.data
    assert started.status_code == 200
    assert started.data["state"] == "active"
    assert started.data["started_on"] == str(today - datetime.timedelta(days=5))


def test_the_dates_api_corrects_an_active_project_and_refuses_a_bad_order(lead_agent, lead_admin):
    project = ProjectFactory(
        lead_agent=lead_agent, state=ProjectState.ACTIVE, starts_on=datetime.date(2027, 2, 1), started_on=None
    )
    api = as_user(APIClient(), lead_admin)

    moved = api.post(f"/api/projects/{project.pk}/dates/", {"starts_on": "2026-10-01", "ends_on": "2027-06-30"})
    reversed_ = api.post(f"/api/projects/{project.pk}/dates/", {"ends_on": "2026-01-01"})

    assert moved.status_code == 200
    assert (moved.data["starts_on"], moved.data["ends_on"]) == ("2026-10-01", "2027-06-30")
    assert reversed_.status_code == 400
    assert "ends_on" in reversed_.data


def test_inviting_a_hidden_agent_answers_as_inviting_a_missing_one(api, lead_agent, lead_admin, voronezh):
    # given an unverified agent the lead's administrator does not belong to, and an id no agent has
    project = ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)
    hidden = AgentFactory(region=voronezh, is_verified=False)
    missing_pk = hidden.pk + 1000
    client = as_user(api, lead_admin)

    # when
    to_hidden = client.post(f"/api/projects/{project.pk}/invite/", {"agent": hidden.pk}, HTTP_ACCEPT_LANGUAGE="en")
    to_missing = client.post(f"/api/projects/{project.pk}/invite/", {"agent": missing_pk}, HTTP_ACCEPT_LANGUAGE="en")

    # then both are refused with the same message, the id aside
    assert to_hidden.status_code == to_missing.status_code == 400
    assert to_hidden.data["agent"] == [f'Invalid pk "{hidden.pk}" - object does not exist.']
    assert to_missing.data["agent"] == [f'Invalid pk "{missing_pk}" - object does not exist.']
    assert not ProjectParticipant.objects.filter(project=project, agent=hidden).exists()
