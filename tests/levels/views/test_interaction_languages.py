"""Interactions in both languages (#12): the form and the API take an English title and description, the pages
show the reader's language and mark a fallback to the other one with ``lang``; one title at least."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from levels.models import Interaction
from tests.levels.factories import InteractionFactory

pytestmark = pytest.mark.django_db

RU_TITLE, EN_TITLE = "Семинар по биотехнологиям", "Biotechnology seminar"
RU_TEXT, EN_TEXT = "Доклады трёх лабораторий.", "Talks by three laboratories."


def test_the_form_records_an_english_title_and_description(client, member, lipetsk_agent, voronezh_agent):
    client.force_login(member)

    form = client.get("/cooperation/interactions/new/", HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/cooperation/interactions/new/",
        {
            "title": "",
            "title_en": EN_TITLE,
            "kind": "conference",
            "occurred_on": "2024-05-20",
            "participants": [lipetsk_agent.pk, voronezh_agent.pk],
            "description_en": EN_TEXT,
        },
    )

    assertContains(form, 'name="title_en"')
    assertContains(form, 'name="description_en"')
    assert response.status_code == 302
    interaction = Interaction.objects.get()
    assert (interaction.title, interaction.title_en, interaction.description_en) == ("", EN_TITLE, EN_TEXT)


def test_without_a_title_in_either_language_the_form_says_so(client, member, lipetsk_agent, voronezh_agent):
    client.force_login(member)

    response = client.post(
        "/cooperation/interactions/new/",
        {
            "title": " ",
            "title_en": "",
            "kind": "meeting",
            "occurred_on": "2024-05-20",
            "participants": [lipetsk_agent.pk, voronezh_agent.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert response.context["form"].errors["title"] == ["Give a title, in Russian or in English."]
    assert not Interaction.objects.exists()


@pytest.mark.parametrize(
    ("language", "texts", "title", "description"),
    [
        ("en", {"title_en": EN_TITLE, "description_en": EN_TEXT}, f"<h1>{EN_TITLE}</h1>", f"<p>{EN_TEXT}</p>"),
        ("ru", {"title_en": EN_TITLE, "description_en": EN_TEXT}, f"<h1>{RU_TITLE}</h1>", f"<p>{RU_TEXT}</p>"),
        ("en", {}, f'<h1 lang="ru">{RU_TITLE}</h1>', f'<p lang="ru">{RU_TEXT}</p>'),
    ],
)
def test_the_page_shows_the_readers_language_and_marks_a_fallback(
    client, member, lipetsk_agent, voronezh_agent, language, texts, title, description
):
    interaction = InteractionFactory(
        title=RU_TITLE, description=RU_TEXT, participants=[lipetsk_agent, voronezh_agent], **texts
    )
    client.force_login(member)

    page = client.get(interaction.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    listing = client.get("/cooperation/interactions/", HTTP_ACCEPT_LANGUAGE=language)

    assertContains(page, title, html=True)
    assertContains(page, description, html=True)
    if language == "en" and texts:
        assertNotContains(page, RU_TITLE)
        assertContains(listing, EN_TITLE)
        assertNotContains(listing, RU_TITLE)


def test_the_api_writes_and_reads_both_languages(client, member, lipetsk_agent, voronezh_agent):
    client.force_login(member)

    created = client.post(
        "/api/interactions/",
        {
            "title_en": EN_TITLE,
            "kind": "meeting",
            "occurred_on": "2024-05-20",
            "participants": [lipetsk_agent.pk, voronezh_agent.pk],
            "description_en": EN_TEXT,
        },
        content_type="application/json",
    )
    untitled = client.post(
        "/api/interactions/",
        {"kind": "meeting", "occurred_on": "2024-05-20", "participants": [lipetsk_agent.pk, voronezh_agent.pk]},
        content_type="application/json",
    )

    assert created.status_code == 201, created.content
    data = created.json()
    assert (data["title"], data["title_en"], data["description"], data["description_en"]) == (
        "",
        EN_TITLE,
        "",
        EN_TEXT,
    )
    assert untitled.status_code == 400 and "title" in untitled.json()
