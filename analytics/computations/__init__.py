"""Pure computation engine of Spiral's smart-specialisation analytics.

Plain functions, pandas in and pandas out: no Django import, no database, no
clock.  ``analytics.selectors`` turn the ORM into DataFrames, these functions
compute, ``analytics.services`` persist.  Conventions are documented in each
module's docstring and in ``README.md`` beside this file.

Modules:

* ``location_quotients`` -- the four coefficients of the paper's Table 1 (one
  location-quotient core with country / explicit country total / macro-region
  reference frames).
* ``competences`` -- coefficient >= threshold (or >), NaN never.
* ``tables`` -- the coefficient-table schema and the shipped Tables 2-5.
* ``concordance`` -- direction <-> S&T rubric concordance and cross-cutting
  rubrics: read, validate, normalise.
* ``matrix`` -- the managerial matrix of Table 6.
* ``scenario`` -- the scenario model of Figure 1 (DataFrames and JSON dict).
* ``relatedness`` -- possible-to-develop ("technologically related") competences:
  coefficient below the threshold, relatedness density at or above a cut-off; ECI ranks.
* ``complexity`` -- RCA, presence, proximity, relatedness density, ECI/PCI
  (and COI/COG) as ecomplexity 0.5.3 computes them.
"""

from .competences import flag_competences, is_competence, select_competences
from .complexity import (
    ComplexityResult,
    ComplexityWarning,
    complexity,
    complexity_long,
    complexity_matrix,
    economic_complexity,
    presence_matrix,
    proximity_matrix,
    relatedness_density,
    revealed_comparative_advantage,
)
from .concordance import (
    ConcordanceError,
    concordance_problems,
    cross_cutting_problems,
    default_concordance,
    default_cross_cutting,
    normalise_concordance,
    normalise_cross_cutting,
    read_concordance,
    read_cross_cutting,
    validate_concordance,
    validate_cross_cutting,
)
from .location_quotients import (
    export_specialisation_ratio,
    location_quotients,
    macroregional_localisation_factor,
    national_localisation_factor,
    st_specialisation_ratio,
)
from .matrix import ManagerialMatrix, managerial_matrix
from .relatedness import DEFAULT_QUANTILE, density_cutoff, eci_ranks, possible_to_develop
from .scenario import ScenarioModel, scenario_model
from .tables import cbe_2020_tables, normalise_coefficient_table, read_coefficient_table

__all__ = [
    "DEFAULT_QUANTILE",
    "density_cutoff",
    "eci_ranks",
    "possible_to_develop",
    "ComplexityResult",
    "ComplexityWarning",
    "ConcordanceError",
    "ManagerialMatrix",
    "ScenarioModel",
    "cbe_2020_tables",
    "complexity",
    "complexity_long",
    "complexity_matrix",
    "concordance_problems",
    "cross_cutting_problems",
    "default_concordance",
    "default_cross_cutting",
    "economic_complexity",
    "export_specialisation_ratio",
    "flag_competences",
    "is_competence",
    "location_quotients",
    "macroregional_localisation_factor",
    "managerial_matrix",
    "national_localisation_factor",
    "normalise_coefficient_table",
    "normalise_concordance",
    "normalise_cross_cutting",
    "presence_matrix",
    "proximity_matrix",
    "read_coefficient_table",
    "read_concordance",
    "read_cross_cutting",
    "relatedness_density",
    "revealed_comparative_advantage",
    "scenario_model",
    "select_competences",
    "st_specialisation_ratio",
    "validate_concordance",
    "validate_cross_cutting",
]
