"""Small line charts drawn on the server as SVG (no JavaScript): a region beside its macro-region and Russia.

Pure: takes ``{year: value}`` series, returns what ``templates/analytics/includes/line_chart.html`` draws.
Every coordinate is a :func:`core.numbers.machine_number` string, so a Russian page (``74,4``) cannot break the
picture; the figures for people are in the table the template puts beside it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from core.numbers import machine_number

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 12, 28
#: Colour, dash and marker per series position, so that series differ by more than colour.
STYLES = (("#0072b2", "", "circle"), ("#d55e00", "6 3", "square"), ("#444444", "2 3", "diamond"))


@dataclass(frozen=True)
class ChartSeries:
    """One line: its label and its points."""

    label: str
    values: Mapping[int, float]


def _nice_step(span: float) -> float:
    raw = span / 4 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def line_chart(series: Sequence[ChartSeries], *, places: int = 1) -> dict | None:
    """SVG geometry of a line chart of ``series`` over their years; None when there is nothing to draw."""
    years = sorted({year for line in series for year in line.values})
    values = [value for line in series for value in line.values.values()]
    if not years or not values:
        return None
    low, high = min(0.0, min(values)), max(values)
    step = _nice_step(high - low)
    top = math.ceil(high / step) * step if high > 0 else step
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        # years on a linear scale: a gap (2010, then 2015) shows as a gap
        span = years[-1] - years[0]
        return LEFT + (plot_w * (year - years[0]) / span if span else plot_w / 2)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (top - low))

    lines = []
    for position, line in enumerate(series):
        colour, dash, marker = STYLES[position % len(STYLES)]
        points = [(x(year), y(value)) for year, value in sorted(line.values.items())]
        lines.append(
            {
                "label": line.label,
                "colour": colour,
                "dash": dash,
                "marker": marker,
                "points": " ".join(f"{machine_number(px)},{machine_number(py)}" for px, py in points),
                "markers": [
                    {
                        "x": machine_number(px),
                        "y": machine_number(py),
                        "x0": machine_number(px - 3),
                        "y0": machine_number(py - 3),
                    }
                    for px, py in points
                ],
            }
        )
    ticks = []
    value = low
    while value <= top + step / 2:
        ticks.append({"y": machine_number(y(value)), "value": round(value, places) if places else int(round(value))})
        value += step
    every = max(1, math.ceil(len(years) / 8))
    return {
        "view_box": f"0 0 {WIDTH} {HEIGHT}",
        "lines": lines,
        "y_ticks": ticks,
        "x_ticks": [{"x": machine_number(x(year)), "label": str(year)} for year in years[::every]],
        "x_axis_y": machine_number(y(low)),
        "left": machine_number(LEFT),
        "tick_x": machine_number(LEFT - 6),
        "right": machine_number(WIDTH - RIGHT),
        "label_y": machine_number(HEIGHT - 8),
        "years": years,
    }


#: What a reader must know to read a series.
NOTES = {
    "innovation_activity": gettext_lazy(
        "2010–2017 by the 3rd edition of the Oslo Manual, from 2018 by the 4th: the series breaks between 2017 "
        "and 2018. The macro-region's level is the plain mean of its regions' levels."
    ),
    "rd_personnel": gettext_lazy(
        "The macro-region and Russia are shown as the mean number per region, comparable with the region's own."
    ),
}


def ratings_section(comparisons: Sequence) -> list[dict]:
    """The region page's charts of regional statistics: per series, the chart and its table (pure).

    ``comparisons`` are :class:`analytics.series.SeriesComparison`. A count (R&D personnel) is compared as the
    mean per region of the macro-region and of Russia; a level (innovation activity) as it is.
    """
    from django.utils.translation import gettext as _

    sections = []
    for comparison in comparisons:
        per_region = bool(comparison.macroregion_mean)
        macro = comparison.macroregion_mean if per_region else comparison.macroregion
        country = comparison.country_mean if per_region else comparison.country
        macro_label = (_("%(macroregion)s, mean per region") if per_region else _("%(macroregion)s")) % {
            "macroregion": comparison.macroregion_name
        }
        country_label = _("Russia, mean per region") if per_region else _("Russia")
        lines = [
            ChartSeries(comparison.region_name, comparison.region),
            ChartSeries(macro_label, {year: macro[year] for year in comparison.region if year in macro}),
            ChartSeries(country_label, {year: country[year] for year in comparison.region if year in country}),
        ]
        places = 0 if per_region else 1
        sections.append(
            {
                "id": f"rating-{comparison.code.replace(':', '-').replace('_', '-')}",
                "title": comparison.label,
                "note": NOTES.get(comparison.code, ""),
                "unit": comparison.unit,
                "chart": line_chart(lines, places=places),
                "columns": [line.label for line in lines],
                "rows": [
                    {
                        "year": year,
                        "values": [round(line.values[year], places) if year in line.values else None for line in lines],
                    }
                    for year in comparison.years
                ],
            }
        )
    return sections
