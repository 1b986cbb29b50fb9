"""Project routes of the cooperation API (agents and memberships are registered in ``portal/api.py``)."""


def register(router) -> None:
    """Register the project viewsets on ``router``."""
