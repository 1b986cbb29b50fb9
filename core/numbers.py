"""Numbers written for machines: SVG attributes, ``data-*`` attributes, inline JSON, chart settings.

Django localises every number a template prints: in Russian, the default language, ``{{ 74.4 }}``
becomes ``74,4``, which SVG and JavaScript cannot read, so the picture disappears. Presenters
therefore hand templates :func:`machine_number` strings instead of floats (a string passes through
a template unchanged, whatever the language). ``json_script`` needs nothing: ``json.dumps`` never
localises, so charts get plain numbers there and format them for people in JavaScript
(``Intl.NumberFormat(data.locale)``).
"""

from decimal import ROUND_HALF_UP, Decimal


def machine_number(value: float | int | Decimal, places: int = 2) -> str:
    """``value`` rounded to ``places`` decimals, with a decimal point, no grouping, no trailing zeros.

    ``74.4 → "74.4"``, ``6 → "6"``, ``0.8333 → "0.83"``, ``-0.001 → "0"``: the same in every language.
    """
    rounded = round(float(value), places)
    text = f"{rounded:.{places}f}"
    if places > 0:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def half_up(value: float | int | Decimal, places: int = 2) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, as printed tables round (``2.675 → 2.68``).

    A float is taken as the shortest decimal that reads back as it (``str``): ``2.675`` is stored as
    2.67499999…, which ``round(2.675, 2)`` gives as 2.67 and Django's ``number_format(…, 2)`` cuts to 2.67;
    the value a source publishes as 2.675 must show as 2.68. For people's screens, not for machines
    (:func:`machine_number`).
    """
    if isinstance(value, Decimal):
        decimal = value
    elif isinstance(value, int):
        decimal = Decimal(value)
    else:  # float, numpy.float64 (whose repr is not a number), numpy integers
        decimal = Decimal(str(float(value)))
    return decimal.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
