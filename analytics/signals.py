"""Signals analytics sends to the apps above it (which it must not import).

``snapshot_switched(snapshot=…)``: a recomputation made a new snapshot current (sent after the switch,
outside its transaction; not sent when the inputs were unchanged and the current snapshot stayed). The
cooperation app recomputes the projects' fit scores from it (``cooperation.apps``).
"""

from django.dispatch import Signal

snapshot_switched = Signal()
