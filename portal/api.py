"""The REST API's router: every app registers its viewsets here, under /api/."""

from rest_framework.routers import DefaultRouter

from analytics.api.views import ClassifierApi, ClassifierItemApi
from cooperation.api.views import AgentApi, MembershipApi
from regions.api.views import FederalDistrictApi, MacroRegionApi, RegionApi


class ApiRootView(DefaultRouter.APIRootView):
    """The list of the API's collections; public like the schema."""

    rules_permissions = {"get": None, "head": None, "options": None}


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
