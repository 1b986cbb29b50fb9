"""The scenario model of the paper's Figure 1 for one region.

The scenario model lists, level by level, the directions in which the region
is specialised, each "+" the region's S&T competences behind it (through the
concordance) "+" the region's cross-cutting S&T competences:

* global: FEACN export groups with an export specialisation ratio competence;
* national: NACE sections with a national localisation factor competence;
* macroregional: NACE sections with a macro-regional localisation factor
  competence.

It is the managerial matrix (``matrix.managerial_matrix``) restricted to one
region and to its "+" cells.  Directions are ordered by code, S&T competences
by the concordance's row order, cross-cutting competences by the cross-cutting
list's order.

``ScenarioModel.to_dict()`` gives the JSON-serialisable structure the API
returns::

    {"region": "Lipetsk",
     "levels": {"global": [{"code": "01-24", "name": "...", "value": 1.89,
                            "st_competences": [{"code", "name", "value"}, ...],
                            "cross_cutting": [{"code", "name", "value"}, ...]},
                           ...],
                "national": [...], "macroregional": [...]}}

Values are plain Python floats (never NaN: NaN is never a competence).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from .competences import DEFAULT_THRESHOLD
from .matrix import LEVELS, managerial_matrix

DIRECTION_COLUMNS = ["level", "code", "name", "value"]
ST_COLUMNS = ["level", "code", "st_code", "st_name", "st_value"]
CROSS_CUTTING_COLUMNS = ["st_code", "st_name", "st_value"]


@dataclass(frozen=True)
class ScenarioModel:
    """Scenario model (Figure 1) of one region.

    Attributes:
        region: the region.
        directions: ``level, code, name, value`` -- the directions in which the
            region is specialised, by level then code.
        st_competences: ``level, code, st_code, st_name, st_value`` -- the
            region's S&T competences behind each direction.
        cross_cutting: ``st_code, st_name, st_value`` -- the region's
            cross-cutting S&T competences (shared by every direction).
    """

    region: str
    directions: pd.DataFrame
    st_competences: pd.DataFrame
    cross_cutting: pd.DataFrame

    def to_dict(self) -> dict[str, Any]:
        """The JSON-serialisable structure ``{"region", "levels": {level: [direction]}}``."""
        cross = [
            {"code": row["st_code"], "name": row["st_name"], "value": float(row["st_value"])}
            for row in self.cross_cutting.to_dict("records")
        ]
        competences: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in self.st_competences.to_dict("records"):  # a few dozen rows at most
            competences.setdefault((row["level"], row["code"]), []).append(
                {"code": row["st_code"], "name": row["st_name"], "value": float(row["st_value"])}
            )
        levels: dict[str, list[dict[str, Any]]] = {level: [] for level in LEVELS}
        for row in self.directions.to_dict("records"):
            levels[row["level"]].append(
                {
                    "code": row["code"],
                    "name": None if pd.isna(row["name"]) else row["name"],
                    "value": float(row["value"]),
                    "st_competences": competences.get((row["level"], row["code"]), []),
                    "cross_cutting": [dict(item) for item in cross],
                }
            )
        return {"region": self.region, "levels": levels}


def scenario_model(
    region: str,
    *,
    st: pd.DataFrame,
    concordance: pd.DataFrame,
    cross_cutting: pd.DataFrame,
    export: pd.DataFrame | None = None,
    national: pd.DataFrame | None = None,
    macroregional: pd.DataFrame | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    strict: bool = False,
    decimals: int | None = None,
    years: Mapping[str, int] | None = None,
) -> ScenarioModel:
    """Build the scenario model (Figure 1) of ``region``.

    Arguments are those of ``matrix.managerial_matrix`` (coefficient tables of
    the three levels and of S&T, the concordance, the cross-cutting rubrics,
    the competence rule and optional years), for a single region.
    """
    matrix = managerial_matrix(
        st=st,
        concordance=concordance,
        cross_cutting=cross_cutting,
        export=export,
        national=national,
        macroregional=macroregional,
        regions=[region],
        threshold=threshold,
        strict=strict,
        decimals=decimals,
        years=years,
    )
    directions = matrix.presence[matrix.presence["specialised"]]
    st_competences = matrix.st_competences[matrix.st_competences["specialised"]]
    return ScenarioModel(
        region=region,
        directions=directions[DIRECTION_COLUMNS].reset_index(drop=True),
        st_competences=st_competences[ST_COLUMNS].reset_index(drop=True),
        cross_cutting=matrix.cross_cutting[CROSS_CUTTING_COLUMNS].reset_index(drop=True),
    )
