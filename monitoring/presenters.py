"""What the monitoring pages show, regrouped from what the selectors read: pure functions, no ORM, no request."""

from typing import Any

from django.utils.translation import gettext as _

from core.i18n import localized_with_language

#: A closing report's texts in reading order, and whether a page shows the heading when the text is empty.
REPORT_SECTIONS = (
    ("summary", False),
    ("results", False),
    ("lessons_learned", True),
    ("recommendations", False),
)


def _heading(field: str) -> str:
    return {
        "summary": _("Summary"),
        "results": _("Results achieved"),
        "lessons_learned": _("Lessons learned"),
        "recommendations": _("Recommendations"),
    }[field]


def closing_report_sections(report: Any) -> list[dict[str, str]]:
    """The report's sections in the active language (the other one when a text is only in it), with the
    language each text is written in, so that a fallback is marked ``lang`` for screen readers."""
    sections = []
    for field, always in REPORT_SECTIONS:
        text, language = localized_with_language(report, field)
        if text or always:
            sections.append({"field": field, "heading": _heading(field), "text": text, "language": language})
    return sections
