"""The REST API's router: every app registers its viewsets here, under /api/."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

from analytics.api.views import (
    ClassifierApi,
    ClassifierItemApi,
    ClassifierMappingApi,
    CoefficientValueApi,
    CompetenceEventApi,
    DatasetApi,
    MacroRegionMatrixApi,
    RegionScenarioApi,
    SnapshotApi,
)
from cooperation.api.views import AgentApi, MembershipApi
from core.api_permissions import PUBLIC
from regions.api.views import FederalDistrictApi, MacroRegionApi, RegionApi


class ApiRootView(DefaultRouter.APIRootView):
    """The list of the API's collections; public like the schema."""

    rules_permissions = {"get": PUBLIC, "head": PUBLIC, "options": PUBLIC}


class Router(DefaultRouter):
    APIRootView = ApiRootView


router = Router()
router.register("regions", RegionApi, basename="region")
router.register("macroregions", MacroRegionApi, basename="macroregion")
router.register("federal-districts", FederalDistrictApi, basename="federal-district")
router.register("classifiers", ClassifierApi, basename="classifier")
router.register("classifier-items", ClassifierItemApi, basename="classifier-item")
router.register("agents", AgentApi, basename="agent")
router.register("memberships", MembershipApi, basename="membership")
router.register("analytics/coefficients", CoefficientValueApi, basename="analytics-coefficient")
router.register("analytics/regions", RegionScenarioApi, basename="analytics-region")
router.register("analytics/macroregions", MacroRegionMatrixApi, basename="analytics-macroregion")
router.register("analytics/datasets", DatasetApi, basename="analytics-dataset")
router.register("analytics/classifier-mappings", ClassifierMappingApi, basename="analytics-classifier-mapping")
router.register("analytics/snapshots", SnapshotApi, basename="analytics-snapshot")
router.register("analytics/competence-events", CompetenceEventApi, basename="analytics-competence-event")

# Apps that keep their API routes in ``<app>/api/urls.py`` (a ``register(router)`` function).
for app in ("cooperation", "experts", "monitoring", "discussion", "strategy", "notifications", "levels", "search"):
    import_module(f"{app}.api.urls").register(router)
