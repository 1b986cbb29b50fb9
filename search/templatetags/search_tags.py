"""Template tags of the search app.

* ``{% saved_search_matches_panel %}`` (home page): the signed-in user's latest saved-search matches.
* ``{{ field|matched_field_label }}`` (search results): the name of a field a result matched in.
* ``{% recommendations_panel agent %}`` / ``{% recommendations_panel project %}`` (agent and project
  pages): partner regions recommended from the competence maps, with the coefficients behind them.
"""

from django import template
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from cooperation.models import Agent, Project

from .. import recommendations
from ..selectors import has_saved_searches, recent_matches

register = template.Library()

PANEL_REGIONS = 3

#: The fields of ``SearchDocument.fields`` as the page names them ("why it matched").
MATCHED_FIELDS = {
    "name": pgettext_lazy("matched field", "name"),
    "title": pgettext_lazy("matched field", "title"),
    "headline": pgettext_lazy("matched field", "headline"),
    "summary": pgettext_lazy("matched field", "summary"),
    "description": pgettext_lazy("matched field", "description"),
    "bio": pgettext_lazy("matched field", "about"),
    "competence": pgettext_lazy("matched field", "competence"),
    "objective": pgettext_lazy("matched field", "objective"),
    "type": pgettext_lazy("matched field", "type of cooperation"),
    "helix": pgettext_lazy("matched field", "helix"),
    "participant": pgettext_lazy("matched field", "participant"),
    "region": pgettext_lazy("matched field", "region"),
    "availability": pgettext_lazy("matched field", "availability"),
    "text": pgettext_lazy("matched field", "text"),
}


@register.filter
def matched_field_label(key: str) -> str:
    """The name of a field a search result matched in (the key itself for an unknown one)."""
    return str(MATCHED_FIELDS.get(key, key))


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
