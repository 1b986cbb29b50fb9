"""The project invitation and "project started" mails (walk-through of issue #12): organisation names in quotes,
where to answer the invitation, and the actual start date — in both languages."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from core.site import email_context

PROJECT = SimpleNamespace(
    title="Агродроны", lead_agent="Липецкий агроуниверситет", started_on=datetime.date(2026, 3, 5)
)
PARTICIPANT = SimpleNamespace(agent="ВГУ", motivation="")


def body(template, language, **context):
    with translation.override(language):
        return render_to_string(f"cooperation/email/{template}_body.txt", email_context(context), using="text")


@pytest.mark.parametrize(
    ("language", "names", "where"),
    [
        ("ru", ("«Липецкий агроуниверситет»", "«ВГУ»"), "«Мои проекты»"),
        ("en", ("“Липецкий агроуниверситет”", "“ВГУ”"), "“My projects”"),
    ],
)
def test_the_invitation_quotes_the_organisations_and_says_where_to_answer(language, names, where):
    text = body("participant_invited", language, project=PROJECT, participant=PARTICIPANT, answer_url="/projects/mine/")

    assert all(name in text for name in names)
    assert where in text and "/projects/mine/" in text.split(where)[1]


@pytest.mark.parametrize(("language", "date"), [("ru", "5 марта 2026"), ("en", "March 5, 2026")])
def test_the_started_mail_gives_the_actual_start_date(language, date):
    assert date in body("project_started", language, project=PROJECT)
