"""Signals the analytics app sends, for apps above it (the notifications of ``search.competence_watch``)."""

from django.dispatch import Signal

#: Sent after a recomputation committed new competence events, with ``snapshot_id`` (the run that
#: recorded them; its events are ``CompetenceEvent.objects.filter(snapshot_id=...)``) and
#: ``dataset_ids`` (the data sets whose new events are news: a data set's first recording is its
#: history, told to no one).  Sent once per recomputation, so a receiver queues one task.
competence_events_recorded = Signal()
