"""What the strategy pages show, regrouped from what the selectors read: pure functions, no ORM, no request."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from analytics.choices import Indicator
from analytics.presenters import number, pick
from cooperation.choices import Helix

from .choices import Evidence

STATUS_CSS = {Evidence.REVEALED: "success", Evidence.RELATED: "info", Evidence.UNSUPPORTED: "secondary"}
CLASSIFIER_SHORT = {
    "nace2": gettext_lazy("OKVED2"),
    "feacn_groups": gettext_lazy("FEACN"),
    "grnti": gettext_lazy("GRNTI"),
}
LEVEL_TITLES = {
    "global": gettext_lazy("Global level"),
    "national": gettext_lazy("National level"),
    "macroregional": gettext_lazy("Macro-regional level"),
}
#: Columns of the priorities' CSV/XLSX export (header labels come from :func:`export_header`).
EXPORT_FIELDS = (
    "region",
    "document",
    "year",
    "illustrative",
    "rank",
    "classifier",
    "code",
    "name",
    "status",
    "best_value",
    "best_indicator",
    "best_year",
    "density",
    "density_median",
)


def _float(value: Any) -> float | None:
    if value is None:
        return None
    try:
        number_value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number_value) else number_value


def _indicator(value: Any) -> str:
    return str(Indicator(value).label) if isinstance(value, str) and value in Indicator.values else ""


def evidence_row(record: dict[str, Any]) -> dict[str, Any]:
    """One classified priority as the page shows it: names, status, numbers in the active language."""
    status = Evidence(record["status"])
    best = _float(record.get("best_value"))
    density = _float(record.get("density"))
    median = _float(record.get("density_median"))
    year = _float(record.get("best_year"))
    priority = _float(record.get("priority"))
    return {
        "priority": int(priority) if priority is not None else None,
        "rank": record.get("rank"),
        "classifier": str(CLASSIFIER_SHORT.get(record["classifier"], record["classifier"])),
        "code": record["code"],
        "name": pick(record.get("name_en"), record.get("name_ru")),
        "note": record.get("note", ""),
        "status": status.value,
        "status_label": str(status.label),
        "status_css": STATUS_CSS[status],
        "best_value": best,
        "best_text": number(best) if best is not None else "—",
        "best_indicator": _indicator(record.get("best_indicator")),
        "best_year": int(year) if year is not None else None,
        "density": density,
        "density_text": number(density) if density is not None else "—",
        "median_text": number(median) if median is not None else "—",
        "median": median,
    }


def region_page(*, region: Any, sets: list[Any], classified: pd.DataFrame, threshold: float) -> dict[str, Any]:
    """The region's priority sets, each priority with its evidence, and a count per status."""
    by_set: dict[int, list[dict[str, Any]]] = {}
    for record in classified.sort_values(["set", "rank"]).to_dict("records"):
        by_set.setdefault(int(record["set"]), []).append(evidence_row(record))
    counts = {status.value: 0 for status in Evidence}
    for rows in by_set.values():
        for row in rows:
            counts[row["status"]] += 1
    return {
        "region": region,
        "sets": [{"set": priority_set, "rows": by_set.get(priority_set.pk, [])} for priority_set in sets],
        "counts": [
            {"status": status.value, "label": str(status.label), "css": STATUS_CSS[status], "count": counts[status]}
            for status in Evidence
        ],
        "threshold_text": number(threshold),
        "median_explained": True,
    }


def _region_label(codes: list[str], region_names: pd.DataFrame) -> str:
    names = []
    for code in codes:
        if code in region_names.index:
            row = region_names.loc[code]
            names.append(pick(row["name_en"], row["name_ru"]))
        else:
            names.append(code)
    return ", ".join(names)


def _item_name(classifier: str, code: str, item_names: pd.DataFrame) -> str:
    match = item_names[(item_names["classifier"] == classifier) & (item_names["code"] == code)]
    if match.empty:
        return code
    row = match.iloc[0]
    return pick(row["name_en"], row["name_ru"])


