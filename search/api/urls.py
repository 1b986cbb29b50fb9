"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""

from .views import CompetenceWatchApi, RecommendationApi, SavedSearchApi, SearchApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("search", SearchApi, basename="search")
    router.register("saved-searches", SavedSearchApi, basename="saved-search")
    router.register("competence-watches", CompetenceWatchApi, basename="competence-watch")
    router.register("recommendations", RecommendationApi, basename="recommendation")
