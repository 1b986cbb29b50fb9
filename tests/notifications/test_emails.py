"""Every notification e-mail, as its recipient reads it: in their language, with the site's name and
absolute links to the page it is about (built from ``SITE_URL``), and the moderator's reason when there
is one.

Each registered event is rendered through ``notify`` (the path every service takes) with a context
like the one its service passes, for a Russian and an English recipient.
"""

import re

import pytest
from django.core import mail

from cooperation.choices import MembershipStatus, ParticipantStatus, ProjectState
from levels.choices import StructureStatus
from notifications.registry import events
from notifications.services import notify
from regions.models import Region
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import AgentFactory, MembershipFactory, ParticipantFactory, ProjectFactory
from tests.discussion.factories import CommentFactory, ReportFactory
from tests.experts.factories import ConsultationFactory, ExpertInvitationFactory
from tests.levels.factories import InteractionFactory, StructureFactory
from tests.monitoring.factories import ClosingReportFactory
from tests.search.factories import SavedSearchFactory
from tests.strategy.factories import session_in_state

pytestmark = pytest.mark.django_db

SITE = "https://spiral.example.org"
REASON = "Уточните бюджет по этапам — Clarify the budget"
#: A link anywhere in a mail; and a path standing alone (a relative link), which a mail must never hold.
LINK = re.compile(r"https?://[^\s“”«»]+")
RELATIVE = re.compile(r"(?:^|[\s(:])(/[A-Za-z0-9_-]+/\S*)", re.MULTILINE)
#: Events whose service passes a moderator's reason or comment (given to every other event, it is ignored).
WITH_REASON = {
    "cooperation/email/project_approved",
    "cooperation/email/project_changes_requested",
    "cooperation/email/project_rejected",
    "cooperation/email/project_hidden",
    "discussion/email/comment_hidden",
    "levels/email/interaction_withdrawn",
    "levels/email/interaction_disputed",
    "levels/email/structure_decided",
    "experts/email/consultation_answered",
    "experts/email/consultation_decided",
    "cooperation/email/agent_rejected",
    "cooperation/email/agent_details_requested",
}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def scenario(key: str):
    """``(context, the path of the page the mail is about)`` for ``key``, as its service builds them."""
    project = ProjectFactory(state=ProjectState.PUBLISHED, title_ru="Кластер «Черноземье»", title_en="Cluster")
    project_path = f"/projects/{project.pk}/"
    participant = ParticipantFactory(project=project, agent=AgentFactory(), status=ParticipantStatus.APPLIED)
    participant.motivation = "Мы делаем датчики."
    app, event = key.split("/email/")
    if app == "cooperation" and (event.startswith("project_") or event.startswith("participant_")):
        return {"project": project, "participant": participant, "reason": REASON}, project_path
    if event == "agent_verified":
        agent = AgentFactory()
        return {"agent": agent, "url": agent.get_absolute_url()}, f"/agents/{agent.pk}/"
    if event in ("agent_rejected", "agent_details_requested"):
        agent = AgentFactory(is_verified=False)
        return {"agent": agent, "reason": REASON, "url": agent.get_absolute_url()}, f"/agents/{agent.pk}/"
    if event == "membership_requested":
        membership = MembershipFactory(status=MembershipStatus.PENDING, message="Я инженер завода.")
        return {"agent": membership.agent, "membership": membership, "url": "/agents/mine/"}, "/agents/mine/"
    if event == "membership_decided":
        membership = MembershipFactory(status=MembershipStatus.APPROVED)
        path = f"/agents/{membership.agent.pk}/"
        return {"membership": membership, "url": path}, path
    if event in ("expert_invited", "invitation_withdrawn"):
        invitation = ExpertInvitationFactory(project=project)
        return {"project": project, "invitation": invitation, "url": "/experts/invitations/"}, "/experts/invitations/"
    if event == "expert_responded":
        invitation = ExpertInvitationFactory(project=project, status="accepted")
        return {"project": project, "invitation": invitation, "url": project_path}, project_path
    if event == "closing_report_published":
        report = ClosingReportFactory(project=project)
        path = f"/projects/{project.pk}/report/"
        return {"project": project, "report": report, "url": path}, path
    if event in ("comment_posted", "comment_replied", "comment_hidden"):
        comment = CommentFactory(project=project)
        path = f"{project_path}#comment-{comment.pk}"
        return {"project": project, "comment": comment, "reason": REASON, "url": path}, path
    if event == "report_created":
        report = ReportFactory(project=project)
        return {"report": report, "target": project, "url": "/moderation/reports/"}, "/moderation/reports/"
    if event == "interaction_withdrawn":
        interaction = InteractionFactory()
        path = f"/cooperation/interactions/{interaction.pk}/"
        return {"interaction": interaction, "reason": REASON, "url": path}, path
    if event == "interaction_pending":
        interaction = InteractionFactory(status="pending")
        return {"interaction": interaction, "url": "/cooperation/interactions/to-confirm/"}, (
            "/cooperation/interactions/to-confirm/"
        )
    if event in ("interaction_confirmed", "interaction_disputed"):
        interaction = InteractionFactory()
        path = f"/cooperation/interactions/{interaction.pk}/"
        return {"interaction": interaction, "reason": REASON, "url": path}, path
    if event in ("structure_proposed", "structure_decided", "structure_details_requested"):
        structure = StructureFactory(status=StructureStatus.REJECTED)
        path = f"/cooperation/structures/{structure.pk}/"
        return {"structure": structure, "reason": REASON, "url": path}, path
    if event == "saved_search_match":
        saved = SavedSearchFactory(name="Датчики")
        matches = [
            {"kind": "agent", "title_ru": "Завод датчиков", "title_en": "Sensor works", "url": "/agents/22/"},
            {"kind": "project", "title_ru": "Сеть датчиков", "title_en": "Sensor network", "url": project_path},
        ]
        context = {
            "saved_search": saved.name,
            "count": 2,
            "matches": matches,
            "more": 0,
            "search_url": saved.get_absolute_url(),
            "saved_searches_url": "/search/saved/",
            "url": saved.get_absolute_url(),
        }
        return context, "/agents/22/"
    if event == "competence_changed":
        path = "/analytics/regions/RU-LIP/#competence-events"
        context = {
            "region_ru": "Липецкая область",
            "region_en": "Lipetsk Oblast",
            "gained": 1,
            "lost": 0,
            "events": [
                {
                    "year": 2022,
                    "kind": "gained",
                    "item_code": "L",
                    "item_ru": "Операции с недвижимым имуществом",
                    "item_en": "Real estate activities",
                    "indicator_ru": "Коэффициент локализации (национальный уровень)",
                    "indicator_en": "National localisation factor",
                    "dataset_ru": "Росстат",
                    "dataset_en": "Rosstat",
                    "before": 0.82,
                    "after": 1.16,
                }
            ],
            "more": 0,
            "url": path,
            "watches_url": "/search/watches/",
        }
        return context, path
    if app == "experts" and event.startswith("consultation_"):
        # the answer is a decline and the decision a dispute: the mails that carry the other side's reason
        status = {"consultation_answered": "declined", "consultation_decided": "disputed"}.get(event, "completed")
        consultation = ConsultationFactory(status=status, reason=REASON if status != "completed" else "")
        path = f"/experts/consultations/{consultation.pk}/"
        return {"consultation": consultation, "url": path}, path
    if event in ("session_opened", "session_adopted"):
        session = session_in_state(Region.objects.get(iso_code="RU-LIP"), "open")
        path = session.get_absolute_url() if event == "session_opened" else "/strategy/regions/RU-LIP/"
        return {"session": session, "region": session.region, "url": path}, path
    raise AssertionError(f"No scenario for the event {key}: add one here")


