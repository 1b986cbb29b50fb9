"""Notifications of competence events: who is told, in which language, once, in one task per recomputation."""

from __future__ import annotations

from email.header import decode_header, make_header
from email.utils import parseaddr

import pytest
from django.core import mail
from django.utils import timezone

from accounts.choices import SiteRole
from analytics.models import ClassifierItem, CompetenceEvent, Dataset, Snapshot
from cooperation.choices import AgentRole, MembershipStatus
from notifications.models import Notification
from regions.models import Region
from search import tasks
from search.services.competence_watches import COMPETENCE_EVENT, competence_events_notify, competence_watch_create
from tests.accounts.factories import UserFactory, grant
from tests.cooperation.factories import AgentFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("reference_data")]


@pytest.fixture
def world():
    lipetsk, voronezh = Region.objects.get(iso_code="RU-LIP"), Region.objects.get(iso_code="RU-VOR")
    manufacturing = ClassifierItem.objects.get(classifier__code="nace2", code="C")
    farming = ClassifierItem.objects.get(classifier__code="nace2", code="A")
    dataset = Dataset.objects.create(code="gva", name_ru="ВДС", name_en="GVA")
    snapshot = Snapshot.objects.create(inputs_checksum="0", started_at=timezone.now(), status="complete")
    events = [
        CompetenceEvent.objects.create(
            dataset=dataset,
            indicator="national_localisation",
            region=region,
            item=item,
            year=2022,
            kind=kind,
            value_before=before,
            value_after=after,
            snapshot=snapshot,
        )
        for region, item, kind, before, after in [
            (lipetsk, manufacturing, "gained", 0.95, 1.05),
            (lipetsk, farming, "lost", 1.2, 0.9),
            (voronezh, manufacturing, "lost", 1.1, 0.8),
        ]
    ]
    return {
        "lipetsk": lipetsk,
        "voronezh": voronezh,
        "C": manufacturing,
        "A": farming,
        "dataset": dataset,
        "snapshot": snapshot,
        "events": events,
    }


def sender_name(message) -> str:
    header = message.message()["From"]
    return str(make_header(decode_header(parseaddr(header)[0])))


def told(world):
    return {(n.recipient_id, n.text) for n in Notification.objects.filter(event=COMPETENCE_EVENT)}


def test_each_recipient_hears_of_what_concerns_them_in_their_language(world, django_capture_on_commit_callbacks):
    coordinator = UserFactory(language="en")
    grant(coordinator, SiteRole.COORDINATOR, region=world["lipetsk"])
    maker = AgentFactory(region=world["lipetsk"])
    maker.competences.add(world["C"])
    member = MembershipFactory(agent=maker, role=AgentRole.REPRESENTATIVE, status=MembershipStatus.APPROVED).user
    elsewhere = AgentFactory(region=world["voronezh"])  # declares A, and Voronezh has only a C event
    elsewhere.competences.add(world["A"])
    stranger = MembershipFactory(agent=elsewhere, status=MembershipStatus.APPROVED).user
    follower = UserFactory(language="ru")
    competence_watch_create(actor=follower, item=world["C"])
    bystander = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        sent = competence_events_notify(snapshot_id=world["snapshot"].pk, dataset_ids=[world["dataset"].pk])

    texts = told(world)
    assert (coordinator.pk, "Lipetsk Oblast: competences changed (gained 1, lost 1)") in texts
    # the representative: only the item their organisation declares (C) in its region
    assert (member.pk, "Липецкая область: компетенции изменились (получено: 1, утрачено: 0)") in texts
    # the follower of C: C in every region, one notification per region
    assert {text for pk, text in texts if pk == follower.pk} == {
        "Липецкая область: компетенции изменились (получено: 1, утрачено: 0)",
        "Воронежская область: компетенции изменились (получено: 0, утрачено: 1)",
    }
    assert {pk for pk, _ in texts} == {coordinator.pk, member.pk, follower.pk}
    assert stranger.pk not in {pk for pk, _ in texts} and bystander.pk not in {pk for pk, _ in texts}
    assert sent == 4
    # e-mails: in the recipient's language, with absolute links to the region's timeline
    english = next(m for m in mail.outbox if coordinator.email in m.to)
    assert english.subject == "[Spiral] Lipetsk Oblast: competences changed (gained 1, lost 1)"
    assert "http://" in english.body and "/analytics/regions/RU-LIP/#competence-events" in english.body
    assert "0.95 → 1.05" in english.body
    russian = next(m for m in mail.outbox if member.email in m.to)
    assert russian.subject.startswith("[Спираль] Липецкая область")
    assert "0,95 → 1,05" in russian.body  # numbers in the recipient's language
    # the sender's name too (it was "Spiral" in every mail), RFC 2047-encoded in the header
    assert sender_name(english) == "Spiral" and sender_name(russian) == "Спираль"


def test_a_second_run_of_the_task_tells_no_one(world, django_capture_on_commit_callbacks):
    grant(coordinator := UserFactory(), SiteRole.COORDINATOR, region=world["lipetsk"])

    with django_capture_on_commit_callbacks(execute=True):
        first = competence_events_notify(snapshot_id=world["snapshot"].pk, dataset_ids=[world["dataset"].pk])
    with django_capture_on_commit_callbacks(execute=True):
        second = competence_events_notify(snapshot_id=world["snapshot"].pk, dataset_ids=[world["dataset"].pk])

    assert (first, second) == (1, 0)
    assert Notification.objects.filter(recipient=coordinator).count() == 1
    assert not CompetenceEvent.objects.filter(notified_at__isnull=True).exists()


def test_one_recomputation_queues_one_notification_task_and_one_mail_task(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from accounts import tasks as account_tasks
    from analytics.events import competence_events_recorded

    for region in (world["lipetsk"], world["voronezh"]):
        for _ in range(3):
            grant(UserFactory(), SiteRole.COORDINATOR, region=region)
    queued = {"notify": 0, "mail": 0, "single mail": 0}
    run_notify = tasks.competence_events_notify_task.delay
    run_batch = account_tasks.send_email_batch_task.delay

    def notify_delay(**kwargs):
        queued["notify"] += 1
        return run_notify(**kwargs)

    def batch_delay(**kwargs):
        queued["mail"] += 1
        return run_batch(**kwargs)

    def single_delay(**kwargs):
        queued["single mail"] += 1

    monkeypatch.setattr(tasks.competence_events_notify_task, "delay", notify_delay)
    monkeypatch.setattr(account_tasks.send_email_batch_task, "delay", batch_delay)
    monkeypatch.setattr(account_tasks.send_email_task, "delay", single_delay)

    with django_capture_on_commit_callbacks(execute=True):
        competence_events_recorded.send(
            sender=CompetenceEvent, snapshot_id=world["snapshot"].pk, dataset_ids=[world["dataset"].pk]
        )

    assert queued == {"notify": 1, "mail": 1, "single mail": 0}
    assert len(mail.outbox) == 6
