"""The cached facts of the project page: what every viewer of a project sees alike (its description, the
"About the project" list, the participants and their helix balance, the fit score), rendered once per project,
language and version (``core.cache_versions``).

Every save, delete or many-to-many change of the rows the facts are read from replaces the version once the
transaction commits, so the next visit renders them again; the fit scores are written in SQL
(``services.fit``), which replaces it itself. Who may see the page is asked before the cache, on every request:
the facts are the same for everyone who may, so no viewer's content is ever another's.
"""

from __future__ import annotations

from core import cache_versions

FACTS_VERSION = "project-facts"
#: The longest the facts are served (a safety net for writes without the ORM's signals).
FACTS_CACHE_SECONDS = 10 * 60


def facts_changed() -> None:
    """A write without signals (the fit scores' upsert) changed the facts."""
    cache_versions.bump(FACTS_VERSION)


def connect() -> None:
    """Called from ``CooperationConfig.ready()``."""
    from .models import Project

    cache_versions.watch(
        FACTS_VERSION,
        "cooperation.Project",
        "cooperation.ProjectParticipant",
        "cooperation.Agent",
        "cooperation.Objective",
        "cooperation.ProjectFit",
        "regions.Region",
        "analytics.ClassifierItem",
        "analytics.Classifier",
        m2m=(Project.objectives.through, Project.directions.through, Project.rubrics.through),
    )