def sent_to(user) -> mail.EmailMessage:
    messages = [message for message in mail.outbox if user.email in message.to]
    assert len(messages) == 1
    return messages[0]


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("key", [event.key for event in events()])
def test_every_mail_names_the_site_and_links_absolutely_to_its_page(
    key, language, reference_data, django_capture_on_commit_callbacks
):
    context, path = scenario(key)
    recipient = UserFactory(language=language)

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[recipient], template=key, context=context)

    message = sent_to(recipient)
    name = "Спираль" if language == "ru" else "Spiral"
    assert message.subject.startswith(f"[{name}] ")
    assert name in message.body
    assert f"{SITE}/" in message.body  # the signature gives the portal's address
    links = LINK.findall(message.body)
    assert links and all(link.startswith(f"{SITE}/") for link in links), links
    assert RELATIVE.findall(message.body) == []
    assert f"{SITE}{path}" in links
    assert f"{SITE}/notifications/settings/" in links
    if key in WITH_REASON:
        assert REASON in message.body
    if language == "en":
        assert not re.search("[А-Яа-яЁё]", message.body.replace(REASON, "").split("-- ")[1])  # the signature too


def test_the_approval_mail_has_no_comment_heading_without_a_comment(reference_data, django_capture_on_commit_callbacks):
    project = ProjectFactory(state=ProjectState.PUBLISHED)
    recipient = UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[recipient], template="cooperation/email/project_approved", context={"project": project})

    body = sent_to(recipient).body
    assert "comment" not in body.split("-- ")[0].lower()
    assert f"{SITE}/projects/{project.pk}/" in body


def test_a_request_for_changes_tells_the_lead_what_to_change_and_where(
    reference_data, make_user, django_capture_on_commit_callbacks
):
    from accounts.choices import SiteRole
    from cooperation.choices import AgentRole
    from cooperation.services.projects import project_request_changes

    project = ProjectFactory(state=ProjectState.SUBMITTED)
    lead = MembershipFactory(agent=project.lead_agent, role=AgentRole.ADMINISTRATOR, user__language="ru").user
    moderator = make_user(SiteRole.MODERATOR)

    with django_capture_on_commit_callbacks(execute=True):
        project_request_changes(project=project, actor=moderator, comment=REASON)

    message = sent_to(lead)
    assert message.subject.startswith("[Спираль] ")
    assert REASON in message.body
    assert f"{SITE}/projects/{project.pk}/" in message.body
