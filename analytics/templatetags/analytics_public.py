"""Template helpers of the public analytics pages."""

from decimal import Decimal

from django import template
from django.utils import formats

from analytics import links

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


#: Significant digits a data value keeps on screen: more than any statistical source publishes, fewer
#: than the 17 a float needs, so a value read as 11099.5248 shows so, not as 11099.524799999997.
DATA_SIGNIFICANT_DIGITS = 10


@register.filter
def data_number(value):
    """A data value rounded to :data:`DATA_SIGNIFICANT_DIGITS` significant digits, in the page's number format.

    Trailing zeros are dropped (1.5, not 1.500000000); None and non-numbers pass through unchanged.
    """
    if value is None or isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return value
    rounded = Decimal(f"{value:.{DATA_SIGNIFICANT_DIGITS}g}").normalize()
    if not rounded.is_finite():
        return value
    decimals = max(0, -rounded.as_tuple().exponent)
    return formats.number_format(rounded, decimal_pos=decimals)


@register.simple_tag
def direction_url(region_iso, level, code, dataset=None) -> str:
    """The page of a region × a direction registered by a higher app (``analytics.links``), or ""."""
    dataset_code = getattr(dataset, "code", dataset) or None
    return links.direction_url(str(region_iso or ""), str(level or ""), str(code or ""), dataset_code)
