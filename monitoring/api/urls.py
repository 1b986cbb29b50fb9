"""The app's viewsets, registered on the portal's router (see ``portal/api.py``)."""

from .views import ClosingReportApi, EffectApi, IndicatorApi, IndicatorValueApi


def register(router) -> None:
    """Register this app's viewsets on ``router``."""
    router.register("effects", EffectApi, basename="effect")
    router.register("indicators", IndicatorApi, basename="indicator")
    router.register("indicator-values", IndicatorValueApi, basename="indicator-value")
    router.register("closing-reports", ClosingReportApi, basename="closing-report")
