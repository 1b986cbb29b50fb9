"""Writes of the search app: the index (``index``) and saved searches with their alerts (``saved_searches``)."""

from .index import IndexResult, index_on_commit, index_rebuild, index_refresh
from .saved_searches import (
    MATCH_EVENT,
    saved_search_alerts,
    saved_search_create,
    saved_search_delete,
    saved_search_update,
)

__all__ = [
    "MATCH_EVENT",
    "IndexResult",
    "index_on_commit",
    "index_rebuild",
    "index_refresh",
    "saved_search_alerts",
    "saved_search_create",
    "saved_search_delete",
    "saved_search_update",
]
