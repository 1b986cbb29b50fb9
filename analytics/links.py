"""Links from the competence maps to pages of higher apps, filled by them (analytics imports no higher app).

``search`` registers the page of a matrix cell (a region × a direction: what it has and lacks, who supplies it,
"Start a project here"); the matrix and the scenario model link their cells and directions there through the
``direction_url`` template tag. Unregistered, the tag gives "" and the templates show no link.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``(region ISO code, classifier kind "export"/"sector", direction code, data set code or None) -> URL``
DirectionLink = Callable[[str, str, str, str | None], str]

_direction_link: DirectionLink | None = None

#: The classifier kind of each level of the matrix and the scenario model.
LEVEL_KIND = {"global": "export", "national": "sector", "macroregional": "sector"}


def register_direction_link(link: DirectionLink) -> None:
    """Set the page a direction of a region links to (called from a higher app's ``AppConfig.ready``)."""
    global _direction_link
    _direction_link = link


def direction_url(region_iso: str, level: str, code: str, dataset: str | None = None) -> str:
    """The registered page of ``region_iso`` × the direction ``code`` of the matrix level ``level``, or ""."""
    if _direction_link is None or not region_iso or not code:
        return ""
    return _direction_link(region_iso, LEVEL_KIND.get(level, level), code, dataset or None)
