"""What the monitoring section shows about a project: one row per indicator and the charts' data.

Built from :func:`monitoring.selectors.project_effects` (three queries, whatever
the number of effects, indicators and values); the charts read the JSON that
``json_script`` writes, the tables hold the same figures.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import Effect, Indicator, IndicatorValue
from .progress import indicator_progress, progress_percent

EPOCH = datetime.date(1970, 1, 1).toordinal()


def plain_number(value: Decimal | None) -> str:
    """``value`` without trailing zeros, in the active language's format (``12,5`` in Russian)."""
    if value is None:
        return ""
    value = Decimal(value)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(value, use_l10n=True)


@dataclass
class IndicatorRow:
    """One indicator with its latest value and its progress toward the target."""

    indicator: Indicator
    effect: Effect
    values: list[IndicatorValue]
    latest: IndicatorValue | None
    progress: Decimal | None  # raw share, may be < 0 or > 1
    percent: int | None  # clamped to 0–100, for bars
    raw_percent: int | None  # unclamped, for the text
    series: dict[str, Any] | None = None  # the line chart's data, on the full page only

    @property
    def chart_id(self) -> str:
        return f"monitoring-indicator-{self.indicator.pk}"

    @property
    def achieved(self) -> bool:
        return self.progress is not None and self.progress >= 1


@dataclass
class Overview:
    """The effects of a project, its indicator rows and the data of the progress chart."""

    effects: list[Effect]
    rows: list[IndicatorRow] = field(default_factory=list)

    def groups(self) -> list[tuple[Effect, list[IndicatorRow]]]:
        """Each effect with the rows of its indicators, in the effects' order."""
        return [(effect, [row for row in self.rows if row.effect is effect]) for effect in self.effects]

    @property
    def has_values(self) -> bool:
        return any(row.latest is not None for row in self.rows)

    def progress_chart(self) -> dict[str, Any]:
        """Horizontal bars: each indicator with a value, its progress in % (clamped; raw in the tooltip).

        The latest value and the target go as JSON numbers, formatted for the reader in JavaScript:
        a localised string (``12,5``) here would be the one number in the chart's data that a script
        cannot read.
        """
        measured = [row for row in self.rows if row.latest is not None]
        return {
            "locale": get_language() or "ru",
            "labels": [f"{row.indicator.name} ({row.indicator.unit})" for row in measured],
            "percent": [row.percent for row in measured],
            "raw": [row.raw_percent for row in measured],
            "latest": [float(row.latest.value) for row in measured],
            "target": [float(row.indicator.target) for row in measured],
            "axisTitle": _("Progress toward the target, %"),
            "latestLabel": _("Latest value"),
            "targetLabel": _("Target"),
        }

    def series_chart(self, row: IndicatorRow) -> dict[str, Any]:
        """The indicator's dated values as a line, with its baseline and target as dashed lines.

        Dates are days since 1970-01-01 (a linear axis; Chart.js needs no date adapter) and
        ``dates`` gives their labels in the active language.
        """
        return {
            "locale": get_language() or "ru",
            "points": [{"x": item.date.toordinal() - EPOCH, "y": float(item.value)} for item in row.values],
            "dates": {
                str(item.date.toordinal() - EPOCH): date_format(item.date, "SHORT_DATE_FORMAT") for item in row.values
            },
            "baseline": float(row.indicator.baseline),
            "target": float(row.indicator.target),
            "valuesLabel": _("Actual value"),
            "baselineLabel": _("Baseline"),
            "targetLabel": _("Target"),
            "axisTitle": row.indicator.unit,
        }


def build_overview(effects: list[Effect]) -> Overview:
    """Rows for every indicator of ``effects`` (their ``indicators`` and ``values`` prefetched)."""
    overview = Overview(effects=effects)
    for effect in effects:
        for indicator in effect.indicators.all():
            values = sorted(indicator.values.all(), key=lambda item: (item.date, item.pk))
            latest = values[-1] if values else None
            raw = indicator_progress(
                baseline=indicator.baseline,
                target=indicator.target,
                latest=latest.value if latest is not None else None,
            )
            overview.rows.append(
                IndicatorRow(
                    indicator=indicator,
                    effect=effect,
                    values=values,
                    latest=latest,
                    progress=raw,
                    percent=progress_percent(raw),
                    raw_percent=progress_percent(raw, clamp=False),
                )
            )
    return overview
