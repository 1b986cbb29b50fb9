"""Template tags of the search app.

* ``{% saved_search_matches_panel %}`` (home page): the signed-in user's latest saved-search matches.
* ``{% recommendations_panel agent %}`` / ``{% recommendations_panel project %}`` (agent and project
  pages): partner regions recommended from the competence maps, with the coefficients behind them.
"""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from cooperation.models import Agent, Project

from .. import recommendations
from ..selectors import has_saved_searches, recent_matches

register = template.Library()

PANEL_REGIONS = 3


@register.simple_tag(takes_context=True)
def saved_search_matches_panel(context) -> str:
    """New matches of the signed-in user's saved searches; nothing for a user without saved searches."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return ""
    matches = recent_matches(user)
    if not matches and not has_saved_searches(user):
        return ""
    return render_to_string("search/includes/saved_search_matches_panel.html", {"matches": matches, "request": request})


@register.simple_tag(takes_context=True)
def recommendations_panel(context, subject) -> str:
    """Partner regions for an agent or a project (the viewer sees the page, so may see the suggestion)."""
    if isinstance(subject, Agent):
        result = recommendations.for_agent(subject, limit=PANEL_REGIONS, partners=0)
        url = reverse("search:agent-recommendations", kwargs={"pk": subject.pk})
    elif isinstance(subject, Project):
        # The same for every viewer (no names of agents: ``partners=0``), so cached per snapshot, levels,
        # language and the project's regions and items (``project_panel_key``): the computation reads two data
        # sets' competence maps.
        key, snapshot = recommendations.project_panel_key(subject)
        html = cache.get(key) if key else None
        if html is None:
            result = recommendations.for_project(subject, limit=PANEL_REGIONS, partners=0, snapshot=snapshot)
            url = reverse("search:project-recommendations", kwargs={"pk": subject.pk})
            html = _render_panel(result, url)
            if key:
                cache.set(key, html, recommendations.CACHE_SECONDS)
        return mark_safe(html)  # noqa: S308 - our own template's output
    else:
        return ""
    return _render_panel(result, url)


def _render_panel(result, url: str) -> str:
    return render_to_string("search/includes/recommendations_panel.html", {"recommendations": result, "page_url": url})
