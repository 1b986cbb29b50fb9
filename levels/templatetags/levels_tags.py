"""Template tags of the levels app, for other apps' pages."""

from django import template

from accounts.selectors import user_coordinated_region_ids
from levels.computations import project_levels
from levels.presenters import level_title, project_level_lines
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
def levels_coordinates_regions(user) -> bool:
    """Whether ``user`` coordinates a region (their roles are read once per request): the "My regions" entry."""
    return bool(user_coordinated_region_ids(user))


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


@register.inclusion_tag("levels/includes/project_levels.html")
def levels_project_levels(project, participants, pending=()):
    """Which level the project gives each pair of its regions and what would give more (no query).

    ``participants`` are the accepted ones (with ``agent.region``), ``pending`` the invitations and
    applications the viewer may see (``(participant, …)`` tuples or participants): the rule is
    ``levels.computations.project_levels``, the same that feeds the levels' history.
    """
    pending_rows = [row[0] if isinstance(row, tuple) else row for row in pending]
    names = {}
    facts = []
    for participant in [*participants, *pending_rows]:
        region = participant.agent.region
        names[region.pk] = region.name
        facts.append((region.pk, participant.status))
    result = project_levels(state=project.state, participations=facts)
    return {"lines": project_level_lines(result, names), "level": result.level}
