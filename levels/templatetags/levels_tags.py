"""Template tags of the levels app, for other apps' pages."""

from django import template

from levels.presenters import level_title
from levels.selectors import competence_partners, current_partner_count, current_region_level

register = template.Library()


@register.inclusion_tag("levels/includes/region_panel.html", takes_context=True)
def levels_region_panel(context, region):
    """The region's current cooperation level and a link to its dashboard (for the region page; two queries)."""
    level = current_region_level(region)
    partner_count = current_partner_count(region)
    return {
        "region": region,
        "level": level,
        "level_title": level_title(level),
        "partner_count": partner_count,
        "user": context.get("user"),
        "request": context.get("request"),
    }


@register.simple_tag
def levels_structures_to_confirm_count() -> int:
    """How many integrated structures await a moderator (the moderation menu's count; one query)."""
    from levels.selectors import structures_to_confirm_count

    return structures_to_confirm_count()


@register.simple_tag
def levels_competence_partners(region, gains):
    """``{event id: [partner regions]}`` beside a region's competence gains (the analytics timeline's extension
    point, filled here because levels sits above analytics): partners strong in the item that the region had
    cooperated with at level 2 or more in the years before the gain. Three queries, none without gains."""
    return competence_partners(region, list(gains))
