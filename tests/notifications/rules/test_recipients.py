"""Who is told of each event: the recipients table ``recipients.csv``, checked like the permission matrices.

A row is ``event,actor,told``: the registered event (its template key), the role of
whoever causes it (``system`` for a scheduled job) and the space-separated roles
that are told; **every other role is not told**, and the actor never is. Each
registered event is driven through its real service, by the actor of its row, in
one situation: a project led by an agent in Lipetsk with

| role | who |
|---|---|
| ``lead_admin``, ``lead_member`` | administrator and representative of the lead agent |
| ``partner_admin``, ``partner_member`` | the same of the accepted partner agent (Voronezh) |
| ``applicant_admin``, ``applicant_member`` | the same of a third agent (Voronezh): applies, is invited, verified |
| ``expert`` | accepted an invitation as the project's expert |
| ``invitee`` | a published expert of another region, invited to the project |
| ``commenter`` | wrote a comment on the project |
| ``user`` | signed in, no relation to the project (asks to join the lead agent, comments, reports, saves a search) |
| ``coordinator`` | regional coordinator of Lipetsk (proposes structures; the recorder's side of an interaction) |
| ``moderator``, ``administrator`` | site roles |

"Told" is checked on both channels, with the recipients' settings left as they
come (both on): a notification in the portal and an e-mail, to exactly the table's roles.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from accounts.choices import SiteRole
from analytics.models import ClassifierItem
from cooperation.choices import AgentRole, MembershipStatus, ParticipantStatus, ProjectState
from cooperation.models import Agent, Project
from cooperation.services import agents, memberships, projects
from discussion.services.comments import comment_hide, comment_post
from discussion.services.reports import report_create
from experts.services import (
    consultation_answer,
    consultation_complete,
    consultation_confirm,
    consultation_request,
    expert_invitation_respond,
    expert_invitation_withdraw,
    expert_invite,
)
from levels.models import IntegratedStructure
from levels.services import (
    interaction_confirm,
    interaction_dispute,
    interaction_record,
    interaction_withdraw,
    structure_confirm,
    structure_propose,
    structure_request_details,
)
from monitoring.services import closing_report_save
from notifications.models import Notification
from notifications.registry import events
from regions.models import Region
from search.services import index_refresh, saved_search_create
from search.services.saved_searches import saved_search_alerts
from strategy.models import SessionRating
from strategy.services import session_adopt
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import (
    AgentFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    make_submittable,
)
from tests.discussion.factories import CommentFactory
from tests.experts.factories import ConsultationFactory, ExpertInvitationFactory, ExpertProfileFactory
from tests.levels.factories import InteractionFactory
from tests.matrices import load_table
from tests.strategy.factories import open_session, session_in_state

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]

TABLE_PATH = Path(__file__).with_name("recipients.csv")
ROLES = (
    "lead_admin",
    "lead_member",
    "partner_admin",
    "partner_member",
    "applicant_admin",
    "applicant_member",
    "expert",
    "invitee",
    "commenter",
    "user",
    "coordinator",
    "moderator",
    "administrator",
)
SYSTEM = "system"
EVENT_KEYS = tuple(event.key for event in events())
# ``{(event, actor): told}``: the loader's (role, state) is (event, actor) here.
TABLE = load_table(
    TABLE_PATH,
    roles=EVENT_KEYS,
    states=(*ROLES, SYSTEM),
    actions=ROLES,
    role_column="event",
    state_column="actor",
    allowed_column="told",
)
ROWS = {event: (actor, told) for (event, actor), told in TABLE.items()}
TODAY = datetime.date(2026, 1, 1)


@dataclass
class World:
    """The situation of one event: the project, the agents and one user per role."""

    project: Project
    lead: Agent
    partner: Agent
    applicant: Agent
    users: dict[str, Any]

    def role_of(self, user_id: int) -> str:
        return next((role for role, user in self.users.items() if user.pk == user_id), f"user #{user_id}")


def build_world(state: str) -> World:
    lipetsk = Region.objects.get(iso_code="RU-LIP")
    voronezh = Region.objects.get(iso_code="RU-VOR")
    lead = AgentFactory(region=lipetsk)
    partner = AgentFactory(region=voronezh)
    applicant = AgentFactory(region=voronezh)
    project = ProjectFactory(lead_agent=lead, state=state)
    ParticipantFactory(project=project, agent=partner)
    users = {
        "lead_admin": MembershipFactory(agent=lead, role=AgentRole.ADMINISTRATOR).user,
        "lead_member": MembershipFactory(agent=lead).user,
        "partner_admin": MembershipFactory(agent=partner, role=AgentRole.ADMINISTRATOR).user,
        "partner_member": MembershipFactory(agent=partner).user,
        "applicant_admin": MembershipFactory(agent=applicant, role=AgentRole.ADMINISTRATOR).user,
        "applicant_member": MembershipFactory(agent=applicant).user,
        "expert": ExpertInvitationFactory(project=project, status="accepted").expert.user,
        "invitee": ExpertProfileFactory(region=voronezh).user,
        "commenter": UserFactory(),
        "user": UserFactory(),
        "coordinator": UserFactory(),
        "moderator": UserFactory(),
        "administrator": UserFactory(),
    }
    grant(users["coordinator"], SiteRole.COORDINATOR, region=lipetsk)
    grant(users["moderator"], SiteRole.MODERATOR)
    grant(users["administrator"], SiteRole.ADMINISTRATOR)
    return World(project=project, lead=lead, partner=partner, applicant=applicant, users=users)


# --- One driver per event: ``(the project's state, drive(world, actor))``; each calls the real service.


def _submit(world, actor):
    make_submittable(world.project)  # what the pre-submit checklist asks
    projects.project_submit(project=world.project, actor=actor)


def _moderate(name):
    def drive(world, actor):
        match name:
            case "approve":
                projects.project_approve(project=world.project, actor=actor)
            case "request_changes":
                projects.project_request_changes(project=world.project, actor=actor, comment="Уточните бюджет.")
            case "reject":
                projects.project_reject(project=world.project, actor=actor, reason="Не по теме.")

    return drive


def _run(name):
    def drive(world, actor):
        getattr(projects, f"project_{name}")(project=world.project, actor=actor)

    return drive


def _hide(world, actor):
    projects.project_hide(project=world.project, actor=actor, reason="Оскорбительное содержание.")


def _apply(world, actor):
    projects.participant_apply(project=world.project, agent=world.applicant, actor=actor, motivation="Мы готовы.")


def _decide(world, actor):
    application = ParticipantFactory(project=world.project, agent=world.applicant, status=ParticipantStatus.APPLIED)
    projects.participant_decide(participant=application, actor=actor, accept=True)


def _invite(world, actor):
    projects.participant_invite(project=world.project, agent=world.applicant, actor=actor, message="Приглашаем.")


def _respond(world, actor):
    invitation = ParticipantFactory(project=world.project, agent=world.applicant, status=ParticipantStatus.INVITED)
    projects.participant_respond(participant=invitation, actor=actor, accept=True)


def _leave(world, actor):
    projects.participant_leave(participant=world.project.participants.get(agent=world.partner), actor=actor)


def _verify(world, actor):
    Agent.objects.filter(pk=world.applicant.pk).update(is_verified=False)
    agents.agent_verify(agent=Agent.objects.get(pk=world.applicant.pk), actor=actor)


def _review_agent(name):
    def drive(world, actor):
        Agent.objects.filter(pk=world.applicant.pk).update(is_verified=False, review_status="pending")
        agent = Agent.objects.get(pk=world.applicant.pk)
        if name == "reject":
            agents.agent_reject(agent=agent, actor=actor, reason="Не организация.")
        else:
            agents.agent_request_details(agent=agent, actor=actor, reason="Приложите ИНН.")

    return drive


def _request_membership(world, actor):
    memberships.membership_request(agent=world.lead, user=actor, message="Я из отдела проектов.")


def _decide_membership(world, actor):
    request = MembershipFactory(agent=world.lead, user=world.users["user"], status=MembershipStatus.PENDING)
    memberships.membership_decide(membership=request, actor=actor, approve=True)


def _withdraw_interaction(world, actor):
    interaction = InteractionFactory(participants=[world.lead, world.partner], recorded_by=world.users["lead_member"])
    interaction_withdraw(interaction=interaction, actor=actor, reason="Записано по ошибке.")


def _record_interaction(world, actor):
    interaction_record(
        actor=actor,
        title="Встреча",
        kind="meeting",
        occurred_on=datetime.date(2025, 6, 1),
        participants=[world.lead, world.partner],
        today=TODAY,
    )


def _pending_interaction(world):
    return InteractionFactory(
        participants=[world.lead, world.partner],
        recorded_by=world.users["lead_member"],
        recorder_region=world.lead.region,
        status="pending",
    )


def _confirm_interaction(world, actor):
    interaction_confirm(interaction=_pending_interaction(world), actor=actor)


def _dispute_interaction(world, actor):
    interaction_dispute(interaction=_pending_interaction(world), actor=actor, reason="Встречи не было.")


def _propose(world, actor):
    structure_propose(
        actor=actor,
        kind="alliance",
        name_ru="Альянс",
        founded_on=datetime.date(2025, 4, 1),
        member_regions=[world.lead.region, world.partner.region],
        cooperation_types=["scientific"],
        sector=ClassifierItem.objects.get(classifier__code="nace2", code="C"),
        today=TODAY,
    )


def _confirm(world, actor):
    structure_confirm(
        structure=IntegratedStructure.objects.get(proposed_by=world.users["coordinator"]),
        actor=actor,
        reason="Соглашение подписано",
    )


def _ask_details(world, actor):
    structure_request_details(
        structure=IntegratedStructure.objects.get(proposed_by=world.users["coordinator"]),
        actor=actor,
        reason="Приложите устав",
    )


def _publish_report(world, actor):
    closing_report_save(
        project=world.project, actor=actor, lessons_learned="Договаривайтесь заранее.", is_published=True
    )


def _alert(world, actor):
    saved_search_create(actor=world.users["user"], name="Технопарки", query="q=технопарк", alerts_enabled=True)
    agent = AgentFactory(name="Курский технопарк", name_en="Kursk Technopark", is_verified=True)
    index_refresh(refs=[("agent", agent.pk)])
    saved_search_alerts(refs=[("agent", agent.pk)])


def _competence_changed(world, actor):
    # The lead (Lipetsk) declares manufacturing; "user" follows Lipetsk; a recomputation recorded a gain there.
    from django.utils import timezone

    from analytics.models import ClassifierItem, CompetenceEvent, Dataset, Snapshot
    from search.services.competence_watches import competence_events_notify, competence_watch_create

    item = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    world.lead.competences.add(item)
    competence_watch_create(actor=world.users["user"], region=world.lead.region)
    dataset = Dataset.objects.create(code="gva", name_ru="ВДС", name_en="GVA")
    snapshot = Snapshot.objects.create(inputs_checksum="0", started_at=timezone.now(), status="complete")
    CompetenceEvent.objects.create(
        dataset=dataset,
        indicator="national_localisation",
        region=world.lead.region,
        item=item,
        year=2022,
        kind="gained",
        value_before=0.9,
        value_after=1.1,
        snapshot=snapshot,
    )
    competence_events_notify(snapshot_id=snapshot.pk, dataset_ids=[dataset.pk])


def _comment(world, actor):
    comment_post(project=world.project, author=actor, text="Хороший проект.")


def _reply(world, actor):
    comment = CommentFactory(project=world.project, author=world.users["commenter"])
    comment_post(project=world.project, author=actor, text="Согласен.", parent=comment)


def _hide_comment(world, actor):
    comment = CommentFactory(project=world.project, author=world.users["commenter"])
    comment_hide(comment=comment, actor=actor, reason="Оскорбление.")


def _report(world, actor):
    report_create(reporter=actor, reason="spam", project=world.project)


def _invite_expert(world, actor):
    expert_invite(project=world.project, expert=world.users["invitee"].expert_profile, actor=actor, message="Помогите.")


def _expert_invitation(world):
    return ExpertInvitationFactory(
        project=world.project, expert=world.users["invitee"].expert_profile, invited_by=world.users["lead_member"]
    )


def _expert_respond(world, actor):
    expert_invitation_respond(invitation=_expert_invitation(world), actor=actor, accept=True)


def _withdraw_expert_invitation(world, actor):
    expert_invitation_withdraw(invitation=_expert_invitation(world), actor=actor)


# Consultations: the lead (Lipetsk) is the advised side, the partner (Voronezh) advises it.


def _consultation(world, status):
    return ConsultationFactory(
        advised_agent=world.lead, advising_agent=world.partner, requested_by=world.users["lead_member"], status=status
    )


def _request_consultation(world, actor):
    consultation_request(
        actor=actor,
        advised_agent=world.lead,
        advising_agent=world.partner,
        subject="Стратегия кластера",
        starts_on=datetime.date(2025, 3, 1),
    )


def _answer_consultation(world, actor):
    consultation_answer(consultation=_consultation(world, "requested"), actor=actor, accept=True)


def _complete_consultation(world, actor):
    consultation_complete(
        consultation=_consultation(world, "accepted"), actor=actor, result_summary="Рекомендации переданы."
    )


def _confirm_consultation(world, actor):
    consultation_confirm(consultation=_consultation(world, "completed"), actor=actor)


def _open_session(world, actor):
    open_session(world.lead.region, coordinator=actor)


def _adopt_session(world, actor):
    session = session_in_state(world.lead.region, "closed")
    SessionRating.objects.create(
        session_item=session.items.first(),
        agent=world.lead,
        helix=world.lead.helix,
        rated_by=world.users["lead_member"],
        score=5,
        rated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    session_adopt(actor=actor, session=session)


PUBLISHED, ACTIVE, COMPLETED = ProjectState.PUBLISHED, ProjectState.ACTIVE, ProjectState.COMPLETED
DRIVERS = {
    "cooperation/email/project_submitted": (ProjectState.DRAFT, _submit),
    "cooperation/email/project_approved": (ProjectState.SUBMITTED, _moderate("approve")),
    "cooperation/email/project_changes_requested": (ProjectState.SUBMITTED, _moderate("request_changes")),
    "cooperation/email/project_rejected": (ProjectState.SUBMITTED, _moderate("reject")),
    "cooperation/email/project_started": (PUBLISHED, _run("start")),
    "cooperation/email/project_completed": (ACTIVE, _run("complete")),
    "cooperation/email/project_archived": (COMPLETED, _run("archive")),
    "cooperation/email/project_hidden": (ACTIVE, _hide),
    "cooperation/email/participant_applied": (PUBLISHED, _apply),
    "cooperation/email/participant_decided": (PUBLISHED, _decide),
    "cooperation/email/participant_invited": (PUBLISHED, _invite),
    "cooperation/email/participant_responded": (PUBLISHED, _respond),
    "cooperation/email/participant_left": (ACTIVE, _leave),
    "cooperation/email/agent_verified": (PUBLISHED, _verify),
    "cooperation/email/agent_rejected": (PUBLISHED, _review_agent("reject")),
    "cooperation/email/agent_details_requested": (PUBLISHED, _review_agent("request_details")),
    "cooperation/email/membership_requested": (PUBLISHED, _request_membership),
    "cooperation/email/membership_decided": (PUBLISHED, _decide_membership),
    "levels/email/interaction_withdrawn": (ACTIVE, _withdraw_interaction),
    "levels/email/interaction_pending": (ACTIVE, _record_interaction),
    "levels/email/interaction_confirmed": (ACTIVE, _confirm_interaction),
    "levels/email/interaction_disputed": (ACTIVE, _dispute_interaction),
    "levels/email/structure_proposed": (ACTIVE, _propose),
    "levels/email/structure_decided": (ACTIVE, _confirm),
    "levels/email/structure_details_requested": (ACTIVE, _ask_details),
    "monitoring/email/closing_report_published": (COMPLETED, _publish_report),
    "search/email/saved_search_match": (PUBLISHED, _alert),
    "search/email/competence_changed": (PUBLISHED, _competence_changed),
    "discussion/email/comment_posted": (PUBLISHED, _comment),
    "discussion/email/comment_replied": (PUBLISHED, _reply),
    "discussion/email/comment_hidden": (PUBLISHED, _hide_comment),
    "discussion/email/report_created": (PUBLISHED, _report),
    "experts/email/expert_invited": (PUBLISHED, _invite_expert),
    "experts/email/expert_responded": (PUBLISHED, _expert_respond),
    "experts/email/invitation_withdrawn": (PUBLISHED, _withdraw_expert_invitation),
    "experts/email/consultation_requested": (PUBLISHED, _request_consultation),
    "experts/email/consultation_answered": (PUBLISHED, _answer_consultation),
    "experts/email/consultation_completed": (PUBLISHED, _complete_consultation),
    "experts/email/consultation_decided": (PUBLISHED, _confirm_consultation),
    "strategy/email/session_opened": (PUBLISHED, _open_session),
    "strategy/email/session_adopted": (PUBLISHED, _adopt_session),
}


# Events that answer an earlier one: that one is made first, by that role.
PREPARED = {"levels/email/structure_decided": _propose, "levels/email/structure_details_requested": _propose}
PREPARED_BY = {
    "levels/email/structure_decided": "coordinator",
    "levels/email/structure_details_requested": "coordinator",
}


@pytest.mark.parametrize("event", EVENT_KEYS)
def test_the_event_tells_exactly_the_roles_of_the_table(event, django_capture_on_commit_callbacks):
    # given
    actor_role, told = ROWS[event]
    state, drive = DRIVERS[event]
    world = build_world(state)
    actor = None if actor_role == SYSTEM else world.users[actor_role]
    if event in PREPARED:  # what the event answers is made first, through its own service (and its own e-mails)
        with django_capture_on_commit_callbacks(execute=True):
            PREPARED[event](world, world.users[PREPARED_BY[event]])
    Notification.objects.all().delete()
    mail.outbox.clear()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        drive(world, actor)

    # then: the portal and the e-mail tell exactly the table's roles, and the event's own rows are its only ones
    in_portal = {
        world.role_of(pk) for pk in Notification.objects.filter(event=event).values_list("recipient", flat=True)
    }
    by_email = {world.role_of(user.pk) for user in world.users.values() for m in mail.outbox if user.email in m.to}
    assert in_portal == set(told), f"{event}: told in the portal {sorted(in_portal)}, the table says {sorted(told)}"
    assert by_email == set(told), f"{event}: told by e-mail {sorted(by_email)}, the table says {sorted(told)}"
    assert not Notification.objects.exclude(event=event).exists(), "the service sent another event too"


def test_every_registered_event_has_its_row_and_its_driver():
    assert set(ROWS) == set(EVENT_KEYS), "an event without a row in recipients.csv (or a row of no event)"
    assert set(DRIVERS) == set(EVENT_KEYS), "an event without a driver in this module"


def test_the_actor_is_never_told():
    for event, (actor, told) in ROWS.items():
        assert actor not in told, event
