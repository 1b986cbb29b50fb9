"""Named cache versions: a key part that any write of the rows a cached page part is built from replaces.

A page caches its rendered parts under a key holding ``version(name)``; the apps whose rows the part shows
connect their models to that name (:func:`watch`), and every save, delete or many-to-many change of one of
them replaces the version at once and again once the transaction commits (so no reader keeps the state
before the write under the new version). Nothing is deleted: the old entries age out. One write empties every
entry of the name — simple and exact while writes are far rarer than reads. The entries' timeout bounds what a
write made without the ORM's signals (a bulk update, a fix in SQL) could leave behind; such writes call
:func:`bump`.

This is the mechanism of ``portal.home_cache``, shared: the kernel imports no app, so each app watches its own
models (in its ``AppConfig.ready``) under the names of the pages that show them.
"""

from __future__ import annotations

import time

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

#: Saves that change nothing a page shows (a log-in stamps ``last_login`` on every sign-in).
IGNORED_UPDATE_FIELDS = (frozenset({"last_login"}),)


def _key(name: str) -> str:
    return f"cache-version:{name}"


def version(name: str) -> int:
    """The current version of ``name`` (one cache read); a new one when the key is missing (evicted, emptied)."""
    return cache.get_or_set(_key(name), time.time_ns, timeout=None)


def versions(*names: str) -> str:
    """The current versions of ``names`` as one key part (one cache read for all of them)."""
    found = cache.get_many([_key(name) for name in names])
    parts = []
    for name in names:
        value = found.get(_key(name))
        if value is None:
            value = version(name)
        parts.append(str(value))
    return ".".join(parts)


def _replace(name: str) -> None:
    cache.set(_key(name), time.time_ns(), timeout=None)


def bump(name: str) -> None:
    """Rows shown under ``name`` were written: a new version at once, and again once the transaction commits.

    At once, because a reader on the writer's own connection (the rest of the writing request, a task in the same
    transaction, a test) already sees the new rows; again after the commit, because a reader on another connection
    may have cached the rows as they were before the commit under the first new version.
    """
    _replace(name)
    transaction.on_commit(lambda: _replace(name))


def watch(name: str, *labels: str, m2m: tuple = ()) -> None:
    """Replace ``name``'s version on every save or delete of the models ``labels`` (``"app.Model"``) and every
    change of the many-to-many relations ``m2m`` (their ``through`` models)."""

    def changed(sender, raw=False, update_fields=None, **kwargs) -> None:
        if raw or (update_fields is not None and frozenset(update_fields) in IGNORED_UPDATE_FIELDS):
            return
        bump(name)

    def relation_changed(sender, action, **kwargs) -> None:
        if action.startswith("post_"):
            bump(name)

    # The receivers are closures, which nothing else references: the signals hold them strongly (``weak=False``).
    for label in labels:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"cache-version:{name}:save:{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"cache-version:{name}:delete:{label}")
    for through in m2m:
        m2m_changed.connect(
            relation_changed, sender=through, weak=False, dispatch_uid=f"cache-version:{name}:m2m:{through._meta.label}"
        )


def forget(*keys: str) -> None:
    """Cached entries built from rows just written: delete them at once and again once the transaction commits.

    The same two moments as :func:`bump`, for an entry kept under a fixed key (a user's roles, the current
    snapshot) rather than under a version.
    """
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
