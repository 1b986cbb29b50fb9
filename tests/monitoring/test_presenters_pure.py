"""The closing report's sections in the reader's language, without a database."""

from types import SimpleNamespace

from django.utils import translation

from monitoring.presenters import closing_report_sections


def report(**texts):
    fields = ("summary", "results", "lessons_learned", "recommendations")
    empty = {name: "" for name in fields} | {f"{name}_en": "" for name in fields}
    return SimpleNamespace(**(empty | texts))


def test_each_section_in_the_readers_language_or_the_other_one():
    bilingual = report(summary="Итоги", summary_en="Review", lessons_learned="Уроки", recommendations_en="Pilot first")

    with translation.override("en"):
        english = closing_report_sections(bilingual)
    with translation.override("ru"):
        russian = closing_report_sections(bilingual)

    assert [(s["field"], s["text"], s["language"]) for s in english] == [
        ("summary", "Review", "en"),
        ("lessons_learned", "Уроки", "ru"),
        ("recommendations", "Pilot first", "en"),
    ]
    assert [(s["field"], s["text"], s["language"]) for s in russian] == [
        ("summary", "Итоги", "ru"),
        ("lessons_learned", "Уроки", "ru"),
        ("recommendations", "Pilot first", "en"),
    ]
    assert [s["heading"] for s in english] == ["Summary", "Lessons learned", "Recommendations"]


def test_the_lessons_keep_their_heading_when_empty_and_the_other_sections_go():
    with translation.override("en"):
        sections = closing_report_sections(report())

    assert [(s["field"], s["text"]) for s in sections] == [("lessons_learned", "")]
