"""Closing reports in both languages (#12): the lead writes each text in Russian, English or both (the lessons
in one at least); the report page and the library show the reader's language and mark a fallback with ``lang``;
the API reads and writes the English texts."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from cooperation.choices import ProjectState
from monitoring.models import ClosingReport
from tests.monitoring.factories import ClosingReportFactory

pytestmark = pytest.mark.django_db

RU_LESSONS, EN_LESSONS = "Начинать с договора о правах.", "Start with an agreement on the rights."
RU_SUMMARY, EN_SUMMARY = "Итоги трёх лет.", "Three years in review."


@pytest.fixture
def completed(make_project):
    return make_project(ProjectState.COMPLETED)


def test_the_lead_writes_the_report_in_english_only(client, completed, lead_member):
    client.force_login(lead_member)

    form = client.get(f"/projects/{completed.pk}/report/", HTTP_ACCEPT_LANGUAGE="en")
    saved = client.post(
        f"/projects/{completed.pk}/report/",
        {"summary_en": EN_SUMMARY, "lessons_learned_en": EN_LESSONS, "is_published": "on"},
    )

    for name in ("summary_en", "results_en", "lessons_learned_en", "recommendations_en"):
        assertContains(form, f'name="{name}"')
    assert saved.status_code == 302
    report = ClosingReport.objects.get(project=completed)
    assert (report.lessons_learned, report.lessons_learned_en, report.summary_en) == ("", EN_LESSONS, EN_SUMMARY)


def test_lessons_in_neither_language_come_back_with_the_error(client, completed, lead_member):
    client.force_login(lead_member)

    response = client.post(
        f"/projects/{completed.pk}/report/",
        {"summary_en": EN_SUMMARY, "lessons_learned": " ", "lessons_learned_en": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.context["form"].errors["lessons_learned"] == [
        "Write down the lessons learned, in Russian or in English."
    ]
    assert not ClosingReport.objects.exists()


@pytest.mark.parametrize(
    ("language", "english", "shown", "hidden"),
    [
        (
            "en",
            True,
            [f'<div class="mb-3"><p>{EN_LESSONS}</p></div>', f'<div class="mb-3"><p>{EN_SUMMARY}</p></div>'],
            RU_LESSONS,
        ),
        (
            "ru",
            True,
            [f'<div class="mb-3"><p>{RU_LESSONS}</p></div>', f'<div class="mb-3"><p>{RU_SUMMARY}</p></div>'],
            EN_LESSONS,
        ),
        ("en", False, [f'<div class="mb-3" lang="ru"><p>{RU_LESSONS}</p></div>'], None),
    ],
)
def test_the_report_and_the_library_show_the_readers_language(client, completed, language, english, shown, hidden):
    texts = {"summary_en": EN_SUMMARY, "lessons_learned_en": EN_LESSONS} if english else {}
    ClosingReportFactory(project=completed, summary=RU_SUMMARY, lessons_learned=RU_LESSONS, **texts)

    page = client.get(f"/projects/{completed.pk}/report/", HTTP_ACCEPT_LANGUAGE=language)
    library = client.get("/reports/", HTTP_ACCEPT_LANGUAGE=language)

    for fragment in shown:
        assertContains(page, fragment, html=True)
    if hidden:
        assertNotContains(page, hidden)
        assertNotContains(library, hidden)
    assertContains(library, EN_LESSONS if (english and language == "en") else RU_LESSONS)


def test_the_api_reads_and_writes_the_english_texts(client, completed, lead_member):
    client.force_login(lead_member)

    created = client.post(
        "/api/closing-reports/",
        {"project": completed.pk, "lessons_learned_en": EN_LESSONS, "summary_en": EN_SUMMARY},
        content_type="application/json",
    )
    patched = client.patch(
        f"/api/closing-reports/{created.json()['id']}/",
        {"recommendations_en": "Pilot first."},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    assert created.json()["lessons_learned_en"] == EN_LESSONS and created.json()["lessons_learned"] == ""
    assert patched.status_code == 200
    data = patched.json()
    assert (data["summary_en"], data["lessons_learned_en"], data["recommendations_en"]) == (
        EN_SUMMARY,
        EN_LESSONS,
        "Pilot first.",
    )


def test_the_english_texts_are_searched_too(client, completed):
    ClosingReportFactory(project=completed, lessons_learned=RU_LESSONS, lessons_learned_en=EN_LESSONS)

    found = client.get("/api/closing-reports/", {"q": "agreement on the rights"}).json()["results"]

    assert [item["lessons_learned_en"] for item in found] == [EN_LESSONS]
