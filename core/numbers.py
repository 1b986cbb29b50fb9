"""Numbers written for machines: SVG attributes, ``data-*`` attributes, inline JSON, chart settings.

Django localises every number a template prints: in Russian, the default language, ``{{ 74.4 }}``
becomes ``74,4``, which SVG and JavaScript cannot read, so the picture disappears. Presenters
therefore hand templates :func:`machine_number` strings instead of floats (a string passes through
a template unchanged, whatever the language). ``json_script`` needs nothing: ``json.dumps`` never
localises, so charts get plain numbers there and format them for people in JavaScript
(``Intl.NumberFormat(data.locale)``).
"""

from decimal import Decimal


def machine_number(value: float | int | Decimal, places: int = 2) -> str:
    """``value`` rounded to ``places`` decimals, with a decimal point, no grouping, no trailing zeros.

    ``74.4 → "74.4"``, ``6 → "6"``, ``0.8333 → "0.83"``, ``-0.001 → "0"``: the same in every language.
    """
    rounded = round(float(value), places)
    text = f"{rounded:.{places}f}"
    if places > 0:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
