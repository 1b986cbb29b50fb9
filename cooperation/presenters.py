"""What the cooperation pages show, regrouped from what the selectors read: pure, no ORM, no request."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cooperation.choices import Helix
from core.numbers import half_up

#: At most this many names are listed in a sentence (the rest are counted).
MAX_NAMES = 5


def _names(ids: list, names: Mapping[Any, str]) -> str:
    shown = [names.get(ref, str(ref)) for ref in ids[:MAX_NAMES]]
    rest = len(ids) - len(shown)
    text = ", ".join(shown)
    if rest > 0:
        text += " " + ngettext("and %(count)s more", "and %(count)s more", rest) % {"count": rest}
    return text


def _core_sentence(data: dict, items: Mapping[int, str]) -> str:
    total, covered = data["total"], data["covered"]
    if total == 0:
        return _("No specialisation directions or S&T rubrics are chosen yet: choose some to see the competences.")
    sentence = ngettext(
        "%(covered)s of %(total)s chosen direction or rubric is a competence of a participating region "
        "(a coefficient of 1 or more).",
        "%(covered)s of %(total)s chosen directions and rubrics are competences of a participating region "
        "(a coefficient of 1 or more).",
        total,
    ) % {"covered": covered, "total": total}
    if data["uncovered"]:
        sentence += " " + _("No participating region is competent in: %(names)s.") % {
            "names": _names(data["uncovered"], items)
        }
    return sentence


def _complementarity_sentence(data: dict, items: Mapping[int, str]) -> str:
    if data["total"] == 0:
        return _("No S&T rubrics are chosen: complementarity is measured on rubrics.")
    if data["regions"] < 2:
        return _("Only one region takes part: no rubric can pass from one region to another.")
    if data["count"] == 0:
        return _("No chosen rubric is a competence of one participating region and lacking in another.")
    return ngettext(
        "In %(count)s of %(total)s rubrics one participating region is competent and another is not: %(names)s.",
        "In %(count)s of %(total)s rubrics one participating region is competent and another is not: %(names)s.",
        data["total"],
    ) % {"count": data["count"], "total": data["total"], "names": _names(data["rubrics"], items)}


def _relatedness_sentence(data: dict, regions: Mapping[int, str], has_items: bool) -> str:
    if not has_items:
        return _("Choose directions or rubrics to see how related they are to the regions' competences.")
    if data["region"] is None:
        sentence = _("No participating region has data in the competence maps for the chosen items.")
    else:
        sentence = _(
            "The weakest participating region, %(region)s, has an average relatedness density of %(density)s "
            "in the project's items (1: all related competences present)."
        ) % {
            "region": regions.get(data["region"], str(data["region"])),
            "density": number_format(half_up(data["density"] or 0, 2), decimal_pos=2),
        }
    if data["no_data"]:
        sentence += " " + _("No data for: %(names)s.") % {"names": _names(data["no_data"], regions)}
    return sentence


def _helix_sentence(data: dict) -> str:
    labels = dict(Helix.choices)
    sentence = ngettext(
        "%(count)s of the four helices takes part.", "%(count)s of the four helices take part.", data["present"]
    ) % {"count": data["present"]}
    if data["missing"]:
        sentence += " " + _("Missing: %(names)s.") % {
            "names": ", ".join(str(labels.get(code, code)).lower() for code in data["missing"])
        }
    return sentence


def fit_as_dict(fit: Any) -> dict[str, Any]:
    """A stored ``ProjectFit`` in the shape :func:`fit_parts` reads (the same as a preview's)."""
    return {
        "core": fit.core,
        "complementarity": fit.complementarity,
        "relatedness": fit.relatedness,
        "helix_coverage": fit.helix_coverage,
        "score": fit.score,
        "explanation": fit.explanation,
    }


def fit_parts(fit: Mapping[str, Any], names: Mapping[str, Mapping[int, str]]) -> dict[str, Any]:
    """The fit score as a page (and the API) shows it: the total and four parts, each with its sentence.

    ``fit`` has the four parts, ``score`` and ``explanation`` (a ``ProjectFit`` as a dict, or a preview);
    ``names`` is ``{"items": {id: name}, "regions": {id: name}}`` (``cooperation.selectors.fit_names``).
    """
    explanation = fit["explanation"]
    items, regions = names.get("items", {}), names.get("regions", {})
    has_items = explanation["core"]["total"] > 0
    parts = [
        ("core", _("Core"), _core_sentence(explanation["core"], items)),
        ("complementarity", _("Complementarity"), _complementarity_sentence(explanation["complementarity"], items)),
        ("relatedness", _("Relatedness"), _relatedness_sentence(explanation["relatedness"], regions, has_items)),
        ("helix_coverage", _("Helix coverage"), _helix_sentence(explanation["helix_coverage"])),
    ]
    return {
        "score": round(float(fit["score"]), 4),
        "percent": round(float(fit["score"]) * 100),
        "parts": [
            {
                "key": key,
                "label": str(label),
                "value": round(float(fit[key]), 4),
                "percent": round(float(fit[key]) * 100),
                "sentence": sentence,
            }
            for key, label, sentence in parts
        ],
        "snapshot": explanation.get("snapshot"),
    }
