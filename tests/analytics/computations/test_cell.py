"""A matrix cell as a place to act: what Lipetsk has and lacks under section C, and who supplies it.

Worked out by hand from the shipped concordance (``cbe_2020/concordance.csv``, rows ``sector,C,…``)
and the paper's Table 5 (``table5_st_specialisation.csv``), threshold 1.0.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.computations.cell import direction_cell
from analytics.computations.location_quotients import ST_SPECIALISATION

# Section C's rubrics in the concordance's order (concordance.csv lines 27–36).
SECTION_C = [
    "Mechanical engineering",
    "Metallurgy",
    "Chemical technology. Chemical industry",
    "Chemistry",
    "Electrical engineering",
    "Food industry",
    "Electronics. Radio engineering",
    "Instrumentation",
    "Biotechnology",
    "Mechanics",
]


@pytest.fixture(scope="module")
def st(cbe_tables) -> pd.DataFrame:
    table = cbe_tables[ST_SPECIALISATION]
    return table.rename(columns={"name": "rubric"}).loc[:, ["region", "rubric", "value"]]


def test_lipetsk_section_c_has_and_lacks(st):
    # when
    cell = direction_cell(st, region="Lipetsk", rubrics=SECTION_C, threshold=1.0)
    # then: Lipetsk's Table 5 column — Mechanical engineering 1.92, Metallurgy 22.10, Chemical technology 2.09,
    # Chemistry 2.00, Electrical engineering 4.77 are ≥ 1 (has); Food industry 0.36, Electronics 0.15,
    # Instrumentation 0, Biotechnology 0, Mechanics 0.91 are below (lacks).
    assert list(cell.has["rubric"]) == SECTION_C[:5]
    assert list(cell.has["value"]) == [1.92, 22.10, 2.09, 2.00, 4.77]
    assert list(cell.lacks["rubric"]) == SECTION_C[5:]
    assert list(cell.lacks["value"]) == [0.36, 0.15, 0.0, 0.0, 0.91]


def test_tambov_supplies_instrumentation_and_voronezh_electronics(st):
    cell = direction_cell(st, region="Lipetsk", rubrics=SECTION_C, threshold=1.0)
    suppliers = cell.suppliers
    # Instrumentation: Tambov 3.57, Kursk 1.37 (Belgorod 0.64 and Voronezh 0.16 are below 1).
    instrumentation = suppliers[suppliers["rubric"] == "Instrumentation"]
    assert list(zip(instrumentation["region"], instrumentation["value"], strict=True)) == [
        ("Tambov", 3.57),
        ("Kursk", 1.37),
    ]
    # Electronics. Radio engineering: Voronezh 3.46, Tambov 1.25 (Belgorod 0.66, Kursk 0.19 below).
    electronics = suppliers[suppliers["rubric"] == "Electronics. Radio engineering"]
    assert list(zip(electronics["region"], electronics["value"], strict=True)) == [("Voronezh", 3.46), ("Tambov", 1.25)]
    # Food industry: Voronezh 5.86, Kursk 1.20; Biotechnology: Voronezh 2.69, Tambov 1.54;
    # Mechanics: Kursk 1.51, Voronezh 1.22, Tambov 1.05 — so the rubrics are in concordance order.
    assert list(dict.fromkeys(suppliers["rubric"])) == SECTION_C[5:]
    assert len(suppliers) == 2 + 2 + 2 + 2 + 3
    # Strongest supply first: Voronezh 5.86 (Food), Tambov 3.57, Kursk 1.51 (Mechanics).
    assert cell.supplier_regions() == ["Voronezh", "Tambov", "Kursk"]


def test_region_without_st_data_lacks_everything_and_ties_go_by_code():
    # given: "Orel" has no row; two suppliers tie at 2.0 in rubric "x"
    st = pd.DataFrame(
        {
            "region": ["B", "A", "C", "C"],
            "rubric": ["x", "x", "x", "y"],
            "value": [2.0, 2.0, 0.5, math.nan],
        }
    )
    # when
    cell = direction_cell(st, region="Orel", rubrics=["x", "y", "x"], threshold=1.0)
    # then: both rubrics lacked, with no value of its own; "y" has no supplier (C's value is undefined)
    assert cell.has.empty
    assert list(cell.lacks["rubric"]) == ["x", "y"]
    assert cell.lacks["value"].isna().all()
    assert list(zip(cell.suppliers["rubric"], cell.suppliers["region"], strict=True)) == [("x", "A"), ("x", "B")]


def test_among_limits_the_suppliers(st):
    cell = direction_cell(st, region="Lipetsk", rubrics=["Instrumentation"], threshold=1.0, among=["Kursk"])
    assert list(cell.suppliers["region"]) == ["Kursk"]
