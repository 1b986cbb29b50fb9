"""Fixtures of the computation-engine tests: no Django, no database, only shipped CSVs.

These tests exercise ``analytics.computations`` (pure pandas); they must pass with and
without pytest-django and without DJANGO_SETTINGS_MODULE.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.computations.concordance import default_concordance, default_cross_cutting
from analytics.computations.tables import cbe_2020_tables


@pytest.fixture(scope="session")
def cbe_tables() -> dict[str, pd.DataFrame]:
    """The paper's Tables 2-5 as shipped in analytics/data/cbe_2020, keyed by indicator."""
    return cbe_2020_tables()


@pytest.fixture(scope="session")
def concordance() -> pd.DataFrame:
    """The shipped default concordance."""
    return default_concordance()


@pytest.fixture(scope="session")
def cross_cutting() -> pd.DataFrame:
    """The shipped cross-cutting rubrics."""
    return default_cross_cutting()
