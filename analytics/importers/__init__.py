"""Parsing and validation of statistical imports (CSV / XLSX): pure, no ORM.

``reading`` turns bytes into text rows (or says why it cannot), ``lookups``
matches regions and classifier codes against plain reference data,
``validation`` checks each row and returns the problems as data, and
``rosstat`` turns the shipped Rosstat GVA structure into volumes. The services
in ``analytics.services.imports`` and ``analytics.services.shipped`` read the
reference data from the database and write the results.
"""

from .lookups import COUNTRY, COUNTRY_NAMES, ItemLookup, ItemNames, RegionLookup, RegionNames, normalise_key
from .problems import ImportProblem, ProblemCode, describe_problem, problems_frame
from .reading import RawTable, max_import_bytes, read_table
from .validation import (
    COEFFICIENTS,
    KINDS,
    OBSERVATIONS,
    ParsedImport,
    ValidationContext,
    parse_import,
    parse_numbers,
    validate_table,
)

__all__ = [
    "COEFFICIENTS",
    "COUNTRY",
    "COUNTRY_NAMES",
    "KINDS",
    "OBSERVATIONS",
    "ImportProblem",
    "ItemLookup",
    "ItemNames",
    "ParsedImport",
    "ProblemCode",
    "RawTable",
    "RegionLookup",
    "RegionNames",
    "ValidationContext",
    "describe_problem",
    "max_import_bytes",
    "normalise_key",
    "parse_import",
    "parse_numbers",
    "problems_frame",
    "read_table",
    "validate_table",
]
