"""Template tags of the levels app, for other apps' pages."""

from django import template
from django.db.models import Q

from levels.models import PairLevel, RegionLevel
from levels.presenters import level_title

register = template.Library()


@register.inclusion_tag("levels/includes/region_panel.html", takes_context=True)
def levels_region_panel(context, region):
    """The region's current cooperation level and a link to its dashboard (for the region page; two queries)."""
    level = max(
        RegionLevel.objects.filter(region=region, lost_on__isnull=True).values_list("level", flat=True), default=0
    )
    partner_count = PairLevel.objects.filter(
        Q(region_a=region) | Q(region_b=region), lost_on__isnull=True, level=1
    ).count()
    return {
        "region": region,
        "level": level,
        "level_title": level_title(level),
        "partner_count": partner_count,
        "user": context.get("user"),
        "request": context.get("request"),
    }
