"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
