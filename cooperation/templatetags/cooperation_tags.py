"""Template tags of the cooperation app, for other apps' pages.

``cooperation_region_agents`` is the region page's section on the agents of the spiral, ``cooperation_user_agents``
the profile's list of the user's agents: the regions and accounts apps sit below cooperation and offer the
slots; cooperation fills them (one direction of dependencies).
"""

from django import template
from django.db.models import Count
from django.utils.translation import gettext as _

from cooperation.choices import Helix, MembershipStatus
from cooperation.selectors import agent_list, agents_visible_to

register = template.Library()

#: Agents listed on a region's page; the directory (linked per helix) has the rest.
REGION_AGENTS_SHOWN = 50


@register.inclusion_tag("cooperation/includes/region_agents.html", takes_context=True)
def cooperation_region_agents(context, region):
    """The agents of ``region`` the viewer may see: a count per helix (links into the directory) and the
    first :data:`REGION_AGENTS_SHOWN` of them (two queries)."""
    user = context["request"].user
    rows = agents_visible_to(user).filter(region=region).values("helix").annotate(n=Count("id"))
    counts = {row["helix"]: row["n"] for row in rows}
    return {
        "region": region,
        "helix_counts": [(value, label, counts.get(value, 0)) for value, label in Helix.choices],
        "agents": agent_list(user).filter(region=region)[:REGION_AGENTS_SHOWN],
    }


@register.filter
def fit_percent(value) -> str:
    """A fit score (0-1) as a whole percentage, e.g. ``0.625`` → "63 %" (localised by the page's language)."""
    try:
        return _("%(percent)s%%") % {"percent": round(float(value) * 100)}
    except (TypeError, ValueError):
        return "—"


@register.inclusion_tag("cooperation/includes/user_agents.html")
def cooperation_user_agents(user):
    """The agents ``user`` acts for (approved memberships) with their role, for the profile page (one query)."""
    memberships = user.agent_memberships.filter(status=MembershipStatus.APPROVED).select_related("agent")
    return {"memberships": memberships}
