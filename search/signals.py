"""Re-index what changed in other apps: agents, experts, projects and their participants, regions, snapshots.

Why signals here, when the style guide keeps logic out of signals: these receivers contain no rule
and run no query; they only *schedule* a re-index of the object for after the commit
(``search.services.index.index_on_commit``: one batch per transaction). Connecting here keeps the
agent, expert, project and analytics services free of any knowledge of the search, and their
code untouched. What a signal cannot see (``QuerySet.update``, raw SQL, a bulk load of demo data)
is repaired by ``manage.py rebuild_search_index`` and its nightly task.
"""

from __future__ import annotations

from .choices import DocumentKind
from .services.index import AGENT_PROJECTS, ALL, EXPERT_USER, index_on_commit


def _skip(kwargs) -> bool:
    return bool(kwargs.get("raw"))


def agent_changed(sender, instance, **kwargs) -> None:
    """An agent was saved (renamed, verified, moved) or deleted: it and the projects that name it."""
    if _skip(kwargs):
        return
    index_on_commit(DocumentKind.AGENT, instance.pk)
    index_on_commit(AGENT_PROJECTS, instance.pk)


def agent_competences_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """An agent's competences changed (from either side of the relation)."""
    if not action.startswith("post_"):
        return
    for agent_id in (pk_set or ()) if reverse else (instance.pk,):
        index_on_commit(DocumentKind.AGENT, agent_id)


def expert_changed(sender, instance, **kwargs) -> None:
    """An expert profile was saved (published, withdrawn, edited) or deleted."""
    if not _skip(kwargs):
        index_on_commit(DocumentKind.EXPERT, instance.pk)


def expert_competences_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    for profile_id in (pk_set or ()) if reverse else (instance.pk,):
        index_on_commit(DocumentKind.EXPERT, profile_id)


def user_changed(sender, instance, **kwargs) -> None:
    """A user was saved: their full name is the title of their expert profile, if they have one."""
    if not _skip(kwargs):
        index_on_commit(EXPERT_USER, instance.pk)


def project_changed(sender, instance, **kwargs) -> None:
    """A project was saved (published, hidden, edited, closed) or deleted."""
    if not _skip(kwargs):
        index_on_commit(DocumentKind.PROJECT, instance.pk)


def project_relations_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A project's directions, rubrics or objectives changed."""
    if not action.startswith("post_"):
        return
    for project_id in (pk_set or ()) if reverse else (instance.pk,):
        index_on_commit(DocumentKind.PROJECT, project_id)


def participant_changed(sender, instance, **kwargs) -> None:
    """A participation changed: the project's regions and the agent's types of cooperation."""
    if _skip(kwargs):
        return
    index_on_commit(DocumentKind.PROJECT, instance.project_id)
    index_on_commit(DocumentKind.AGENT, instance.agent_id)


def region_changed(sender, instance, **kwargs) -> None:
    if not _skip(kwargs):
        index_on_commit(DocumentKind.REGION, instance.pk)


def snapshot_saved(sender, instance, **kwargs) -> None:
    """A snapshot of the competence maps became current: every region's competences may have changed."""
    if not _skip(kwargs) and instance.is_current:
        index_on_commit(DocumentKind.REGION, ALL)


def competence_events_recorded(sender, snapshot_id, dataset_ids, **kwargs) -> None:
    """A recomputation committed new competence events: ONE task tells everyone concerned."""
    from .tasks import competence_events_notify_task

    competence_events_notify_task.delay(snapshot_id=snapshot_id, dataset_ids=list(dataset_ids))
