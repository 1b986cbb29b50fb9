"""Template helpers of the public analytics pages."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def export_query(context, table: str = "", fmt: str = "csv") -> str:
    """The current query string with ``format`` (and ``table``) set: the download link of a table."""
    query = context["request"].GET.copy()
    query["format"] = fmt
    if table:
        query["table"] = table
    else:
        query.pop("table", None)
    return "?" + query.urlencode()
