"""The project workflow services: transitions, their log, moderation and partners."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from accounts.choices import SiteRole
from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, CooperationType, ParticipantStatus, ProjectState
from cooperation.models import Objective, Project, ProjectParticipant, ProjectTransition
from cooperation.notifications import PROJECT_TEMPLATES, notify_on_commit
from cooperation.selectors import moderation_queue, project_detail, project_list
from cooperation.services import projects as services
from cooperation.services.objectives import objectives_load_reference_data
from cooperation.services.projects import (
    participant_apply,
    participant_decide,
    participant_invite,
    participant_leave,
    participant_respond,
    project_approve,
    project_archive,
    project_complete,
    project_create,
    project_feature,
    project_hide,
    project_reject,
    project_request_changes,
    project_start,
    project_submit,
    project_update,
)
from core.exceptions import InvalidStateError
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    make_submittable,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_agent(lipetsk):
    return AgentFactory(region=lipetsk)


@pytest.fixture
def lead_admin(lead_agent):
    return MembershipFactory(agent=lead_agent, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def lead_member(lead_agent):
    return MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user


@pytest.fixture
def other_agent(voronezh):
    return AgentFactory(region=voronezh)


@pytest.fixture
def other_admin(other_agent):
    return MembershipFactory(agent=other_agent, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def moderator(make_user):
    return make_user(SiteRole.MODERATOR)


@pytest.fixture
def draft(lead_agent, lead_member):
    return project_create(
        lead_agent=lead_agent,
        actor=lead_member,
        title_ru="Цифровой регион",
        cooperation_types=[CooperationType.SCIENTIFIC, CooperationType.EDUCATIONAL],
    )


def state_of(project: Project) -> str:
    return Project.objects.values_list("state", flat=True).get(pk=project.pk)


def published(lead_agent) -> Project:
    return ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)


# --- Creating and editing.


def test_create_makes_a_draft_with_the_lead_as_accepted_participant(draft, lead_agent, lead_member):
    assert draft.state == ProjectState.DRAFT
    assert draft.created_by == lead_member
    lead = draft.participants.get()
    assert (lead.agent, lead.role, lead.status) == (lead_agent, "lead", ParticipantStatus.ACCEPTED)
    transition = draft.transitions.get()
    assert (transition.from_state, transition.to_state, transition.actor) == ("", "draft", lead_member)
    assert AuditLogEntry.objects.filter(action="project.created", target_id=str(draft.pk)).exists()


def test_only_members_of_the_lead_agent_create_its_projects(lead_agent, make_user, other_admin):
    with pytest.raises(PermissionDenied):
        project_create(lead_agent=lead_agent, actor=other_admin, title_en="X", cooperation_types=["scientific"])
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"title_ru": " ", "title_en": ""}, "title_ru"),
        ({"cooperation_types": []}, "cooperation_types"),
        ({"cooperation_types": ["scientific", "magic"]}, "cooperation_types"),
        ({"cooperation_types": ["scientific", "scientific"]}, "cooperation_types"),
        ({"starts_on": datetime.date(2026, 5, 1), "ends_on": datetime.date(2026, 4, 1)}, "ends_on"),
    ],
)
def test_bad_input_is_refused_per_field(lead_agent, lead_member, fields, error_field):
    data = {"title_en": "Digital region", "cooperation_types": ["production"], **fields}

    with pytest.raises(ValidationError) as caught:
        project_create(lead_agent=lead_agent, actor=lead_member, **data)

    assert error_field in caught.value.message_dict
    assert not Project.objects.exists()


def test_update_changes_given_fields_and_relations(draft, lead_member):
    objectives_load_reference_data()
    objective = Objective.objects.get(helix="science", sort_order=2)

    project_update(project=draft, actor=lead_member, title_en="Digital region", objectives=[objective])

    draft.refresh_from_db()
    assert draft.title_en == "Digital region"
    assert list(draft.objectives.all()) == [objective]
    entry = AuditLogEntry.objects.get(action="project.updated")
    assert entry.data["fields"] == ["objectives", "title_en"]


def test_update_is_refused_after_submission_with_the_current_state(draft, lead_member):
    project_submit(project=make_submittable(draft), actor=lead_member)

    with pytest.raises(InvalidStateError) as caught:
        project_update(project=draft, actor=lead_member, title_en="Late")

    assert caught.value.state == ProjectState.SUBMITTED


def test_update_by_an_outsider_is_denied(draft, other_admin):
    with pytest.raises(PermissionDenied):
        project_update(project=draft, actor=other_admin, title_en="Mine")


def test_update_rejects_unknown_fields(draft, lead_member):
    with pytest.raises(TypeError):
        project_update(project=draft, actor=lead_member, state=ProjectState.PUBLISHED)


# --- The workflow, one step after another.


def test_the_whole_workflow_is_logged(draft, lead_member, lead_admin, moderator):
    project_submit(project=make_submittable(draft), actor=lead_member)
    project_request_changes(project=draft, actor=moderator, comment="Add the English title.")
    project_update(project=draft, actor=lead_member, title_en="Digital region")
    project_submit(project=make_submittable(draft), actor=lead_member)
    project_approve(project=draft, actor=moderator)
    project_start(project=draft, actor=lead_admin)
    project_complete(project=draft, actor=lead_admin)
    project_archive(project=draft, actor=lead_admin)

    steps = list(draft.transitions.values_list("from_state", "to_state", "actor", "reason"))
    assert steps == [
        ("", "draft", lead_member.pk, ""),
        ("draft", "submitted", lead_member.pk, ""),
        ("submitted", "changes_requested", moderator.pk, "Add the English title."),
        ("changes_requested", "submitted", lead_member.pk, ""),
        ("submitted", "published", moderator.pk, ""),
        ("published", "active", lead_admin.pk, ""),
        ("active", "completed", lead_admin.pk, ""),
        ("completed", "archived", lead_admin.pk, ""),
    ]
    actions = list(
        AuditLogEntry.objects.filter(action__startswith="project.").order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "project.created",
        "project.submitted",
        "project.changes_requested",
        "project.updated",
        "project.submitted",
        "project.approved",
        "project.started",
        "project.completed",
        "project.archived",
    ]
    changes = AuditLogEntry.objects.get(action="project.changes_requested")
    assert changes.data == {
        "from_state": "submitted",
        "to_state": "changes_requested",
        "reason": "Add the English title.",
    }
    assert state_of(draft) == ProjectState.ARCHIVED


def test_reject_needs_a_reason_and_records_it(draft, lead_member, moderator):
    project_submit(project=make_submittable(draft), actor=lead_member)

    with pytest.raises(ValidationError) as caught:
        project_reject(project=draft, actor=moderator, reason="   ")
    assert "reason" in caught.value.message_dict
    assert state_of(draft) == ProjectState.SUBMITTED

    project_reject(project=draft, actor=moderator, reason="Advertising, not a project.")
    assert state_of(draft) == ProjectState.REJECTED
    assert draft.transitions.last().reason == "Advertising, not a project."


def test_request_changes_needs_a_comment(draft, lead_member, moderator):
    project_submit(project=make_submittable(draft), actor=lead_member)

    with pytest.raises(ValidationError) as caught:
        project_request_changes(project=draft, actor=moderator, comment="")

    assert "comment" in caught.value.message_dict
    assert state_of(draft) == ProjectState.SUBMITTED
    assert not ProjectTransition.objects.filter(to_state=ProjectState.CHANGES_REQUESTED).exists()


@pytest.mark.parametrize(
    ("service", "state", "actor_name", "kwargs"),
    [
        (project_submit, ProjectState.PUBLISHED, "lead_member", {}),
        (project_approve, ProjectState.DRAFT, "moderator", {}),
        (project_approve, ProjectState.PUBLISHED, "moderator", {}),
        (project_reject, ProjectState.REJECTED, "moderator", {"reason": "x"}),
        (project_request_changes, ProjectState.ACTIVE, "moderator", {"comment": "x"}),
        (project_start, ProjectState.SUBMITTED, "lead_admin", {}),
        (project_start, ProjectState.ACTIVE, "lead_admin", {}),
        (project_complete, ProjectState.PUBLISHED, "lead_admin", {}),
        (project_archive, ProjectState.ACTIVE, "lead_admin", {}),
    ],
)
def test_a_transition_from_the_wrong_state_says_the_current_state(
    request, lead_agent, service, state, actor_name, kwargs
):
    project = ProjectFactory(lead_agent=lead_agent, state=state)
    actor = request.getfixturevalue(actor_name)

    with pytest.raises(InvalidStateError) as caught:
        service(project=project, actor=actor, **kwargs)

    assert caught.value.state == state
    assert state_of(project) == state
    assert not project.transitions.exists()


@pytest.mark.parametrize(
    ("service", "state", "actor_name", "kwargs"),
    [
        (project_submit, ProjectState.DRAFT, "other_admin", {}),
        (project_approve, ProjectState.SUBMITTED, "lead_admin", {}),
        (project_reject, ProjectState.SUBMITTED, "lead_member", {"reason": "x"}),
        (project_start, ProjectState.PUBLISHED, "lead_member", {}),
        (project_start, ProjectState.PUBLISHED, "moderator", {}),
        (project_complete, ProjectState.ACTIVE, "other_admin", {}),
        (project_archive, ProjectState.COMPLETED, "lead_member", {}),
    ],
)
def test_a_transition_by_the_wrong_person_is_denied(request, lead_agent, service, state, actor_name, kwargs):
    project = ProjectFactory(lead_agent=lead_agent, state=state)
    actor = request.getfixturevalue(actor_name)

    with pytest.raises(PermissionDenied):
        service(project=project, actor=actor, **kwargs)

    assert state_of(project) == state
    assert not AuditLogEntry.objects.exists()


def test_site_administrators_run_projects_of_any_agent(lead_agent, make_user):
    project = published(lead_agent)
    administrator = make_user(SiteRole.ADMINISTRATOR)

    project_start(project=project, actor=administrator)

    assert state_of(project) == ProjectState.ACTIVE


def test_transitions_notify_the_people_concerned_after_commit(
    monkeypatch, draft, lead_member, lead_admin, moderator, django_capture_on_commit_callbacks
):
    sent = []

    def record(*, users, template, context, exclude=None):
        sent.append((template, {user.pk for user in users if user != exclude}))
        return True

    monkeypatch.setattr(services, "notify_on_commit", record)

    project_submit(project=make_submittable(draft), actor=lead_member)
    project_approve(project=draft, actor=moderator)

    assert sent == [
        ("cooperation/email/project_submitted", {moderator.pk}),
        ("cooperation/email/project_approved", {lead_member.pk, lead_admin.pk}),
        # the partner invited from the draft (its agent has no administrator here) is told on publication
        ("cooperation/email/participant_invited", set()),
    ]
    assert {template for template, _ in sent} <= set(PROJECT_TEMPLATES)


def test_notifications_wait_for_their_templates(make_user, django_capture_on_commit_callbacks):
    user = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        missing = notify_on_commit(users=[user], template="cooperation/email/no_such_notification", context={})
    assert missing is False
    assert mail.outbox == []

    membership = MembershipFactory(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        present = notify_on_commit(
            users=[user], template="cooperation/email/membership_decided", context={"membership": membership}
        )
    assert present is True
    assert mail.outbox[-1].to == [user.email]


def test_moderators_hear_of_a_submission_and_the_lead_of_the_approval_in_their_language(
    draft, lead_member, lead_admin, moderator, django_capture_on_commit_callbacks
):
    lead_member.language = "en"
    lead_member.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        project_submit(project=make_submittable(draft), actor=lead_member)
    assert [m.to for m in mail.outbox] == [[moderator.email]]

    with django_capture_on_commit_callbacks(execute=True):
        project_approve(project=draft, actor=moderator)
    approvals = {m.to[0]: m for m in mail.outbox[1:]}
    assert set(approvals) == {lead_member.email, lead_admin.email}
    assert approvals[lead_member.email].subject.startswith("[Spiral] Your project is published")
    assert approvals[lead_admin.email].subject.startswith("[Спираль] Ваш проект опубликован")


def test_every_project_notification_has_its_texts():
    from cooperation.notifications import PROJECT_TEMPLATES, template_exists

    assert [template for template in PROJECT_TEMPLATES if not template_exists(template)] == []


# --- Moderation flags and reads.


def test_feature_and_hide_are_audited_and_hiding_needs_a_reason(lead_agent, moderator, lead_member):
    project = published(lead_agent)

    project_feature(project=project, actor=moderator)
    with pytest.raises(ValidationError):
        project_hide(project=project, actor=moderator, reason="")
    project_hide(project=project, actor=moderator, reason="Spam.")

    project.refresh_from_db()
    assert (project.is_hidden, project.is_featured) == (True, False)
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "project.featured",
        "project.hidden",
    ]
    with pytest.raises(PermissionDenied):
        project_feature(project=project, actor=lead_member)


def test_hidden_projects_are_seen_by_their_participants_only(lead_agent, lead_member, moderator, make_user, voronezh):
    project = published(lead_agent)
    partner = ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))
    partner_member = MembershipFactory(agent=partner.agent).user
    project = project_hide(project=project, actor=moderator, reason="Spam.")
    outsider = make_user()

    for user in (lead_member, partner_member, moderator):
        assert project_detail(user, project.pk) == project
        assert user.has_perm("cooperation.view_project", project)
    with pytest.raises(Project.DoesNotExist):
        project_detail(outsider, project.pk)
    assert not outsider.has_perm("cooperation.view_project", project)


def test_drafts_are_not_found_by_outsiders(draft, make_user, lead_member):
    with pytest.raises(Project.DoesNotExist):
        project_detail(make_user(), draft.pk)
    with pytest.raises(Project.DoesNotExist):
        project_detail(lead_member, draft.pk + 1000)
    assert project_detail(lead_member, draft.pk) == draft


def test_moderation_queue_lists_submitted_projects_oldest_submission_first(lead_agent, lead_member, moderator):
    first = project_create(lead_agent=lead_agent, actor=lead_member, title_en="A", cooperation_types=["scientific"])
    second = project_create(lead_agent=lead_agent, actor=lead_member, title_en="B", cooperation_types=["scientific"])
    project_submit(project=make_submittable(second), actor=lead_member)
    project_submit(project=make_submittable(first), actor=lead_member)
    ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED)

    assert list(moderation_queue()) == [second, first]


def test_project_list_takes_a_constant_number_of_queries(django_assert_max_num_queries, lipetsk, voronezh):
    def build(count: int) -> None:
        for _ in range(count):
            project = ProjectFactory(lead_agent=AgentFactory(region=lipetsk), state=ProjectState.PUBLISHED)
            ParticipantFactory(project=project, agent=AgentFactory(region=voronezh))

    def render() -> list:
        return [(p.title, p.lead_agent.name, p.is_interregional, list(p.objectives.all())) for p in project_list(None)]

    build(2)
    with django_assert_max_num_queries(6):
        assert len(render()) == 2
    build(8)
    with django_assert_max_num_queries(6):
        assert len(render()) == 10


# --- Partners.


def test_an_application_accepted_by_the_lead_makes_the_project_interregional(
    lead_agent, lead_admin, other_agent, other_admin
):
    project = published(lead_agent)
    assert not project.is_interregional

    application = participant_apply(project=project, agent=other_agent, actor=other_admin, motivation=" We build. ")
    assert (application.status, application.motivation) == (ParticipantStatus.APPLIED, "We build.")
    participant_decide(participant=application, actor=lead_admin, accept=True)

    application.refresh_from_db()
    assert (application.status, application.decided_by) == (ParticipantStatus.ACCEPTED, lead_admin)
    project = Project.objects.get(pk=project.pk)
    assert {region.pk for region in project.regions} == {lead_agent.region_id, other_agent.region_id}
    assert project.is_interregional
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "participant.applied",
        "participant.application.accepted",
    ]


def test_partners_of_the_same_region_do_not_make_a_project_interregional(lead_agent, lipetsk):
    project = published(lead_agent)
    ParticipantFactory(project=project, agent=AgentFactory(region=lipetsk))
    ParticipantFactory(project=project, agent=AgentFactory(region=lipetsk), status=ParticipantStatus.APPLIED)

    assert [region.pk for region in project.regions] == [lipetsk.pk]
    assert not project.is_interregional


def test_only_accepted_participants_count_for_regions(lead_agent, voronezh):
    project = published(lead_agent)
    for status in (ParticipantStatus.APPLIED, ParticipantStatus.INVITED, ParticipantStatus.DECLINED):
        ParticipantFactory(project=project, agent=AgentFactory(region=voronezh), status=status)

    assert not project.is_interregional


def test_two_identical_applications_make_one(lead_agent, other_agent, other_admin):
    project = published(lead_agent)
    participant_apply(project=project, agent=other_agent, actor=other_admin, motivation="Hello")

    with pytest.raises(ValidationError) as caught:
        participant_apply(project=project, agent=other_agent, actor=other_admin, motivation="Hello")

    assert "agent" in caught.value.message_dict
    assert ProjectParticipant.objects.filter(project=project, agent=other_agent).count() == 1


def test_the_database_refuses_a_second_active_participation(lead_agent, other_agent):
    project = published(lead_agent)
    ParticipantFactory(project=project, agent=other_agent, status=ParticipantStatus.APPLIED)
    ParticipantFactory(project=project, agent=other_agent, status=ParticipantStatus.DECLINED)  # history is kept

    with pytest.raises(IntegrityError), transaction.atomic():
        ParticipantFactory(project=project, agent=other_agent, status=ParticipantStatus.INVITED)


def test_a_duplicate_that_slips_past_the_check_becomes_a_field_error(monkeypatch, lead_agent, other_agent, other_admin):
    """The unique constraint is the backstop when the existence check races (see the PostgreSQL test)."""
    project = published(lead_agent)
    ParticipantFactory(project=project, agent=other_agent, status=ParticipantStatus.APPLIED)

    with pytest.raises(ValidationError) as caught:
        services._create_participation(
            project=project, agent=other_agent, role="partner", status=ParticipantStatus.APPLIED
        )
    assert "agent" in caught.value.message_dict


@pytest.mark.parametrize("state", [ProjectState.DRAFT, ProjectState.SUBMITTED, ProjectState.COMPLETED])
def test_applications_only_to_open_projects(lead_agent, other_agent, other_admin, state):
    project = ProjectFactory(lead_agent=lead_agent, state=state)

    with pytest.raises(InvalidStateError) as caught:
        participant_apply(project=project, agent=other_agent, actor=other_admin, motivation="Hello")

    assert caught.value.state == state


def test_an_application_needs_a_motivation_and_a_member_of_the_agent(lead_agent, other_agent, other_admin, make_user):
    project = published(lead_agent)

    with pytest.raises(ValidationError) as caught:
        participant_apply(project=project, agent=other_agent, actor=other_admin, motivation=" ")
    assert "motivation" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        participant_apply(project=project, agent=other_agent, actor=make_user(), motivation="Hello")
    assert not ProjectParticipant.objects.filter(agent=other_agent).exists()


def test_the_lead_cannot_apply_to_its_own_project(lead_agent, lead_admin):
    project = published(lead_agent)

    with pytest.raises(ValidationError):
        participant_apply(project=project, agent=lead_agent, actor=lead_admin, motivation="Hello")


def test_a_decided_application_cannot_be_decided_again(lead_agent, lead_admin, other_agent):
    project = published(lead_agent)
    application = ParticipantFactory(project=project, agent=other_agent, status=ParticipantStatus.DECLINED)

    with pytest.raises(InvalidStateError) as caught:
        participant_decide(participant=application, actor=lead_admin, accept=True)

    assert caught.value.state == ParticipantStatus.DECLINED


def test_only_the_leads_administrators_decide(lead_agent, lead_member, other_agent, other_admin):
    project = published(lead_agent)
    application = ParticipantFactory(project=project, agent=other_agent, status=ParticipantStatus.APPLIED)

    for actor in (lead_member, other_admin):
        with pytest.raises(PermissionDenied):
            participant_decide(participant=application, actor=actor, accept=True)


def test_an_invitation_is_answered_by_the_invited_agents_administrator(
    lead_agent, lead_admin, other_agent, other_admin
):
    project = published(lead_agent)
    other_member = MembershipFactory(agent=other_agent).user

    invitation = participant_invite(project=project, agent=other_agent, actor=lead_admin, message="Join us")
    with pytest.raises(PermissionDenied):
        participant_respond(participant=invitation, actor=other_member, accept=True)
    participant_respond(participant=invitation, actor=other_admin, accept=False)

    invitation.refresh_from_db()
    assert (invitation.status, invitation.decided_by) == (ParticipantStatus.DECLINED, other_admin)
    with pytest.raises(InvalidStateError):
        participant_respond(participant=invitation, actor=other_admin, accept=True)
    # declined invitations are history: the agent may be invited again
    again = participant_invite(project=project, agent=other_agent, actor=lead_admin)
    participant_respond(participant=again, actor=other_admin, accept=True)
    assert Project.objects.get(pk=project.pk).is_interregional
    assert list(AuditLogEntry.objects.order_by("id").values_list("action", flat=True)) == [
        "participant.invited",
        "participant.invitation.declined",
        "participant.invited",
        "participant.invitation.accepted",
    ]


def test_inviting_needs_a_draft_or_an_open_project_and_someone_who_runs_it(
    lead_agent, lead_member, lead_admin, other_agent
):
    with pytest.raises(InvalidStateError):
        participant_invite(
            project=ProjectFactory(lead_agent=lead_agent, state=ProjectState.SUBMITTED),
            agent=other_agent,
            actor=lead_admin,
        )
    with pytest.raises(PermissionDenied):
        participant_invite(project=published(lead_agent), agent=other_agent, actor=lead_member)


def test_a_partner_leaves_and_the_lead_cannot(lead_agent, lead_admin, other_agent, other_admin):
    project = published(lead_agent)
    partner = ParticipantFactory(project=project, agent=other_agent)

    participant_leave(participant=partner, actor=other_admin)

    partner.refresh_from_db()
    assert partner.status == ParticipantStatus.LEFT
    assert not Project.objects.get(pk=project.pk).is_interregional
    with pytest.raises(InvalidStateError) as caught:
        participant_leave(participant=partner, actor=other_admin)
    assert caught.value.state == ParticipantStatus.LEFT
    with pytest.raises(PermissionDenied):
        participant_leave(participant=project.participants.get(role="lead"), actor=lead_admin)


# --- The catalogue of objectives.


def test_objectives_load_idempotently_and_keep_edits(db):
    assert objectives_load_reference_data() == 20
    Objective.objects.filter(helix="civil", sort_order=1).update(text_en="Employment growth")

    assert objectives_load_reference_data() == 0

    assert Objective.objects.count() == 20
    assert set(Objective.objects.values_list("helix", flat=True)) == {"government", "business", "science", "civil"}
    assert Objective.objects.get(helix="civil", sort_order=1).text_en == "Employment growth"
