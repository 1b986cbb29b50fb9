"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""

from .views import DiscoverySessionApi, PrioritySetApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("strategy/priority-sets", PrioritySetApi, basename="strategy-priority-set")
    router.register("strategy/sessions", DiscoverySessionApi, basename="strategy-session")
