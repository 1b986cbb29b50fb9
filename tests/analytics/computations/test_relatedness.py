"""Possible-to-develop competences: the rule on the paper's Table 2, worked out by hand.

Table 2 (export specialisation ratio, 2020; ``analytics/data/cbe_2020``):

    group    Belgorod Voronezh Kursk Lipetsk Tambov
    01-24      2.35     5.36   2.85   1.89    9.61
    28-40      0.46     5.15   1.43   0.11    1.19
    72-83      5.86     0.37   0.24   7.53    0.04
    84-90      0.41     1.33   0.33   0.48    0.44

Presence (>= 1): 01-24 everywhere (ubiquity 5); 28-40 Vor, Krs, Tam (3); 72-83 Bel, Lip (2);
84-90 Vor (1).  Co-presence: 01-24 & 28-40 = 3, 01-24 & 72-83 = 2, 01-24 & 84-90 = 1,
28-40 & 84-90 = 1 (Voronezh), the rest 0.  Proximity min(P(i|j), P(j|i)) = C_ij / max(u_i, u_j):

    phi(01-24, 28-40) = 3/5 = 0.6    phi(01-24, 72-83) = 2/5 = 0.4    phi(01-24, 84-90) = 1/5 = 0.2
    phi(28-40, 84-90) = 1/3          phi(28-40, 72-83) = phi(72-83, 84-90) = 0;   diagonal 1.

Row sums: 01-24 2.2; 28-40 0.6 + 1 + 1/3 = 29/15; 72-83 0.4 + 1 = 1.4; 84-90 0.2 + 1/3 + 1 = 23/15.
Density of an absent item = sum of its proximities to the region's present items / its row sum:

    Belgorod and Lipetsk (present 01-24, 72-83):  28-40 = 0.6 / (29/15) = 9/29 ~ 0.3103
                                                  84-90 = 0.2 / (23/15) = 3/23 ~ 0.1304
        median of the two candidates = (9/29 + 3/23) / 2 ~ 0.2204  ->  28-40 possible, 84-90 not.
    Voronezh (present 01-24, 28-40, 84-90):       72-83 = 0.4 / 1.4 = 2/7 ~ 0.2857
        the only candidate is its own median: a tie at the cut-off, possible.
    Kursk and Tambov (present 01-24, 28-40):      72-83 = 2/7 ~ 0.2857
                                                  84-90 = (0.2 + 1/3) / (23/15) = 8/23 ~ 0.3478
        median = (2/7 + 8/23) / 2 ~ 0.3168  ->  84-90 possible, 72-83 not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.computations.complexity import presence_matrix, proximity_matrix, relatedness_density
from analytics.computations.relatedness import density_cutoff, eci_ranks, possible_to_develop

REGIONS = ["Belgorod", "Voronezh", "Kursk", "Lipetsk", "Tambov"]
ITEMS = ["01-24", "28-40", "72-83", "84-90"]


@pytest.fixture
def table2(cbe_tables) -> pd.DataFrame:
    frame = cbe_tables["export_specialisation"]
    wide = frame.pivot_table(index="region", columns="code", values="value", aggfunc="first")
    return wide.reindex(index=REGIONS, columns=ITEMS)


@pytest.fixture
def density(table2) -> pd.DataFrame:
    presence = presence_matrix(table2)
    return relatedness_density(presence, proximity_matrix(presence))


def test_the_density_of_table_2_is_the_hand_derived_one(density):
    assert density.loc["Lipetsk", "28-40"] == pytest.approx(9 / 29)
    assert density.loc["Lipetsk", "84-90"] == pytest.approx(3 / 23)
    assert density.loc["Voronezh", "72-83"] == pytest.approx(2 / 7)
    assert density.loc["Kursk", "84-90"] == pytest.approx(8 / 23)


def test_possible_to_develop_with_the_median_of_the_candidates(table2, density):
    result = possible_to_develop(table2, density)

    possible = set(map(tuple, result.loc[result["possible"], ["region", "item"]].to_numpy()))
    assert possible == {
        ("Belgorod", "28-40"),
        ("Lipetsk", "28-40"),
        ("Voronezh", "72-83"),  # its only candidate: equal to the cut-off, which qualifies
        ("Kursk", "84-90"),
        ("Tambov", "84-90"),
    }
    cutoff = result.drop_duplicates("region").set_index("region")["cutoff"]
    assert cutoff["Lipetsk"] == pytest.approx((9 / 29 + 3 / 23) / 2)
    assert cutoff["Voronezh"] == pytest.approx(2 / 7)
    assert cutoff["Kursk"] == pytest.approx((2 / 7 + 8 / 23) / 2)
    # competences are never possible, and they are the 11 cells >= 1 of Table 2
    assert not (result["competence"] & result["possible"]).any()
    assert int(result["competence"].sum()) == 11


def test_a_fixed_quantile_moves_the_cut_off(table2, density):
    # quantile 0: the smallest candidate density -> every candidate with a positive density qualifies
    lowest = possible_to_develop(table2, density, quantile=0.0)
    assert (
        int(lowest["possible"].sum()) == int(lowest["candidate"].sum()) == 9
    )  # 20 cells - 11 competences, all related
    # quantile 1: only each region's most related candidate (ties included)
    highest = possible_to_develop(table2, density, quantile=1.0)
    assert set(highest.loc[highest["possible"], "item"]) == {"28-40", "72-83", "84-90"}
    assert int(highest["possible"].sum()) == 5


def test_a_fixed_density_cut_off(table2, density):
    # 0.3: Belgorod/Lipetsk 28-40 (0.3103), Kursk/Tambov 84-90 (0.3478); not Voronezh 72-83 (0.2857)
    result = possible_to_develop(table2, density, min_density=0.3)
    possible = set(map(tuple, result.loc[result["possible"], ["region", "item"]].to_numpy()))
    assert possible == {("Belgorod", "28-40"), ("Lipetsk", "28-40"), ("Kursk", "84-90"), ("Tambov", "84-90")}
    # exactly at a fixed cut-off qualifies too: 2/7 for Voronezh
    assert possible_to_develop(table2, density, min_density=2 / 7).query("region == 'Voronezh'")["possible"].any()


def test_a_coefficient_at_the_threshold_is_a_competence_not_a_possible_one():
    # given one region at exactly 1.00 in x (the paper counts Lipetsk's transport at 1.00)
    values = pd.DataFrame({"x": [1.0, 0.5], "y": [0.99, 2.0]}, index=["R", "S"])
    density = pd.DataFrame({"x": [0.9, 0.9], "y": [0.9, 0.9]}, index=["R", "S"])

    result = possible_to_develop(values, density).set_index(["region", "item"])

    assert result.loc[("R", "x"), "competence"] and not result.loc[("R", "x"), "possible"]
    assert result.loc[("R", "y"), "possible"]  # 0.99 < 1, the only candidate
    assert result.loc[("S", "x"), "possible"] and not result.loc[("S", "y"), "possible"]


def test_a_region_with_no_data_has_no_cut_off_and_nothing_possible(table2, density):
    # given a sixth region of the macro-region that has no coefficient and no density
    values = table2.reindex(REGIONS + ["Oryol"])
    dens = density.reindex(REGIONS + ["Oryol"])

    result = possible_to_develop(values, dens)
    oryol = result[result["region"] == "Oryol"]

    assert len(oryol) == 4
    assert not oryol["possible"].any() and not oryol["competence"].any() and not oryol["candidate"].any()
    assert oryol["cutoff"].isna().all()
    # the others are unchanged
    assert int(result["possible"].sum()) == 5
    # a region missing from the density frame altogether is the same
    only_values = possible_to_develop(table2.reindex(REGIONS + ["Oryol"]), density)
    assert not only_values.loc[only_values["region"] == "Oryol", "possible"].any()


def test_an_empty_input_gives_an_empty_frame():
    result = possible_to_develop(pd.DataFrame(dtype="float64"), pd.DataFrame(dtype="float64"))
    assert result.empty
    assert list(result.columns) == [
        "region",
        "item",
        "value",
        "density",
        "competence",
        "candidate",
        "cutoff",
        "possible",
    ]


def test_zero_density_is_never_possible():
    # all candidates unrelated to anything the region does: the median is 0, yet nothing is possible
    values = pd.DataFrame({"x": [2.0], "y": [0.1], "z": [0.2]}, index=["R"])
    density = pd.DataFrame({"x": [1.0], "y": [0.0], "z": [0.0]}, index=["R"])
    assert not possible_to_develop(values, density)["possible"].any()


def test_a_quantile_outside_0_1_is_refused(table2, density):
    with pytest.raises(ValueError, match="quantile"):
        density_cutoff(table2, density, quantile=1.5)


def test_eci_ranks_highest_first_ties_share_and_nan_is_unranked():
    ranks = eci_ranks(pd.Series([0.5, -1.0, 0.5, np.nan, 2.0], index=list("abcde")))
    assert ranks["rank"].tolist() == [2, 4, 2, pd.NA, 1]
    assert set(ranks["of"]) == {4}
