"""Predicates about saved searches, composed into permissions in ``rules.py``."""

import rules


@rules.predicate
def is_saved_search_owner(user, saved_search) -> bool:
    """The saved search belongs to the user."""
    return saved_search is not None and saved_search.user_id == getattr(user, "pk", None)


@rules.predicate
def is_competence_watch_owner(user, watch) -> bool:
    """The competence watch belongs to the user."""
    return watch is not None and watch.user_id == getattr(user, "pk", None)
