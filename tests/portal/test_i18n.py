"""Content in both languages: the text in the page's language, and the language it is really in."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from core.i18n import localized, localized_with_language


def _bilingual(**fields):
    return SimpleNamespace(**fields)


@pytest.mark.parametrize(
    ("language", "ru", "en", "expected"),
    [
        ("en", "Русский", "English", ("English", "en")),
        ("en", "Русский", "", ("Русский", "ru")),
        ("ru", "Русский", "English", ("Русский", "ru")),
        ("ru", "", "English", ("English", "en")),
        ("en", "", "", ("", "en")),
        ("ru", "", "", ("", "ru")),
    ],
)
def test_the_text_comes_in_the_page_language_or_says_which_it_fell_back_to(language, ru, en, expected):
    with_ru_column = _bilingual(title_ru=ru, title_en=en)
    with_plain_column = _bilingual(description=ru, description_en=en)  # the plain field is the Russian one

    with translation.override(language):
        assert localized_with_language(with_ru_column, "title") == expected
        assert localized_with_language(with_plain_column, "description") == expected
        assert localized(with_ru_column, "title") == expected[0]


def test_empty_columns_count_as_missing():
    obj = _bilingual(summary_ru=None, summary_en="Summary")

    with translation.override("ru"):
        assert localized_with_language(obj, "summary") == ("Summary", "en")
