"""Golden tests of the fit score (``analytics.computations.fit``), worked out by hand from the paper's Tables 2-5.

No database: the shipped tables (``analytics/data/cbe_2020``) are the competence maps, one family per table
(Table 5's rubrics are keyed by their names, as the shipped CSV has no codes). Every expected figure is derived
in the comment above it from the values printed in the tables.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.computations.fit import fit_scores


@pytest.fixture(scope="module")
def values(cbe_tables) -> pd.DataFrame:
    frames = []
    for indicator, table in cbe_tables.items():
        columns = {"region": table["region"], "item": table["code"], "value": table["value"]}
        frames.append(pd.DataFrame({"family": indicator, **columns}))
    return pd.concat(frames, ignore_index=True)


def _project(values, *, regions, directions=(), rubrics=(), helices=(), project=1):
    items = pd.DataFrame(
        [(project, code, "direction") for code in directions] + [(project, name, "rubric") for name in rubrics],
        columns=["project", "item", "kind"],
    )
    return fit_scores(
        values=values,
        items=items,
        regions=pd.DataFrame([(project, region) for region in regions], columns=["project", "region"]),
        helices=pd.DataFrame([(project, helix) for helix in helices], columns=["project", "helix"]),
        projects=[project],
    )


def _details(result, part):
    rows = result.details[result.details["part"] == part]
    return sorted(rows["ref"].tolist())


def test_two_regions_core_complementarity_and_helices(values):
    # Lipetsk + Tambov; directions C, F (NACE); rubrics Metallurgy, Chemistry, Transport, Biotechnology, Geology.
    result = _project(
        values,
        regions=["Lipetsk", "Tambov"],
        directions=["C", "F"],
        rubrics=["Metallurgy", "Chemistry", "Transport", "Biotechnology", "Geology"],
        helices=["science", "business"],
    )
    row = result.scores.loc[1]
    # core: C (Table 3) Lipetsk 2.29 >= 1 yes; F (Table 3) Lipetsk 1.08 yes; Metallurgy Lipetsk 22.10 yes;
    # Chemistry Lipetsk 2.00 yes; Transport Lipetsk 1.15 yes; Biotechnology Tambov 1.54 yes;
    # Geology Lipetsk 0.11, Tambov 0.06: no.  6 of 7 -> 6/7.
    assert row["core_covered"] == 6
    assert row["core_total"] == 7
    assert row["core"] == pytest.approx(6 / 7)
    assert _details(result, "uncovered") == ["Geology"]
    # complementarity over the 5 rubrics: Metallurgy (Lipetsk 22.10 has, Tambov 0.02 lacks) yes;
    # Chemistry (2.00 and 2.98: both have) no; Transport (1.15 has, 0.14 lacks) yes;
    # Biotechnology (Tambov 1.54 has, Lipetsk 0.00 lacks) yes; Geology (both lack) no.  3/5 = 0.6.
    assert row["complementary"] == 3
    assert row["complementarity"] == pytest.approx(0.6)
    assert _details(result, "complementary") == ["Biotechnology", "Metallurgy", "Transport"]
    # helix coverage: science, business = 2 of 4 = 0.5; missing government and civil.
    assert row["helix_coverage"] == pytest.approx(0.5)
    assert _details(result, "missing_helix") == ["civil", "government"]


def test_one_region_relatedness_by_hand_from_table2(values):
    # Lipetsk alone, the four FEACN groups of Table 2 as directions, no rubric, one helix.
    # Presence in Table 2 (>= 1):        01-24  28-40  72-83  84-90
    #   Belgorod 2.35 0.46 5.86 0.41       1      0      1      0
    #   Kursk    2.85 1.43 0.24 0.33       1      1      0      0
    #   Lipetsk  1.89 0.11 7.53 0.48       1      0      1      0
    #   Tambov   9.61 1.19 0.04 0.44       1      1      0      0
    #   Voronezh 5.36 5.15 0.37 1.33       1      1      0      1
    # ubiquity u = 5, 3, 2, 1.  Co-occurrence C: (01,28)=3, (01,72)=2, (01,84)=1, (28,72)=0, (28,84)=1, (72,84)=0.
    # phi = C / max(u_i, u_j), diagonal 1: (01,28)=3/5, (01,72)=2/5, (01,84)=1/5, (28,84)=1/3, others 0.
    # Row sums of phi: 01: 1+3/5+2/5+1/5 = 11/5; 28: 3/5+1+1/3 = 29/15; 72: 2/5+1 = 7/5; 84: 1/5+1/3+1 = 23/15.
    # Lipetsk (has 01, 72): d01 = (1+2/5)/(11/5) = 7/11; d28 = (3/5)/(29/15) = 9/29;
    #   d72 = (2/5+1)/(7/5) = 1; d84 = (1/5)/(23/15) = 3/23.
    # Mean = (7/11 + 9/29 + 1 + 3/23)/4 = (4669 + 2277 + 7337 + 957)/7337/4 = 15240/29348 = 3810/7337.
    result = _project(values, regions=["Lipetsk"], directions=["01-24", "28-40", "72-83", "84-90"], helices=["science"])
    row = result.scores.loc[1]
    assert row["relatedness"] == pytest.approx(3810 / 7337, rel=1e-12)
    assert row["weakest_region"] == "Lipetsk"
    # core: 01-24 1.89 yes, 28-40 0.11 no, 72-83 7.53 yes, 84-90 0.48 no -> 2/4.
    assert row["core"] == pytest.approx(0.5)
    # complementarity: no rubric -> 0; one region could not complement anyway.
    assert row["complementarity"] == 0
    assert row["helix_coverage"] == pytest.approx(0.25)
    # fit = mean of the parts = (0.5 + 0 + 3810/7337 + 0.25)/4.
    assert row["fit"] == pytest.approx((0.5 + 0 + 3810 / 7337 + 0.25) / 4, rel=1e-12)


def test_relatedness_is_the_weakest_region(values):
    # Lipetsk + Voronezh on 28-40 and 84-90 (Table 2, densities as above).
    # Lipetsk: d28 = 9/29, d84 = 3/23 -> mean (9/29 + 3/23)/2 = (207 + 87)/667/2 = 147/667.
    # Voronezh (has 01, 28, 84): d28 = (3/5+1+1/3)/(29/15) = 1; d84 = (1/5+1/3+1)/(23/15) = 1 -> mean 1.
    # The weakest is Lipetsk: 147/667.
    result = _project(values, regions=["Lipetsk", "Voronezh"], directions=["28-40", "84-90"])
    row = result.scores.loc[1]
    assert row["relatedness"] == pytest.approx(147 / 667, rel=1e-12)
    assert row["weakest_region"] == "Lipetsk"


def test_a_region_with_no_data_neither_supplies_nor_lacks_and_is_left_out(values):
    # Moscow is in none of the tables.  Moscow + Voronezh on 28-40, 84-90:
    # core: Voronezh 5.15 and 1.33 -> 2/2 = 1; relatedness: Moscow left out, Voronezh's mean 1 (above) -> 1.
    result = _project(values, regions=["Moscow", "Voronezh"], directions=["28-40", "84-90"])
    row = result.scores.loc[1]
    assert row["core"] == 1
    assert row["relatedness"] == pytest.approx(1.0)
    assert row["regions_total"] == 2
    assert row["regions_with_data"] == 1
    assert _details(result, "no_data") == ["Moscow"]
    # complementarity on Biotechnology: Voronezh 2.69 has it, Moscow has no value -> does not lack it: 0/1.
    moscow = _project(values, regions=["Moscow", "Voronezh"], rubrics=["Biotechnology"]).scores.loc[1]
    assert moscow["complementarity"] == 0
    # ... while Lipetsk (0.00, a known value below 1) lacks it: 1/1.
    lipetsk = _project(values, regions=["Moscow", "Lipetsk", "Voronezh"], rubrics=["Biotechnology"]).scores.loc[1]
    assert lipetsk["complementarity"] == 1


def test_only_regions_without_data_give_zero_relatedness(values):
    result = _project(values, regions=["Moscow"], directions=["28-40"])
    row = result.scores.loc[1]
    # core: Moscow has no value for 28-40: not a competence -> 0/1; relatedness: nobody has data -> 0.
    assert row["core"] == 0
    assert row["relatedness"] == 0
    assert row["weakest_region"] is None


def test_ties_at_the_threshold_count(values):
    # Table 4, H (transportation and storage): Lipetsk 1.00 exactly -> a competence (>= 1).
    assert _project(values, regions=["Lipetsk"], directions=["H"]).scores.loc[1, "core"] == 1
    # Belgorod 0.83 -> not; Belgorod's Mechanics (Table 5) 0.99 is just below 1 -> not.
    assert _project(values, regions=["Belgorod"], directions=["H"]).scores.loc[1, "core"] == 0
    assert _project(values, regions=["Belgorod"], rubrics=["Mechanics"]).scores.loc[1, "core"] == 0
    # L is in Tables 3 (Lipetsk 1.05) and 4 (1.16): the larger value counts; Kursk 0.84 / 0.92: neither.
    assert _project(values, regions=["Kursk"], directions=["L"]).scores.loc[1, "core"] == 0
    # Complementarity at the tie: H is a direction, so take the threshold 1.15 on Transport (Table 5):
    # Lipetsk 1.15 (exactly the threshold: has it), Tambov 0.14 (lacks it) -> 1/1.
    items = pd.DataFrame([(1, "Transport", "rubric")], columns=["project", "item", "kind"])
    regions = pd.DataFrame([(1, "Lipetsk"), (1, "Tambov")], columns=["project", "region"])
    helices = pd.DataFrame(columns=["project", "helix"])
    tie = fit_scores(values=values, items=items, regions=regions, helices=helices, projects=[1], threshold=1.15)
    assert tie.scores.loc[1, "complementarity"] == 1


def test_empty_project_and_full_helix_coverage(values):
    result = _project(values, regions=[], helices=["government", "business", "science", "civil"])
    row = result.scores.loc[1]
    assert (row["core"], row["complementarity"], row["relatedness"]) == (0, 0, 0)
    assert row["helix_coverage"] == 1
    assert row["fit"] == pytest.approx(0.25)


def test_many_projects_at_once_match_one_at_a_time(values):
    # Vectorised over projects: scoring two projects together gives each its own scores.
    items = pd.DataFrame(
        [(1, "C", "direction"), (1, "Metallurgy", "rubric"), (2, "28-40", "direction"), (2, "84-90", "direction")],
        columns=["project", "item", "kind"],
    )
    pairs = [(1, "Lipetsk"), (1, "Tambov"), (2, "Lipetsk"), (2, "Voronezh")]
    regions = pd.DataFrame(pairs, columns=["project", "region"])
    helices = pd.DataFrame([(1, "science"), (2, "civil"), (2, "business")], columns=["project", "helix"])
    together = fit_scores(values=values, items=items, regions=regions, helices=helices).scores
    assert together.loc[2, "relatedness"] == pytest.approx(147 / 667, rel=1e-12)
    # project 1: C (Lipetsk 2.29) and Metallurgy (22.10) covered -> 1; Metallurgy: Tambov 0.02 lacks -> 1/1.
    assert together.loc[1, "core"] == 1
    assert together.loc[1, "complementarity"] == 1
    assert together.loc[2, "helix_coverage"] == 0.5
