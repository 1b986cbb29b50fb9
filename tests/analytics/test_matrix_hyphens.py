"""The managerial matrix at 390 px broke «технологичес/кие» with no hyphen (walk-through of issue #12): its headers
hyphenate by the page's language (``lang`` on <html>) instead of breaking a word anywhere."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "analytics" / "analytics.css").read_text()
BASE = (Path(__file__).resolve().parents[2] / "templates" / "base.html").read_text()


def declarations(selector):
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", CSS)
    assert rule, selector
    return rule.group(1)


def test_the_page_says_its_language_for_hyphenation():
    assert '<html lang="{{ LANGUAGE_CODE }}">' in BASE


@pytest.mark.parametrize("selector", [".table-matrix thead th", '.table-matrix th[scope="row"]'])
def test_matrix_headers_hyphenate_and_never_break_a_word_anywhere(selector):
    rules = declarations(selector)
    assert re.search(r"(?<![-\w])hyphens:\s*auto", rules)
    assert "anywhere" not in rules
