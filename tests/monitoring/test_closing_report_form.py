"""The closing report form's checkbox (walk-through of issue #12: it read «Опубликован:»): a clear phrase, and a
checkbox's label has no colon."""

import re

from django.utils import translation

from monitoring.forms import ClosingReportForm


def checkbox_label(language):
    with translation.override(language):
        html = str(ClosingReportForm())
    return re.search(r'<label[^>]*for="id_is_published"[^>]*>([^<]*)</label>', html).group(1).strip()


def test_the_publish_checkbox_says_what_ticking_it_does_without_a_colon():
    assert checkbox_label("ru") == "Опубликовать отчёт"
    assert checkbox_label("en") == "Publish the report"