def country_page(
    *, weak: pd.DataFrame, strengths: pd.DataFrame, region_names: pd.DataFrame, item_names: pd.DataFrame, regions: list
) -> dict[str, Any]:
    """Priorities declared by many regions without revealed advantage; strong competences no strategy declares."""
    weak_rows = [
        {
            "classifier": str(CLASSIFIER_SHORT.get(row["classifier"], row["classifier"])),
            "code": row["code"],
            "name": _item_name(row["classifier"], row["code"], item_names),
            "region_count": int(row["region_count"]),
            "related_count": int(row["related_count"]),
            "regions": _region_label(row["regions"], region_names),
        }
        for row in weak.to_dict("records")
    ]
    strength_rows = [
        {
            "classifier": str(CLASSIFIER_SHORT.get(row["classifier"], row["classifier"])),
            "code": row["code"],
            "name": _item_name(row["classifier"], row["code"], item_names),
            "indicator": _indicator(row["indicator"]),
            "region_count": int(row["region_count"]),
            "max_text": number(_float(row["max_value"])),
            "regions": _region_label(row["regions"], region_names),
        }
        for row in strengths.head(30).to_dict("records")
    ]
    return {"weak": weak_rows, "strengths": strength_rows, "strength_total": len(strengths), "regions": regions}


def session_page(*, session: Any, items: list[Any], outcome: pd.DataFrame | None, show_ratings: bool) -> dict[str, Any]:
    """The session's directions by level with their S&T bundles; ratings by helix for those who may see them."""
    ranks = {}
    if outcome is not None:
        ranks = {int(row["key"]): row for row in outcome.to_dict("records")}
    levels: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        ratings = list(item.ratings.all())
        by_helix = []
        for helix in Helix:
            scores = [rating.score for rating in ratings if rating.helix == helix.value]
            by_helix.append(
                {
                    "helix": helix.value,
                    "label": str(helix.label),
                    "count": len(scores),
                    "mean_text": number(sum(scores) / len(scores)) if scores else "—",
                }
            )
        outcome_row = ranks.get(item.pk)
        levels.setdefault(item.level, []).append(
            {
                "item": item,
                "code": item.item.code,
                "name": pick(item.name_en, item.name_ru),
                "value_text": number(_float(item.value)),
                "bundle": [
                    {
                        "name": entry.get("name") or entry.get("code"),
                        "value_text": number(_float(entry.get("value"))),
                        "cross_cutting": bool(entry.get("cross_cutting")),
                    }
                    for entry in item.st_bundle
                ],
                "by_helix": by_helix if show_ratings else [],
                "comments": [
                    {
                        "helix": str(Helix(rating.helix).label),
                        "agent": rating.agent.display_name,
                        "score": rating.score,
                        "text": rating.comment,
                    }
                    for rating in ratings
                    if rating.comment
                ]
                if show_ratings
                else [],
                "mean_text": number(_float(outcome_row["mean"])) if outcome_row is not None else "—",
                "rank": int(outcome_row["rank"]) if outcome_row is not None else 0,
            }
        )
    return {
        "levels": [
            {"key": key, "title": str(LEVEL_TITLES.get(key, key)), "directions": rows} for key, rows in levels.items()
        ],
        "helices": [{"value": helix.value, "label": str(helix.label)} for helix in Helix],
    }


def helix_labels(values: list[str]) -> str:
    """``"Civil society, Business community"`` for the helices' values."""
    return ", ".join(str(Helix(value).label) for value in values)


def export_header() -> list[str]:
    """The export's column headers in the active language."""
    return [
        _("Region"),
        _("Source document"),
        _("Year"),
        _("Illustrative"),
        _("Rank"),
        _("Classifier"),
        _("Code"),
        _("Name"),
        _("Evidence"),
        _("Best coefficient"),
        _("Coefficient"),
        _("Year of the coefficient"),
        _("Relatedness density"),
        _("Region's median density"),
    ]


def export_rows(*, sets: list[Any], classified: pd.DataFrame) -> list[list[Any]]:
    """One row per priority: plain values (numbers stay numbers) for ``core.spreadsheets``."""
    by_pk = {priority_set.pk: priority_set for priority_set in sets}
    rows = []
    for record in classified.sort_values(["set", "rank"]).to_dict("records"):
        priority_set = by_pk[int(record["set"])]
        row = evidence_row(record)
        rows.append(
            [
                priority_set.region.name,
                priority_set.title,
                priority_set.year,
                _("yes") if priority_set.is_illustrative else _("no"),
                row["rank"],
                row["classifier"],
                row["code"],
                row["name"],
                row["status_label"],
                row["best_value"],
                row["best_indicator"],
                row["best_year"],
                row["density"],
                row["median"],
            ]
        )
    return rows
