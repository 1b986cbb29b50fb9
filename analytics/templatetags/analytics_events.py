"""The competence timeline of a region's analytics page: ``{% analytics_competence_timeline region %}``.

A separate included template (``analytics/public/_competence_events.html``) with its own filter
(``?events_dataset=`` and ``?events_indicator=``), so it stays apart from the page's other sections.
Beside each gain, the partner regions come from the ``levels`` app's tag
``levels_competence_partners`` (levels sits above analytics).
"""

from typing import Any

from django import template

from analytics import presenters, selectors
from analytics.choices import Indicator

register = template.Library()


@register.inclusion_tag("analytics/public/_competence_events.html", takes_context=True)
def analytics_competence_timeline(context, region) -> dict[str, Any]:
    """The region's competences gained and lost, by year, filtered by data set and coefficient (one query: the
    page's data sets are reused when it has them; the partners beside the gains are levels' queries)."""
    request = context.get("request")
    query = request.GET if request is not None else {}
    page_datasets = context.get("datasets")
    datasets = list(page_datasets) if page_datasets is not None else list(selectors.datasets())
    dataset = query.get("events_dataset", "")
    if dataset not in {item.code for item in datasets}:
        dataset = ""
    indicator = query.get("events_indicator", "")
    if indicator not in Indicator.values:
        indicator = ""
    events = list(selectors.competence_events(region=region.iso_code, dataset=dataset, indicator=indicator))
    timeline = presenters.competence_timeline(events, datasets=datasets, dataset=dataset, indicator=indicator)
    return {**timeline, "region": region, "request": request, "user": context.get("user")}


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or an empty list (the partners of one event)."""
    try:
        return mapping.get(key, [])
    except AttributeError:
        return []
