"""Issue #12: the people who propose a project run it; starting records the actual start; dates are corrected.

The proposer is a *representative* of the lead agent who drafted the project (``project.created_by``).
Before the fix only the lead's administrators could invite, decide, start and complete, partners could
not be added to a draft, ``project_start`` took no date and an active project's dates could not change.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.choices import SiteRole
from audit.models import AuditLogEntry
from cooperation.checklist import failing_lines, submission_checklist
from cooperation.choices import AgentRole, CooperationType, Helix, ParticipantStatus, ProjectState
from cooperation.models import Project
from cooperation.services import projects as services
from cooperation.services.projects import (
    participant_apply,
    participant_decide,
    participant_invite,
    project_approve,
    project_change_dates,
    project_complete,
    project_create,
    project_start,
    project_submit,
)
from core.exceptions import InvalidStateError
from tests.cooperation.factories import AgentFactory, MembershipFactory, ObjectiveFactory, ProjectFactory
from tests.monitoring.factories import EffectFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


@pytest.fixture
def lead_agent(lipetsk):
    return AgentFactory(region=lipetsk, helix=Helix.BUSINESS)


@pytest.fixture
def proposer(lead_agent):
    return MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user


@pytest.fixture
def colleague(lead_agent):
    """Another representative of the lead, who did not propose the project."""
    return MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user


@pytest.fixture
def university(voronezh):
    return AgentFactory(region=voronezh, helix=Helix.SCIENCE)


@pytest.fixture
def university_admin(university):
    return MembershipFactory(agent=university, role=AgentRole.ADMINISTRATOR).user


@pytest.fixture
def moderator(make_user):
    return make_user(SiteRole.MODERATOR)


@pytest.fixture
def draft(lead_agent, proposer, university):
    """A draft with a partner chosen on the form, an objective and an effect with an indicator."""
    project = project_create(
        lead_agent=lead_agent,
        actor=proposer,
        title_ru="Центр прототипирования",
        cooperation_types=[CooperationType.PRODUCTION],
        objectives=[ObjectiveFactory()],
        partners=[university],
        helix_reason="Власть и общество подключатся на втором этапе.",
        starts_on=datetime.date(2027, 2, 1),
    )
    IndicatorFactory(effect=EffectFactory(project=project))
    return project


def test_partners_chosen_on_the_draft_are_invited_when_the_project_is_published(
    monkeypatch, draft, university, university_admin, proposer, moderator
):
    sent = []
    monkeypatch.setattr(
        services, "notify_on_commit", lambda *, users, template, context, exclude=None: sent.append((template, users))
    )

    invitation = draft.participants.get(agent=university)
    assert invitation.status == ParticipantStatus.INVITED
    assert invitation.created_by == proposer
    project_submit(project=draft, actor=proposer)
    assert [template for template, _users in sent] == ["cooperation/email/project_submitted"]  # not told yet

    project_approve(project=draft, actor=moderator)

    assert ("cooperation/email/participant_invited", [university_admin]) in sent


def test_the_proposer_invites_from_the_draft_and_a_colleague_may_not(draft, proposer, colleague, voronezh):
    other = AgentFactory(region=voronezh)

    invited = participant_invite(project=draft, agent=other, actor=proposer)

    assert invited.status == ParticipantStatus.INVITED
    with pytest.raises(PermissionDenied):
        participant_invite(project=draft, agent=AgentFactory(region=voronezh), actor=colleague)


def test_an_unverified_agent_cannot_be_invited_from_the_draft(draft, proposer, voronezh):
    with pytest.raises(ValidationError) as caught:
        participant_invite(project=draft, agent=AgentFactory(region=voronezh, is_verified=False), actor=proposer)

    assert "agent" in caught.value.message_dict


def test_the_proposer_runs_the_project_to_its_end(draft, proposer, colleague, moderator, make_user, tomsk_agent):
    project_submit(project=draft, actor=proposer)
    project_approve(project=draft, actor=moderator)
    applicant = MembershipFactory(agent=tomsk_agent, role=AgentRole.ADMINISTRATOR).user
    application = participant_apply(project=draft, agent=tomsk_agent, actor=applicant, motivation="Готовы.")

    with pytest.raises(PermissionDenied):
        project_start(project=draft, actor=colleague, today=TODAY)
    participant_decide(participant=application, actor=proposer, accept=True)
    project_start(project=draft, actor=proposer, started_on=datetime.date(2026, 11, 2), today=TODAY)
    project_complete(project=draft, actor=proposer)

    project = Project.objects.get(pk=draft.pk)
    assert project.state == ProjectState.COMPLETED
    assert project.started_on == datetime.date(2026, 11, 2)
    assert project.starts_on == datetime.date(2027, 2, 1)  # the plan stays as it was


@pytest.fixture
def tomsk_agent(reference_data):
    from regions.models import Region

    return AgentFactory(region=Region.objects.get(iso_code="RU-TOM"))


def published(lead_agent, proposer) -> Project:
    return ProjectFactory(lead_agent=lead_agent, state=ProjectState.PUBLISHED, created_by=proposer)


def test_starting_records_the_actual_start_today_by_default(lead_agent, proposer):
    project = published(lead_agent, proposer)

    project_start(project=project, actor=proposer, today=TODAY)

    assert Project.objects.get(pk=project.pk).started_on == TODAY
    entry = AuditLogEntry.objects.get(action="project.started")
    assert entry.data["started_on"] == "2026-12-06"


def test_the_actual_start_cannot_be_in_the_future(lead_agent, proposer):
    project = published(lead_agent, proposer)

    with pytest.raises(ValidationError) as caught:
        project_start(project=project, actor=proposer, started_on=datetime.date(2026, 12, 7), today=TODAY)

    assert list(caught.value.message_dict) == ["started_on"]
    assert Project.objects.get(pk=project.pk).state == ProjectState.PUBLISHED


def test_the_dates_of_an_active_project_are_corrected_and_audited(lead_agent, proposer, colleague):
    project = ProjectFactory(
        lead_agent=lead_agent,
        state=ProjectState.ACTIVE,
        created_by=proposer,
        starts_on=datetime.date(2027, 2, 1),
        ends_on=datetime.date(2027, 12, 31),
        started_on=datetime.date(2026, 12, 1),
    )

    project_change_dates(
        project=project,
        actor=proposer,
        starts_on=datetime.date(2026, 11, 1),
        started_on=datetime.date(2026, 11, 15),
        today=TODAY,
    )

    project = Project.objects.get(pk=project.pk)
    assert (project.starts_on, project.ends_on, project.started_on) == (
        datetime.date(2026, 11, 1),
        datetime.date(2027, 12, 31),
        datetime.date(2026, 11, 15),
    )
    entry = AuditLogEntry.objects.get(action="project.dates_changed")
    assert entry.actor == proposer
    assert entry.data["before"] == {"starts_on": "2027-02-01", "started_on": "2026-12-01"}
    assert entry.data["after"] == {"starts_on": "2026-11-01", "started_on": "2026-11-15"}
    with pytest.raises(PermissionDenied):
        project_change_dates(project=project, actor=colleague, ends_on=datetime.date(2028, 1, 1), today=TODAY)


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"started_on": datetime.date(2026, 12, 7)}, "started_on"),  # the future
        ({"started_on": None}, "started_on"),
        ({"ends_on": datetime.date(2026, 1, 1)}, "ends_on"),  # before the planned start
    ],
)
def test_wrong_dates_are_refused_per_field(lead_agent, proposer, dates, field):
    project = ProjectFactory(
        lead_agent=lead_agent,
        state=ProjectState.ACTIVE,
        created_by=proposer,
        starts_on=datetime.date(2026, 6, 1),
        started_on=datetime.date(2026, 6, 1),
    )

    with pytest.raises(ValidationError) as caught:
        project_change_dates(project=project, actor=proposer, today=TODAY, **dates)

    assert list(caught.value.message_dict) == [field]
    assert not AuditLogEntry.objects.filter(action="project.dates_changed").exists()


def test_dates_are_not_corrected_in_a_draft(draft, proposer):
    with pytest.raises(InvalidStateError):
        project_change_dates(project=draft, actor=proposer, ends_on=datetime.date(2028, 1, 1), today=TODAY)


# --- The pre-submit checklist.


def test_the_checklist_holds_for_a_complete_draft(draft):
    lines = submission_checklist(draft)

    # the blocking lines, then the two advisory ones of seed 000's principles (mutual benefit, goal orientation)
    assert [line.key for line in lines] == ["regions", "helices", "objectives", "effects", "mutual_benefit", "goals"]
    assert failing_lines(lines) == []


def test_a_draft_missing_the_basics_is_not_submitted(lead_agent, proposer):
    project = project_create(
        lead_agent=lead_agent, actor=proposer, title_ru="Пустой проект", cooperation_types=[CooperationType.SCIENTIFIC]
    )

    lines = submission_checklist(project)
    with pytest.raises(ValidationError) as caught:
        project_submit(project=project, actor=proposer)

    assert {line.key for line in failing_lines(lines)} == {"regions", "helices", "objectives", "effects"}
    assert len(caught.value.messages) == 4
    assert Project.objects.get(pk=project.pk).state == ProjectState.DRAFT


def test_the_four_helices_need_no_reason(draft, proposer, lipetsk):
    draft.helix_reason = ""
    Project.objects.filter(pk=draft.pk).update(helix_reason="")
    assert [line.key for line in failing_lines(submission_checklist(draft))] == ["helices"]

    for helix in (Helix.GOVERNMENT, Helix.CIVIL):
        participant_invite(project=draft, agent=AgentFactory(region=lipetsk, helix=helix), actor=proposer)

    assert failing_lines(submission_checklist(draft)) == []


def test_an_effect_without_an_indicator_fails_the_checklist(draft):
    EffectFactory(project=draft, type="social")

    assert [line.key for line in failing_lines(submission_checklist(draft))] == ["effects"]


def test_an_invitation_of_the_draft_is_withdrawn_before_it_is_sent(client, draft, proposer, colleague, university):
    from cooperation.services.projects import participant_withdraw

    invitation = draft.participants.get(agent=university)
    client.force_login(colleague)
    refused = client.post(f"/projects/participants/{invitation.pk}/withdraw/")
    client.force_login(proposer)
    page = client.get(draft.get_absolute_url()).content.decode()

    response = client.post(f"/projects/participants/{invitation.pk}/withdraw/")

    assert refused.status_code == 403
    assert f'action="/projects/participants/{invitation.pk}/withdraw/"' in page
    assert response.status_code == 302
    assert not draft.participants.filter(agent=university).exists()
    assert AuditLogEntry.objects.filter(action="participant.withdrawn", data__agent=university.pk).exists()
    sent = participant_invite(project=draft, agent=university, actor=proposer)
    Project.objects.filter(pk=draft.pk).update(state=ProjectState.PUBLISHED)
    with pytest.raises(InvalidStateError):
        participant_withdraw(participant=sent, actor=proposer)  # once sent, the invited agent answers it


def test_my_projects_lists_the_applications_the_proposer_decides(draft, proposer, colleague, moderator, tomsk_agent):
    from cooperation.project_selectors import applications_to_decide

    project_submit(project=draft, actor=proposer)
    project_approve(project=draft, actor=moderator)
    applicant = MembershipFactory(agent=tomsk_agent, role=AgentRole.ADMINISTRATOR).user
    application = participant_apply(project=draft, agent=tomsk_agent, actor=applicant, motivation="Готовы.")

    assert list(applications_to_decide(proposer)) == [application]
    assert list(applications_to_decide(colleague)) == []


def test_the_invited_agent_learns_of_the_draft_only_when_it_is_published(
    draft, university, university_admin, moderator
):
    from cooperation.selectors import project_participants_visible_to

    invitation = draft.participants.get(agent=university)

    assert not project_participants_visible_to(university_admin).filter(pk=invitation.pk).exists()
    Project.objects.filter(pk=draft.pk).update(state=ProjectState.PUBLISHED)
    assert project_participants_visible_to(university_admin).filter(pk=invitation.pk).exists()
