"""Reads about regions."""

from django.db.models import Count, Q, QuerySet

from .models import MacroRegion, Region


def region_list() -> QuerySet[Region]:
    """All regions with their district, macro-region and number of verified agents."""
    return (
        Region.objects.select_related("federal_district", "macroregion")
        .annotate(agent_count=Count("agents", filter=Q(agents__is_verified=True)))
        .order_by("sort_order", "iso_code")
    )


def region_detail(iso_code: str) -> Region:
    """One region by ISO code (case-insensitive); raises ``Region.DoesNotExist``."""
    return Region.objects.select_related("federal_district", "macroregion").get(iso_code__iexact=iso_code)


def macroregion_list() -> QuerySet[MacroRegion]:
    return MacroRegion.objects.annotate(region_count=Count("regions")).order_by("sort_order", "code")
