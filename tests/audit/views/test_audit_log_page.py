"""The administrators' audit log page at /audit/."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import SiteRole
from audit.models import AuditLogEntry
from audit.services import audit_log
from tests.cooperation.factories import ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.audit.urls")]


@pytest.fixture
def administrator(make_user):
    return make_user(SiteRole.ADMINISTRATOR)


def entries(client, **params):
    return [entry.action for entry in client.get("/audit/", params).context["entries"]]


@pytest.mark.parametrize("roles", [(), (SiteRole.MODERATOR,), (SiteRole.COORDINATOR,), (SiteRole.ANALYST,)])
def test_only_administrators_may_read_the_log(client, make_user, lipetsk, roles):
    audit_log(actor=None, action="secret.action")

    assert client.get("/audit/").status_code == 403  # anonymous
    client.force_login(make_user(*roles, region=lipetsk))
    assert client.get("/audit/").status_code == 403


def test_administrators_see_the_log_newest_first(client, administrator):
    audit_log(actor=administrator, action="first.action")
    audit_log(actor=administrator, action="second.action")
    client.force_login(administrator)

    response = client.get("/audit/")

    assert response.status_code == 200
    assert entries(client) == ["second.action", "first.action"]
    html = response.content.decode()
    assert '<caption id="audit-caption">' in html and 'scope="col"' in html


def test_filters_by_actor_email_action_prefix_object_type_and_dates(client, administrator, make_user, lipetsk):
    moderator = make_user(SiteRole.MODERATOR, email="moderator@example.org")
    project = ProjectFactory()
    audit_log(actor=moderator, action="project.hidden", target=project, reason="Спам")
    audit_log(actor=moderator, action="comment.hidden", target=moderator)
    audit_log(actor=administrator, action="project.approved", target=project)
    old = audit_log(actor=administrator, action="role.granted", target=moderator)
    AuditLogEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=40))
    client.force_login(administrator)
    today = timezone.localdate()

    assert entries(client, actor="MODERATOR@example") == ["comment.hidden", "project.hidden"]
    assert entries(client, action="project.") == ["project.approved", "project.hidden"]
    assert entries(client, target_type="cooperation.project") == ["project.approved", "project.hidden"]
    assert entries(client, since=today.isoformat()) == ["project.approved", "comment.hidden", "project.hidden"]
    assert entries(client, until=(today - datetime.timedelta(days=30)).isoformat()) == ["role.granted"]
    assert entries(client, action="project.", actor="moderator@") == ["project.hidden"]


def test_the_object_type_filter_offers_the_types_in_the_log(client, administrator):
    audit_log(actor=administrator, action="project.approved", target=ProjectFactory())
    client.force_login(administrator)

    choices = dict(client.get("/audit/").context["filter"].form.fields["target_type"].choices)

    assert "cooperation.project" in choices
    assert "discussion.comment" not in choices


def test_the_page_takes_a_constant_number_of_queries(client, administrator, make_user):
    def add(n):
        for _ in range(n):
            actor = make_user()
            audit_log(actor=actor, action="project.hidden", target=ProjectFactory(), reason="x")

    client.force_login(administrator)
    add(2)
    client.get("/audit/")
    with CaptureQueriesContext(connection) as few:
        client.get("/audit/")
    add(8)
    with CaptureQueriesContext(connection) as many:
        client.get("/audit/")

    assert len(many) == len(few)


def test_the_navbar_links_administrators_to_the_log(client, administrator, make_user):
    client.force_login(administrator)
    assert 'href="/audit/"' in client.get("/agents/").content.decode()

    client.force_login(make_user(SiteRole.MODERATOR))
    assert 'href="/audit/"' not in client.get("/agents/").content.decode()


@pytest.fixture
def readable_log(administrator):
    """A resolved report of abuse, a hidden project with a date in its details, a code the page does not know."""
    from tests.discussion.factories import ReportFactory

    project = ProjectFactory(title_ru="Кластер")
    report = ReportFactory(project=project)
    audit_log(actor=administrator, action="report.resolved", target=report, project=project.pk)
    # 07:30 UTC is 10:30 in Moscow, the portal's time zone.
    audit_log(
        actor=administrator,
        action="project.hidden",
        target=project,
        reason="Спам",
        fields=["title", "summary"],
        at="2026-03-02T07:30:00+00:00",
    )
    audit_log(actor=administrator, action="brand.new_action", target=None)
    return project


@pytest.mark.parametrize(
    ("language", "resolved", "hidden", "report_type", "reason", "moment"),
    [
        ("ru", "Жалоба рассмотрена", "Проект скрыт", "Жалоба", "причина", "02.03.2026 10:30"),
        ("en", "Report of abuse resolved", "Project hidden", "Report of abuse", "reason", "10:30"),
    ],
)
def test_the_log_reads_as_sentences_in_the_page_language(
    client, administrator, readable_log, language, resolved, hidden, report_type, reason, moment
):
    client.force_login(administrator)

    html = client.get("/audit/", headers={"accept-language": language}).content.decode()

    assert resolved in html and hidden in html
    assert "report.resolved" not in html and "project.hidden" not in html  # no raw code
    assert "brand.new_action" in html  # an unknown code falls back to itself
    assert f"<td>{report_type}</td>" in html  # not "Отчёт"
    assert "Отчёт" not in html
    assert f'<a href="/projects/{readable_log.pk}/">Кластер</a>' in html  # the object links to its page
    assert f'<span class="text-body-secondary">{reason}:</span> Спам' in html
    assert "title, summary" in html  # a list reads as a list, not "['title', 'summary']"
    assert moment in html and "07:30" not in html  # Moscow time like the row's time


@pytest.mark.parametrize(
    ("language", "from_state", "to_state", "query"),
    [
        ("ru", "ожидает верификации", "отклонена", "q=беспилотники"),
        ("en", "awaiting verification", "rejected", "q=беспилотники"),
    ],
)
def test_states_read_as_their_labels_and_a_query_as_typed(
    client, administrator, make_user, language, from_state, to_state, query
):
    """Walking issue #12's moderation journey, the log said "from state: pending, to state: rejected" and showed a saved
    search's query percent-encoded."""
    from cooperation.choices import AgentReview
    from tests.cooperation.factories import AgentFactory

    agent = AgentFactory()
    audit_log(
        actor=administrator,
        action="agent.rejected",
        target=agent,
        from_state=AgentReview.PENDING,
        to_state=AgentReview.REJECTED,
        reason="Duplicate",
    )
    audit_log(
        actor=administrator,
        action="saved_search.created",
        target=None,
        query="q=%D0%B1%D0%B5%D1%81%D0%BF%D0%B8%D0%BB%D0%BE%D1%82%D0%BD%D0%B8%D0%BA%D0%B8",
    )
    client.force_login(administrator)

    html = client.get("/audit/", headers={"accept-language": language}).content.decode()

    # (jsonb on PostgreSQL keeps the details in another order: a line ends with <br> or the cell)
    assert re.search(rf"</span> {from_state}(<br>|</td>)", html) and re.search(rf"</span> {to_state}(<br>|</td>)", html)
    assert "</span> pending<" not in html  # the code (in English the label of "rejected" is the word itself)
    assert f"</span> {query}" in html and "%D0" not in html


@pytest.mark.parametrize(("language", "decimal"), [("ru", "36,5"), ("en", "36.5")])
def test_numbers_read_in_the_page_language(client, administrator, language, decimal):
    # The Russian page showed "36.5" (a logged indicator value) in the object's name and the details.
    audit_log(
        actor=administrator,
        action="monitoring.value_recorded",
        target=None,
        value="36.5",
        baseline="12.25",
        share=0.5,
        code="01.1",  # a code is text, not a number
    )
    entry = AuditLogEntry.objects.latest("pk")
    entry.target_repr = "Доля экспорта: 36.5 (2026-03-01)"
    entry.save(update_fields=["target_repr"])
    client.force_login(administrator)

    html = client.get("/audit/", headers={"accept-language": language}).content.decode()

    assert f"Доля экспорта: {decimal} (" in html
    assert f"</span> {decimal}<br>" in html
    assert ("12,25" if language == "ru" else "12.25") in html
    assert ("0,5" if language == "ru" else "0.5") in html
    assert "01.1" in html
