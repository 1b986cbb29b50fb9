"""The cached facts of the project page: what every viewer of a project sees alike (its header, description, the
"About the project" list, the participants and their helix balance, the fit score), rendered once per project,
language and version (``core.cache_versions``). The recommendations panel (``search``) is cached under the same
version: it is computed from the project's regions and items, which are facts too.

Every save, delete or many-to-many change of the rows the facts are read from replaces the version once the
transaction commits, so the next visit renders them again; the fit scores are written in SQL
(``services.fit``), which replaces it itself. Who may see the page is asked before the cache, on every request:
the facts are the same for everyone who may, so no viewer's content is ever another's. The page reads the facts and
the panels below in one cache read, and reads the project's relations only to render one of them again.

The rest of the page (actions, participation, goals, levels, milestones, attachments, history, and the
experts' and monitoring panels; the discussion apart) is cached per project, language, day and audience
(:func:`project_audience`: who the viewer is relative to the project) under the project's own page version,
which every write of the rows it shows replaces: ``cooperation``'s rows here, and each app above it watches its
own (:func:`watch_project_rows` in its ``AppConfig.ready``), so this module imports none of them. The forms
are in the cached HTML but never a CSRF token: a placeholder stands for it, replaced by the viewer's own token
on every response.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save

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
    # The panels: the project's own rows replace its page version; the people (names in the history and the
    # attachments, the lead's administrators a member is sent to) replace the shared one.
    watch_project_rows("cooperation.Project", lambda row: row.pk)
    for label in (
        "cooperation.ProjectParticipant",
        "cooperation.ProjectTransition",
        "cooperation.Milestone",
        "cooperation.Attachment",
        "cooperation.ProjectGoal",
    ):
        watch_project_rows(label)
    cache_versions.watch(SHARED_VERSION, "accounts.User", "cooperation.AgentMembership")


# --- The rest of the page: per project, language and audience (issue #13).

#: Rows shown on every project page that belong to no one project (the people's names in the history, the
#: attachments and the discussion; the experts' profiles; the agents an invitation may go to). Apps above
#: ``cooperation`` watch their own such models under this name.
SHARED_VERSION = "project-page-shared"
#: The longest the panels are served (a safety net for writes without the ORM's signals).
PAGE_CACHE_SECONDS = 10 * 60
#: Stands for the CSRF token in the cached HTML; each response gets its own token in its place.
CSRF_PLACEHOLDER = "__spiral_project_page_csrf__"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def page_version_name(project_id: int) -> str:
    """The name of one project's page version (``core.cache_versions``)."""
    return f"project-page:{project_id}"


def project_page_changed(project_id: int | None) -> None:
    """Rows shown on the page of project ``project_id`` were written: its panels are rendered again.

    The apps above ``cooperation`` (experts, monitoring, discussion…) call it from their own receivers
    (:func:`watch_project_rows`), and any write without signals (a bulk update) calls it itself."""
    if project_id is not None:
        cache_versions.bump(page_version_name(project_id))


def watch_project_rows(label: str, project_of: Callable[[Any], int | None] = lambda row: row.project_id) -> None:
    """Replace the page version of ``project_of(row)`` on every save or delete of the model ``label``."""

    def changed(sender, instance, raw=False, **kwargs) -> None:
        if not raw:
            project_page_changed(project_of(instance))

    model = apps.get_model(label)
    # A closure that nothing else references: the signals hold it strongly (``weak=False``).
    post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"project-page:save:{label}")
    post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"project-page:delete:{label}")


def project_audience(user, project) -> str:
    """Who the viewer is relative to ``project``, as a key part: everything the cached panels vary with.

    The anonymous see one page. A signed-in user who acts for no organisation sees what their site roles
    (moderator, administrator, coordinator of which regions…) allow, alike for all who hold the same roles, and
    their own files only if they uploaded one (a former member: one query). Whoever acts for an organisation
    may lead, partner, be invited, have applied, have proposed or uploaded: their panels are their own (the key
    holds their id as well as their organisations and roles, so a role granted or withdrawn is a miss). The
    discussion is not in these panels: its own comments and reports make it personal (:func:`discussion_key`).
    """
    if not user.is_authenticated:
        return "anon"
    from accounts.selectors import user_coordinated_region_ids, user_roles

    from .models import Attachment
    from .selectors import user_agent_roles

    parts = [
        "user",
        ",".join(sorted(user_roles(user))),
        ",".join(str(pk) for pk in sorted(user_coordinated_region_ids(user))),
        f"{int(user.is_staff)}{int(user.is_superuser)}",
    ]
    agents = user_agent_roles(user)
    if agents:
        parts += [str(user.pk), ",".join(f"{pk}:{role}" for pk, role in sorted(agents.items()))]
    elif Attachment.objects.filter(project=project, uploaded_by=user).exists():
        parts.append(str(user.pk))
    return "|".join(parts)


def page_versions(project) -> str:
    """The versions the page's parts are cached under, as one key part (one cache read): the facts', the shared
    rows' and the project's own page version; the first is the facts' (``FACTS_VERSION``)."""
    return cache_versions.versions(FACTS_VERSION, SHARED_VERSION, page_version_name(project.pk))


def facts_key(project, *, version: str, language: str) -> str:
    """The cache key of a project's facts (``project_facts.html``): project, language and facts version."""
    return f"project-page:facts:{project.pk}:{language}:{version}"


def page_key(
    project, *, versions: str, language: str, today: date, audience: str, path: str, kind: str = "panels"
) -> str:
    """The cache key of a project's panels: project, language, versions (:func:`page_versions`), the day
    (milestones turn overdue, forms default to today), the audience and the URL (forms carry it back in
    ``next``)."""
    digest = hashlib.sha256(f"{audience}\n{path}".encode()).hexdigest()[:32]
    return f"project-page:{kind}:{project.pk}:{language}:{versions}:{today.isoformat()}:{digest}"


def discussion_audience(user, audience: str) -> str:
    """The discussion shows each signed-in user their own comments and reports: one entry per user, under their
    ``audience`` too (a moderator's role granted or withdrawn is a miss)."""
    return f"{audience}|{user.pk}" if user.is_authenticated else audience


def without_csrf(html: str) -> str:
    """``html`` with every CSRF token replaced by the placeholder (no viewer's token is ever stored)."""
    return _CSRF_INPUT.sub(rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", html)


def with_csrf(html: str, token: str) -> str:
    """The stored ``html`` with this request's CSRF token in every form."""
    return html.replace(CSRF_PLACEHOLDER, token)
