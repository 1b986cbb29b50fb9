"""When the signed-in user's part of the home page may be served from the cache.

The part (their agents' projects, what awaits their answer, their saved-search matches) is read on
every visit to the home page, which makes it the most frequent personal read of the portal; it is
cached per user under a *version* that any write of the rows it is built from replaces, after the
write commits (so a reader never caches the state before it under the new version). One write
anywhere empties every user's cached part: simple and exact, and cheap while writes are far rarer
than reads. :data:`USER_PART_CACHE_SECONDS` bounds what a write made without the ORM's signals (a
bulk update, a fix in SQL) could leave behind.

Why signals, when the style guide keeps logic out of them: the receiver holds no rule and changes
nothing but a cache key; it keeps the apps' services free of any knowledge of the home page.
"""

from __future__ import annotations

import time

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

VERSION_KEY = "home:user-part-version"
#: The longest a user's part is served from the cache (a safety net; writes through the ORM show at once).
USER_PART_CACHE_SECONDS = 300
#: The models the user's part is read from (``portal.selectors.user_home`` with its work queues, and the
#: saved-search panel).
WATCHED_MODELS = (
    "cooperation.Agent",
    "cooperation.AgentMembership",
    "cooperation.Project",
    "cooperation.ProjectParticipant",
    "experts.Consultation",
    "experts.ExpertInvitation",
    "levels.IntegratedStructure",
    "levels.Interaction",
    "experts.ExpertProfile",
    "regions.Region",
    "search.SavedSearch",
    "search.SavedSearchMatch",
)


def user_part_version() -> int:
    """The current version (one cache read); a new one when the key is missing (evicted, cache emptied)."""
    return cache.get_or_set(VERSION_KEY, time.time_ns, timeout=None)


def _replace_version() -> None:
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)


def user_parts_changed() -> None:
    """Rows the users' parts are read from were written: a new version once the transaction commits.

    Called by the signal receiver below, and by writes that send no signal (``bulk_create``)."""
    transaction.on_commit(_replace_version)


def watched_row_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        user_parts_changed()


def matches_recorded(sender, **kwargs) -> None:
    user_parts_changed()


def connect() -> None:
    """Called from ``PortalConfig.ready()``."""
    from search.events import matches_recorded as search_matches_recorded

    search_matches_recorded.connect(matches_recorded, dispatch_uid="home-user-part-search-matches")
    for label in WATCHED_MODELS:
        model = apps.get_model(label)
        post_save.connect(watched_row_changed, sender=model, dispatch_uid=f"home-user-part-save-{label}")
        post_delete.connect(watched_row_changed, sender=model, dispatch_uid=f"home-user-part-delete-{label}")
