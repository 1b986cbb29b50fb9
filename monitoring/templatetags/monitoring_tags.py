"""Template tags of the monitoring app; ``monitoring_project_panel`` is the app's section of the project page."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from ..overview import plain_number

register = template.Library()


@register.simple_tag(takes_context=True)
def monitoring_project_panel(context, project) -> str:
    """The monitoring section of the project page: progress table and chart, and the lead's form for values.

    Empty for those who may not see the project.
    """
    from ..views import monitoring_context

    request = context.get("request")
    user = getattr(request, "user", None) or AnonymousUser()
    if not user.has_perm("monitoring.view_monitoring_project", project):
        return ""
    return render_to_string(
        "monitoring/includes/project_panel.html", monitoring_context(user, project), request=request
    )


@register.filter
def number(value) -> str:
    """A decimal without trailing zeros, in the active language's format (``12,5`` in Russian)."""
    if value is None or value == "":
        return ""
    return plain_number(value)
