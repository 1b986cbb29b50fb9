"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""

from .views import RecommendationApi, SavedSearchApi, SearchApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("search", SearchApi, basename="search")
    router.register("saved-searches", SavedSearchApi, basename="saved-search")
    router.register("recommendations", RecommendationApi, basename="recommendation")
