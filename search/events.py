"""Signals the search app sends, for apps above it (the home page's cache, ``portal.home_cache``)."""

from django.dispatch import Signal

#: Sent after saved-search matches were recorded in bulk (``bulk_create`` sends no ``post_save``);
#: no arguments besides ``sender``.
matches_recorded = Signal()
