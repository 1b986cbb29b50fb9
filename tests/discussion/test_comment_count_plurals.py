"""The comment count next to "Обсуждение" is read out with the right Russian plural (1 комментарий, 3 комментария,
5 комментариев), not one fixed word ("3 комментарии")."""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


def spoken_count(count: int, language: str = "ru") -> str:
    context = {
        "comment_count": count,
        "is_open": False,
        "project": SimpleNamespace(pk=1, is_hidden=False),
        "threads": [],
    }
    with translation.override(language):
        html = render_to_string("discussion/includes/project_panel.html", context)
    match = re.search(r'badge[^>]*>(\d+)<span class="visually-hidden">\s*([^<]+?)\s*</span>', html)
    assert match, html
    return f"{match.group(1)} {match.group(2)}"


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, "1 комментарий"),
        (3, "3 комментария"),
        (5, "5 комментариев"),
        (11, "11 комментариев"),
        (21, "21 комментарий"),
        (24, "24 комментария"),
    ],
)
def test_russian_plural_forms(count, expected):
    assert spoken_count(count) == expected


def test_english_plural_forms():
    assert spoken_count(1, "en") == "1 comment"
    assert spoken_count(3, "en") == "3 comments"
