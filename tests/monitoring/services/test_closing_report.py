"""The closing report: written by the lead's members once the project is completed; publishing tells the others."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from audit.models import AuditLogEntry
from cooperation.choices import AgentRole, ProjectState
from core.exceptions import InvalidStateError
from monitoring.models import ClosingReport
from monitoring.services import closing_report_save
from notifications.registry import is_registered
from tests.cooperation.factories import MembershipFactory

pytestmark = pytest.mark.django_db

LESSONS = "Договор о правах на результаты нужно подписывать до начала работ."


@pytest.fixture
def completed(make_project):
    return make_project(ProjectState.COMPLETED)


def test_the_leads_member_writes_a_draft_nobody_is_told(completed, lead_member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = closing_report_save(
            project=completed, actor=lead_member, lessons_learned=f"  {LESSONS}  ", summary="Итоги"
        )

    report.refresh_from_db()
    assert (report.lessons_learned, report.summary, report.author, report.is_published) == (
        LESSONS,
        "Итоги",
        lead_member,
        False,
    )
    assert report.published_at is None
    assert mail.outbox == []
    assert AuditLogEntry.objects.get(action="monitoring.closing_report_created").actor == lead_member


def test_publishing_tells_the_members_of_every_participant_but_the_author(
    completed, lead_member, lead_admin, partner_member, partner_agent, outsider, django_capture_on_commit_callbacks
):
    colleague = MembershipFactory(agent=partner_agent, role=AgentRole.REPRESENTATIVE).user
    now = datetime.datetime(2025, 10, 1, 9, 0, tzinfo=datetime.UTC)

    with django_capture_on_commit_callbacks(execute=True):
        report = closing_report_save(
            project=completed, actor=lead_member, lessons_learned=LESSONS, is_published=True, now=now
        )

    assert report.published_at == now
    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {lead_admin.email, partner_member.email, colleague.email}
    assert all(completed.title_ru in message.subject for message in mail.outbox)
    assert f"/projects/{completed.pk}/report/" in mail.outbox[0].body


def test_revising_a_published_report_does_not_notify_again(
    completed, lead_member, partner_member, django_capture_on_commit_callbacks
):
    closing_report_save(project=completed, actor=lead_member, lessons_learned=LESSONS, is_published=True)

    with django_capture_on_commit_callbacks(execute=True):
        closing_report_save(
            project=completed, actor=lead_member, lessons_learned=LESSONS, results="Итог", is_published=True
        )

    assert mail.outbox == []
    assert ClosingReport.objects.get().results == "Итог"
    assert AuditLogEntry.objects.get(action="monitoring.closing_report_updated").data["fields"] == ["results"]


def test_publishing_a_draft_later_notifies(completed, lead_member, partner_member, django_capture_on_commit_callbacks):
    closing_report_save(project=completed, actor=lead_member, lessons_learned=LESSONS)

    with django_capture_on_commit_callbacks(execute=True):
        closing_report_save(project=completed, actor=lead_member, lessons_learned=LESSONS, is_published=True)

    assert [message.to for message in mail.outbox] == [[partner_member.email]]


def test_lessons_learned_are_required(completed, lead_member):
    with pytest.raises(ValidationError) as error:
        closing_report_save(project=completed, actor=lead_member, lessons_learned="   ", summary="Итоги")

    assert list(error.value.message_dict) == ["lessons_learned"]
    assert not ClosingReport.objects.exists()


@pytest.mark.parametrize("state", [state for state in ProjectState.values if state != ProjectState.COMPLETED], ids=str)
def test_the_report_is_written_only_for_a_completed_project(make_project, lead_member, state):
    with pytest.raises(InvalidStateError) as error:
        closing_report_save(project=make_project(state), actor=lead_member, lessons_learned=LESSONS)

    assert error.value.state == state


@pytest.mark.parametrize("who", ["partner_member", "outsider", "moderator"])
def test_only_the_leads_members_write_it(completed, who, request):
    with pytest.raises(PermissionDenied):
        closing_report_save(project=completed, actor=request.getfixturevalue(who), lessons_learned=LESSONS)


def test_the_search_text_follows_the_report(completed, lead_member):
    closing_report_save(project=completed, actor=lead_member, lessons_learned="Первый ВАРИАНТ")
    closing_report_save(project=completed, actor=lead_member, lessons_learned="Второй ВАРИАНТ")

    search_text = ClosingReport.objects.get().search_text
    assert "второй вариант" in search_text
    assert "первый" not in search_text
    assert completed.title_ru.lower() in search_text


def test_the_event_is_registered_for_the_users_settings():
    assert is_registered("monitoring/email/closing_report_published")
