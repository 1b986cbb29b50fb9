"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""

from .views import IntegratedStructureApi, InteractionApi, PairLevelApi, RegionLevelApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("interactions", InteractionApi, basename="interaction")
    router.register("integrated-structures", IntegratedStructureApi, basename="integrated-structure")
    router.register("cooperation-levels/pairs", PairLevelApi, basename="cooperation-level-pair")
    router.register("cooperation-levels/regions", RegionLevelApi, basename="cooperation-level-region")
