"""Agents are moderated as projects are (issue #12: "agents can only be verified"): a moderator rejects an agent
or asks for details, with a reason its representatives read in the portal and by e-mail (with an absolute link);
its administrator adds the details and submits it again; every step is in the audit log."""

import pytest
from django.core import mail

from accounts.choices import SiteRole
from audit.models import AuditLogEntry
from cooperation.choices import AgentRole
from cooperation.models import Agent
from notifications.models import Notification
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def new_agent():
    agent = AgentFactory(is_verified=False, name="ООО «Ромашка»")
    admin = MembershipFactory(agent=agent, role=AgentRole.ADMINISTRATOR).user
    representative = MembershipFactory(agent=agent).user
    return agent, admin, representative


def test_the_queue_offers_verify_ask_for_details_and_reject(client, make_user, new_agent):
    agent, *_ = new_agent
    client.force_login(make_user(SiteRole.MODERATOR))

    page = client.get("/agents/moderation/").content.decode()

    assert f'action="/agents/{agent.pk}/verify/"' in page
    assert f'action="/agents/{agent.pk}/request-details/"' in page and 'name="reason"' in page
    assert f'href="/agents/{agent.pk}/reject/?next=/agents/moderation/"' in page


def test_the_queue_shows_what_the_organisation_says_of_itself(client, make_user, new_agent):
    """A moderator decides from the description (in the page's language, else the other one, marked with its
    ``lang``) and the website, without opening each organisation's page."""
    agent, *_ = new_agent
    Agent.objects.filter(pk=agent.pk).update(
        description="Производим сельхозтехнику.\nС 1998 года.", description_en="", website="https://romashka.example"
    )
    client.force_login(make_user(SiteRole.MODERATOR))

    russian = client.get("/agents/moderation/").content.decode()
    english = client.get("/agents/moderation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Производим сельхозтехнику.<br>С 1998 года." in russian
    assert '<a href="https://romashka.example" rel="noopener nofollow">https://romashka.example</a>' in russian
    assert '<dd class="col-sm-9" lang="ru">Производим сельхозтехнику.' in english


def test_rejecting_asks_for_confirmation_and_a_reason(
    client, make_user, new_agent, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://spiral.example.org"
    agent, admin, representative = new_agent
    moderator = make_user(SiteRole.MODERATOR)
    client.force_login(moderator)

    # the link opens a page that says what rejecting means; nothing is done yet
    confirm = client.get(f"/agents/{agent.pk}/reject/").content.decode()
    assert "Отклонить организацию" in confirm and "Это действие нельзя отменить." in confirm
    assert Agent.objects.get(pk=agent.pk).review_status == "pending"
    # without a reason nothing happens
    empty = client.post(f"/agents/{agent.pk}/reject/", {"reason": "  "})
    assert empty.status_code == 200 and Agent.objects.get(pk=agent.pk).review_status == "pending"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/agents/{agent.pk}/reject/", {"reason": "Такой организации нет в ЕГРЮЛ."})

    assert response.status_code == 302
    agent.refresh_from_db()
    assert (agent.review_status, agent.review_reason, agent.is_verified) == (
        "rejected",
        "Такой организации нет в ЕГРЮЛ.",
        False,
    )
    entry = AuditLogEntry.objects.get(action="agent.rejected")
    assert entry.actor == moderator and entry.data["reason"] == "Такой организации нет в ЕГРЮЛ."
    # both of the agent's people are told, with the reason and an absolute link
    assert {message.to[0] for message in mail.outbox} == {admin.email, representative.email}
    body = mail.outbox[0].body
    assert "Такой организации нет в ЕГРЮЛ." in body and f"https://spiral.example.org/agents/{agent.pk}/" in body
    assert mail.outbox[0].subject == "[Спираль] Организация отклонена: ООО «Ромашка»"
    assert Notification.objects.filter(recipient=representative).count() == 1
    # it leaves the queue and cannot be verified any more
    assert f"/agents/{agent.pk}/verify/" not in client.get("/agents/moderation/").content.decode()
    assert client.post(f"/agents/{agent.pk}/verify/").status_code == 403


def test_details_asked_for_are_added_and_the_agent_submitted_again(client, make_user, new_agent):
    agent, admin, representative = new_agent
    moderator = make_user(SiteRole.MODERATOR)
    client.force_login(moderator)
    client.post(
        f"/agents/{agent.pk}/request-details/", {"reason": "Укажите ИНН и сайт.", "next": "/agents/moderation/"}
    )
    queue = client.get("/agents/moderation/").content.decode()
    assert f'action="/agents/{agent.pk}/verify/"' not in queue and "Укажите ИНН и сайт." in queue  # waiting

    # the administrator reads what is asked and submits the agent again
    client.force_login(admin)
    page = client.get(f"/agents/{agent.pk}/").content.decode()
    assert "Укажите ИНН и сайт." in page and f'action="/agents/{agent.pk}/resubmit/"' in page
    # a representative reads it too, but cannot submit
    client.force_login(representative)
    page = client.get(f"/agents/{agent.pk}/").content.decode()
    assert "Укажите ИНН и сайт." in page and "/resubmit/" not in page
    assert client.post(f"/agents/{agent.pk}/resubmit/").status_code == 403

    client.force_login(admin)
    assert client.post(f"/agents/{agent.pk}/resubmit/").status_code == 302

    agent.refresh_from_db()
    assert agent.review_status == "pending"
    assert [entry.action for entry in AuditLogEntry.objects.order_by("id")] == [
        "agent.details_requested",
        "agent.resubmitted",
    ]
    client.force_login(moderator)
    assert f'action="/agents/{agent.pk}/verify/"' in client.get("/agents/moderation/").content.decode()


def test_each_reason_page_says_what_is_asked_and_who_reads_it(client, make_user, new_agent):
    """One reason form, worded per page: the agent's pages name its representatives, the project's its lead."""
    agent, _admin, _representative = new_agent
    client.force_login(make_user(SiteRole.MODERATOR))

    reject = client.get(f"/agents/{agent.pk}/reject/").content.decode()
    details = client.get(f"/agents/{agent.pk}/request-details/").content.decode()

    assert "Причина" in reject and "Это прочитают представители организации." in reject
    assert "Каких сведений не хватает" in details and "Это прочитают представители организации." in details
    assert "Это прочитают участники ведущей организации." not in reject + details
