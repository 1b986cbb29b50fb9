"""The closing report page and the library of lessons learned."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperation.choices import CooperationType, ProjectState
from monitoring.choices import EffectType
from monitoring.models import ClosingReport
from tests.cooperation.factories import AgentFactory, ParticipantFactory
from tests.monitoring.factories import ClosingReportFactory, EffectFactory, IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(make_project):
    return make_project(ProjectState.COMPLETED)


def test_the_lead_writes_and_publishes_the_report(client, completed, lead_member):
    client.force_login(lead_member)

    form = client.get(f"/projects/{completed.pk}/report/")
    saved = client.post(
        f"/projects/{completed.pk}/report/",
        {"summary": "Итоги", "lessons_learned": "Начинать с договора.", "is_published": "on"},
    )
    page = client.get(f"/projects/{completed.pk}/report/")

    assert form.status_code == 200 and 'name="lessons_learned"' in form.content.decode()
    assert saved.status_code == 302
    report = ClosingReport.objects.get(project=completed)
    assert report.is_published and report.author == lead_member
    assert "Начинать с договора." in page.content.decode()


def test_lessons_are_required_on_the_page(client, completed, lead_member):
    client.force_login(lead_member)

    response = client.post(f"/projects/{completed.pk}/report/", {"summary": "Итоги", "lessons_learned": "  "})

    assert response.status_code == 400
    assert 'id="id_lessons_learned_error"' in response.content.decode()
    assert not ClosingReport.objects.exists()


def test_a_published_report_is_for_everyone_a_draft_for_the_lead(client, completed, partner_member):
    report = ClosingReportFactory(project=completed, is_published=False, published_at=None)

    anonymous_draft = client.get(f"/projects/{completed.pk}/report/")
    client.force_login(partner_member)
    partner_draft = client.get(f"/projects/{completed.pk}/report/")
    partner_post = client.post(f"/projects/{completed.pk}/report/", {"lessons_learned": "Чужие уроки"})
    report.is_published = True
    report.save(update_fields=["is_published"])
    client.logout()
    anonymous_published = client.get(f"/projects/{completed.pk}/report/")

    assert anonymous_draft.status_code == 404
    assert partner_draft.status_code == 404
    assert partner_post.status_code == 404
    assert anonymous_published.status_code == 200
    assert report.lessons_learned in anonymous_published.content.decode()
    assert 'name="lessons_learned"' not in anonymous_published.content.decode()


def test_a_project_without_a_report_has_no_report_page_for_others(client, completed):
    assert client.get(f"/projects/{completed.pk}/report/").status_code == 404


# --- The library.


def titles(response) -> set[str]:
    return {report.project.title_ru for report in response.context["reports"]}


@pytest.fixture
def library(voronezh):
    """Three published reports (scientific/Lipetsk, educational/Voronezh, production) and one draft."""
    science = ClosingReportFactory(
        project__title_ru="Липецкий материаловедческий консорциум",
        project__cooperation_types=[CooperationType.SCIENTIFIC],
        lessons_learned="Делить ПРАВА на результаты до начала работ.",
    )
    EffectFactory(project=science.project, type=EffectType.NETWORK)
    school = ClosingReportFactory(
        project__title_ru="Школа инженеров",
        project__lead_agent=AgentFactory(region=voronezh),
        project__cooperation_types=[CooperationType.EDUCATIONAL, CooperationType.CONSULTING],
        summary="Обучение сотрудников заводов.",
        lessons_learned="Наставники из бизнеса важнее лекций.",
    )
    EffectFactory(project=school.project, type=EffectType.SOCIAL)
    ClosingReportFactory(
        project__title_ru="Кооперация поставщиков",
        project__cooperation_types=[CooperationType.PRODUCTION],
        lessons_learned="Единый реестр поставщиков.",
    )
    ClosingReportFactory(project__title_ru="Черновик", is_published=False, published_at=None)
    return science, school


def test_the_library_lists_published_reports_only(client, library):
    response = client.get("/reports/")

    assert response.status_code == 200
    assert titles(response) == {"Липецкий материаловедческий консорциум", "Школа инженеров", "Кооперация поставщиков"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("права", {"Липецкий материаловедческий консорциум"}),  # lessons, other case
        ("ЛИПЕЦКИЙ", {"Липецкий материаловедческий консорциум"}),  # title, other case
        ("Обучение ЗАВОДОВ", {"Школа инженеров"}),  # summary, every word
        ("наставники лекций", {"Школа инженеров"}),
        ("реестр", {"Кооперация поставщиков"}),
        ("черновик", set()),  # drafts are not in the library
        ("нет такого", set()),
    ],
)
def test_search_is_case_insensitive_for_cyrillic_on_every_database(client, library, query, expected):
    assert titles(client.get("/reports/", {"q": query})) == expected


def test_filters_by_cooperation_type_region_and_effect(client, library):
    assert titles(client.get("/reports/", {"cooperation_type": "consulting"})) == {"Школа инженеров"}
    assert titles(client.get("/reports/", {"cooperation_type": ["scientific", "production"]})) == {
        "Липецкий материаловедческий консорциум",
        "Кооперация поставщиков",
    }
    assert titles(client.get("/reports/", {"region": "RU-VOR"})) == {"Школа инженеров"}
    assert titles(client.get("/reports/", {"effect": "network"})) == {"Липецкий материаловедческий консорциум"}


def test_reports_of_hidden_projects_are_not_in_the_library(client, library):
    science, _ = library
    science.project.is_hidden = True
    science.project.save(update_fields=["is_hidden"])

    assert "Липецкий материаловедческий консорциум" not in titles(client.get("/reports/"))


def test_the_library_is_paginated(client, reference_data):
    for _ in range(21):
        ClosingReportFactory()

    first = client.get("/reports/")
    second = client.get("/reports/", {"page": 2})

    assert len(first.context["reports"]) == 20
    assert len(second.context["reports"]) == 1
    assert 'rel="next"' in first.content.decode()


def _make_reports(count: int, region) -> None:
    for _ in range(count):
        report = ClosingReportFactory()
        ParticipantFactory(project=report.project, agent=AgentFactory(region=region))
        EffectFactory(project=report.project)
        EffectFactory(project=report.project, type=EffectType.SOCIAL)


def test_the_library_costs_the_same_number_of_queries_for_2_or_10_reports(client, make_user, voronezh):
    client.force_login(make_user())
    _make_reports(2, voronezh)
    client.get("/reports/")  # warm up (sessions, content types)
    with CaptureQueriesContext(connection) as two:
        assert client.get("/reports/", {"q": "инженеров"}).status_code == 200

    _make_reports(8, voronezh)
    with CaptureQueriesContext(connection) as ten:
        response = client.get("/reports/", {"q": "инженеров"})

    assert len(response.context["reports"]) == 10
    assert len(ten.captured_queries) == len(two.captured_queries), [q["sql"] for q in ten.captured_queries]


def test_the_monitoring_page_costs_the_same_for_few_or_many_indicators(client, project, lead_member):
    client.force_login(lead_member)

    def grow(effects):
        for _ in range(effects):
            effect = EffectFactory(project=project, type=EffectType.values[project.effects.count()])
            for _ in range(2):
                IndicatorValueFactory(indicator=IndicatorFactory(effect=effect))

    grow(1)
    client.get(f"/projects/{project.pk}/monitoring/")
    with CaptureQueriesContext(connection) as few:
        client.get(f"/projects/{project.pk}/monitoring/")
    grow(4)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/projects/{project.pk}/monitoring/")

    assert len(many.captured_queries) == len(few.captured_queries)
