"""Sending notifications: settings per event, after commit only, in each recipient's language."""

import pytest
from django.core import mail
from django.db import transaction

from accounts.choices import SiteRole
from cooperation.choices import AgentRole, CooperationType
from cooperation.notifications import notify_on_commit
from cooperation.services.projects import project_create, project_submit
from notifications.models import Notification
from notifications.services import notify
from tests.accounts.factories import UserFactory
from tests.cooperation.factories import AgentFactory, MembershipFactory, make_submittable
from tests.notifications.factories import NotificationSettingFactory

pytestmark = pytest.mark.django_db

EVENT = "cooperation/email/agent_verified"


@pytest.fixture
def agent(lipetsk):
    return AgentFactory(region=lipetsk, name="Технопарк", name_en="Technopark")


@pytest.mark.parametrize(("portal", "email"), [(True, True), (True, False), (False, True), (False, False)], ids=str)
def test_each_channel_follows_the_recipients_setting(agent, portal, email, django_capture_on_commit_callbacks):
    chooser = UserFactory()
    NotificationSettingFactory(user=chooser, event=EVENT, portal=portal, email=email)
    default = UserFactory()  # no setting: both channels on

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[chooser, default], template=EVENT, context={"agent": agent})

    assert Notification.objects.filter(recipient=chooser).exists() is portal
    assert Notification.objects.filter(recipient=default).count() == 1
    addressees = sorted(m.to[0] for m in mail.outbox)
    assert addressees == sorted([default.email, *([chooser.email] if email else [])])


def test_a_setting_for_another_event_does_not_apply(agent, django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationSettingFactory(user=user, event="cooperation/email/project_approved", portal=False, email=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], template=EVENT, context={"agent": agent})

    assert Notification.objects.filter(recipient=user).count() == 1
    assert [m.to for m in mail.outbox] == [[user.email]]


def test_nothing_is_created_or_sent_when_the_transaction_rolls_back(agent, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(users=[user], template=EVENT, context={"agent": agent})
                raise RuntimeError("the transition failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_nothing_is_created_before_the_commit(agent, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(users=[user], template=EVENT, context={"agent": agent})
        assert not Notification.objects.exists()

    assert callbacks
    assert mail.outbox == []


def test_the_text_is_the_subject_in_each_recipients_language(agent, django_capture_on_commit_callbacks):
    russian = UserFactory(language="ru")
    english = UserFactory(language="en")

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[russian, english], template=EVENT, context={"agent": agent})

    assert Notification.objects.get(recipient=russian).text == "Организация верифицирована: Технопарк"
    assert Notification.objects.get(recipient=english).text == "Технопарк is verified"
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[russian.email] == "[Спираль] Организация верифицирована: Технопарк"
    assert subjects[english.email] == "[Spiral] Технопарк is verified"


def test_the_actor_is_left_out_and_recorded_and_the_link_points_to_the_page(agent, django_capture_on_commit_callbacks):
    actor, other = UserFactory(), UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        count = notify(users=[actor, other, other], template=EVENT, context={"agent": agent}, exclude=actor)

    assert count == 1
    notification = Notification.objects.get()
    assert notification.recipient == other
    assert notification.actor == actor
    assert notification.event == EVENT
    assert notification.url == agent.get_absolute_url()
    assert notification.read_at is None
    assert [m.to for m in mail.outbox] == [[other.email]]


def test_an_explicit_url_in_the_context_wins(agent, django_capture_on_commit_callbacks):
    user = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], template=EVENT, context={"agent": agent, "url": "/projects/5/"})

    assert Notification.objects.get().url == "/projects/5/"


def test_inactive_users_get_nothing(agent, django_capture_on_commit_callbacks):
    user = UserFactory(is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(users=[user], template=EVENT, context={"agent": agent})

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_notify_on_commit_honours_the_settings_and_still_waits_for_templates(agent, django_capture_on_commit_callbacks):
    user = UserFactory()
    NotificationSettingFactory(user=user, event=EVENT, portal=True, email=False)

    with django_capture_on_commit_callbacks(execute=True):
        present = notify_on_commit(users=[user], template=EVENT, context={"agent": agent})
        missing = notify_on_commit(users=[user], template="cooperation/email/no_such_event", context={})

    assert (present, missing) == (True, False)
    assert Notification.objects.filter(recipient=user, event=EVENT).count() == 1
    assert mail.outbox == []


def test_a_submitted_project_reaches_the_moderator_in_the_portal_and_by_email(
    lipetsk, make_user, django_capture_on_commit_callbacks
):
    # given a lead member with a draft and a moderator
    lead_agent = AgentFactory(region=lipetsk)
    lead_member = MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user
    moderator = make_user(SiteRole.MODERATOR, language="en")
    draft = project_create(
        lead_agent=lead_agent,
        actor=lead_member,
        title_ru="Цифровой регион",
        title_en="Digital region",
        cooperation_types=[CooperationType.SCIENTIFIC],
    )

    # when the lead member submits it
    with django_capture_on_commit_callbacks(execute=True):
        project_submit(project=make_submittable(draft), actor=lead_member)

    # then the moderator (and only the moderator) hears of it, in English
    notification = Notification.objects.get()
    assert notification.recipient == moderator
    assert notification.event == "cooperation/email/project_submitted"
    assert notification.actor == lead_member
    assert "Digital region" in notification.text
    assert [m.to for m in mail.outbox] == [[moderator.email]]


def test_quotes_and_ampersands_in_a_title_arrive_as_written(lipetsk, make_user, django_capture_on_commit_callbacks):
    # given a project whose title has characters that HTML would escape
    lead_agent = AgentFactory(region=lipetsk)
    lead_member = MembershipFactory(agent=lead_agent, role=AgentRole.REPRESENTATIVE).user
    make_user(SiteRole.MODERATOR, language="en")
    draft = project_create(
        lead_agent=lead_agent,
        actor=lead_member,
        title_en='R&D "Black Earth" <pilot>',
        cooperation_types=[CooperationType.SCIENTIFIC],
    )

    # when it is submitted
    with django_capture_on_commit_callbacks(execute=True):
        project_submit(project=make_submittable(draft), actor=lead_member)

    # then the plain-text e-mail and the stored notification text are not HTML-escaped
    title = 'R&D "Black Earth" <pilot>'
    assert title in mail.outbox[0].subject
    assert title in mail.outbox[0].body
    assert title in Notification.objects.get().text
