"""What changed between two snapshots: expected rows worked out by hand from the two small frames below.

No database, no Django.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analytics.computations.snapshot_diff import DIFF_COLUMNS, diff_counts, diff_summary, snapshot_diff

NAT = "national_localisation"
EXP = "export_specialisation"
COLUMNS = ["dataset", "indicator", "region", "item", "year", "value", "is_competence"]

# Data set 1, region 10 (say Lipetsk), items 100 and 101; region 20 (say Voronezh); threshold 1.
BEFORE = pd.DataFrame(
    [
        (1, NAT, 10, 100, 2020, 0.95, False),  # becomes 1.05: gained
        (1, NAT, 10, 101, 2020, 1.30, True),  # becomes 0.80: lost
        (1, NAT, 10, 101, 2021, 1.30, True),  # becomes 1.304: moved 0.004, below the tolerance: nothing
        (1, NAT, 20, 100, 2020, 2.00, True),  # becomes 2.50: changed (a competence in both)
        (1, NAT, 20, 101, 2020, 0.40, False),  # becomes 0.70: changed (a competence in neither)
        (1, EXP, 20, 100, 2020, 1.50, True),  # absent after (year withdrawn): lost
        (1, EXP, 20, 101, 2020, float("nan"), False),  # undefined before, 0.2 after: nothing
    ],
    columns=COLUMNS,
)
AFTER = pd.DataFrame(
    [
        (1, NAT, 10, 100, 2020, 1.05, True),
        (1, NAT, 10, 101, 2020, 0.80, False),
        (1, NAT, 10, 101, 2021, 1.304, True),
        (1, NAT, 20, 100, 2020, 2.50, True),
        (1, NAT, 20, 101, 2020, 0.70, False),
        (1, EXP, 20, 101, 2020, 0.20, False),
        (1, NAT, 20, 100, 2022, 1.10, True),  # a newly imported year: gained
        (1, NAT, 20, 101, 2022, 0.10, False),  # a new row, no competence: nothing
    ],
    columns=COLUMNS,
)


def rows(diff: pd.DataFrame) -> list[tuple]:
    return [
        (r.dataset, r.indicator, r.region, r.item, r.year, r.change, r.value_before, r.value_after)
        for r in diff.itertuples()
    ]


def test_competences_gained_and_lost_and_values_moved_beyond_the_tolerance():
    diff = snapshot_diff(BEFORE, AFTER, tolerance=0.01)

    assert list(diff.columns) == DIFF_COLUMNS
    got = [tuple("nan" if isinstance(v, float) and math.isnan(v) else v for v in row) for row in rows(diff)]
    assert got == [
        (1, EXP, 20, 100, 2020, "lost", 1.5, "nan"),
        (1, NAT, 10, 100, 2020, "gained", 0.95, 1.05),
        (1, NAT, 10, 101, 2020, "lost", 1.3, 0.8),
        (1, NAT, 20, 100, 2020, "changed", 2.0, 2.5),
        (1, NAT, 20, 100, 2022, "gained", "nan", 1.1),
        (1, NAT, 20, 101, 2020, "changed", 0.4, 0.7),
    ]
    assert diff_counts(diff) == {"gained": 2, "lost": 2, "changed": 2}


def test_a_tolerance_above_a_move_hides_it_and_zero_shows_every_move():
    # 2.00 -> 2.50 and 0.40 -> 0.70 move by 0.5 and 0.3: a tolerance of 0.4 keeps only the first
    assert diff_counts(snapshot_diff(BEFORE, AFTER, tolerance=0.4)) == {"gained": 2, "lost": 2, "changed": 1}
    # with no tolerance, 1.30 -> 1.304 is a move too
    assert diff_counts(snapshot_diff(BEFORE, AFTER, tolerance=0)) == {"gained": 2, "lost": 2, "changed": 3}
    # gains and losses do not depend on the tolerance
    assert diff_counts(snapshot_diff(BEFORE, AFTER, tolerance=100)) == {"gained": 2, "lost": 2, "changed": 0}


def test_a_snapshot_compared_with_itself_has_no_change():
    assert snapshot_diff(AFTER, AFTER, tolerance=0).empty


def test_the_summary_counts_per_data_set_region_and_coefficient():
    summary = diff_summary(snapshot_diff(BEFORE, AFTER, tolerance=0.01))

    assert summary.to_dict("records") == [
        {"dataset": 1, "region": 10, "indicator": NAT, "gained": 1, "lost": 1, "changed": 0},
        {"dataset": 1, "region": 20, "indicator": EXP, "gained": 0, "lost": 1, "changed": 0},
        {"dataset": 1, "region": 20, "indicator": NAT, "gained": 1, "lost": 0, "changed": 2},
    ]
    assert diff_summary(snapshot_diff(AFTER, AFTER)).empty


def test_a_negative_tolerance_is_refused():
    with pytest.raises(ValueError, match="tolerance"):
        snapshot_diff(BEFORE, AFTER, tolerance=-0.1)
