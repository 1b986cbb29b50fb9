"""Template tags of the search app.

* ``{% saved_search_matches_panel %}`` (home page): the signed-in user's latest saved-search matches.
* ``{{ field|matched_field_label }}`` (search results): the name of a field a result matched in.
* ``{% recommendations_panel agent %}`` / ``{% recommendations_panel project %}`` (agent and project
  pages): partner regions recommended from the competence maps, with the coefficients behind them.
"""

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from cooperation import page_cache
from cooperation.models import Agent, Project
from core import cache_versions

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
def recommendations_panel(context, subject, facts_version=None) -> str:
    """Partner regions for an agent or a project (the viewer sees the page, so may see the suggestion).

    A project's panel is the same for every viewer (no names of agents: ``partners=0``), so it is cached under
    the project page's facts version (``facts_version``, read here when the page does not pass it) and checked
    against the current snapshot and levels (``recommendations.project_panel``): the computation reads two data
    sets' competence maps."""
    if isinstance(subject, Agent):
        result = recommendations.for_agent(subject, limit=PANEL_REGIONS, partners=0)
        return _render_panel(result, reverse("search:agent-recommendations", kwargs={"pk": subject.pk}))
    if not isinstance(subject, Project):
        return ""
    if facts_version is None:
        facts_version = str(cache_versions.version(page_cache.FACTS_VERSION))
    panel = recommendations.project_panel(subject, facts_version)
    html = panel.html
    if html is None:
        result = recommendations.for_project(subject, limit=PANEL_REGIONS, partners=0, snapshot=panel.snapshot)
        html = _render_panel(result, reverse("search:project-recommendations", kwargs={"pk": subject.pk}))
        recommendations.store_project_panel(panel, html)
    return mark_safe(html)  # noqa: S308 - our own template's output


def _render_panel(result, url: str) -> str:
    return render_to_string("search/includes/recommendations_panel.html", {"recommendations": result, "page_url": url})
