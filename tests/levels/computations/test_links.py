"""The four links in depth (issue #14, item 3) and the regularity of links (seed 004), on constructed histories.

Pure: no database. Regions are plain ids (LIP=1 < VOR=2 < TAM=3); helices in the grid's order
government (0), business (1), science (2), civil (3); the cell "helix i of the first region × helix j of the
second" is bit ``4·i + j``. Dates are explicit.
"""

import random
from datetime import date, timedelta

from levels import computations as rules
from levels.computations import (
    ExpertFact,
    InteractionFact,
    LinkRow,
    ParticipationFact,
    ProjectFact,
    StructureFact,
)

LIP, VOR, TAM = 1, 2, 3
D = date
AS_OF = D(2025, 12, 31)
GOV, BUS, SCI, CIV = rules.HELICES


def bit(helix_a, helix_b):
    return 1 << (rules.HELICES.index(helix_a) * 4 + rules.HELICES.index(helix_b))


def levels_of(grid):
    return [[cell.level for cell in line] for line in grid]


def rows_of(evidence):
    return [LinkRow(row.kind, row.ref, row.level, row.date_from, row.date_to, row.links) for row in evidence]


# --- Which cells a piece of evidence lies in.


def test_the_cell_bits_follow_the_helix_order():
    # government × government is bit 0, civil × civil bit 15, business (1) × science (2) bit 4·1 + 2 = 6
    assert rules.link_bit(GOV, GOV) == 1
    assert rules.link_bit(CIV, CIV) == 1 << 15
    assert rules.link_bit(BUS, SCI) == 1 << 6
    assert rules.link_bit("unknown", GOV) == 0
    # seen from the other region the same cell is science × business: bit 4·2 + 1 = 9
    assert rules.transpose_links(1 << 6) == 1 << 9


def test_an_interaction_lies_in_every_cell_between_the_helices_of_its_agents():
    # Lipetsk: its government and a business; Voronezh: a university — cells gov×sci and bus×sci
    fact = InteractionFact(
        7, D(2024, 3, 1), frozenset({LIP, VOR}), ("scientific",), frozenset({(LIP, GOV), (LIP, BUS), (VOR, SCI)})
    )
    (row,) = rules.evidence_rows(interactions=[fact])
    assert (row.region_a, row.region_b, row.links) == (LIP, VOR, bit(GOV, SCI) | bit(BUS, SCI))


def test_a_structure_of_regions_only_links_their_governments_and_its_agents_their_own_helices():
    bare = StructureFact(1, "confirmed", D(2025, 4, 1), None, frozenset({LIP, VOR}))
    with_agents = StructureFact(
        2, "confirmed", D(2025, 4, 1), None, frozenset({LIP, VOR, TAM}), (), frozenset({(LIP, SCI), (TAM, CIV)})
    )
    rows = {
        (row.ref, row.region_a, row.region_b): row.links for row in rules.evidence_rows(structures=[bare, with_agents])
    }
    assert rows[(1, LIP, VOR)] == bit(GOV, GOV)
    # Lipetsk named its university; Voronezh named no agent (its government); Tambov a civil-society agent
    assert rows[(2, LIP, VOR)] == bit(SCI, GOV)
    assert rows[(2, LIP, TAM)] == bit(SCI, CIV)
    assert rows[(2, VOR, TAM)] == bit(GOV, CIV)


def test_a_joint_project_links_the_helices_of_the_agents_taking_part_then():
    # Lipetsk business from 10 Jan 2024; Voronezh university from 1 Feb, Voronezh civil society only from 1 Jul
    # 2024 to 1 Sep 2024; the project started on 1 Mar 2024: one period from 1 Mar (both regions take part)
    rows = rules.evidence_rows(
        projects=[ProjectFact(10, "active", D(2024, 3, 1))],
        participations=[
            ParticipationFact(10, LIP, D(2024, 1, 10), None, BUS),
            ParticipationFact(10, VOR, D(2024, 2, 1), None, SCI),
            ParticipationFact(10, VOR, D(2024, 7, 1), D(2024, 9, 1), CIV),
        ],
    )
    (row,) = rows
    assert (row.level, row.date_from, row.date_to) == (3, D(2024, 3, 1), None)
    assert row.links == bit(BUS, SCI) | bit(BUS, CIV)


def test_an_expert_counts_in_science_and_education():
    # a Tambov expert joins the Lipetsk business's project: Lipetsk business × Tambov science
    rows = rules.evidence_rows(
        projects=[ProjectFact(10, "active", D(2024, 3, 1))],
        participations=[ParticipationFact(10, LIP, D(2024, 1, 10), None, BUS)],
        experts=[ExpertFact(55, TAM, 10, D(2024, 4, 15))],
    )
    (row,) = rows
    assert (row.region_a, row.region_b, row.level, row.links) == (LIP, TAM, 2, bit(BUS, SCI))


# --- The grid of a pair on a date.


def test_the_grid_takes_the_highest_valid_evidence_of_each_cell_and_the_pair_the_highest_cell():
    # Lipetsk–Voronezh: an exchange of the governments (2023), a joint project of the businesses from 2024
    # that ended on 1 Jun 2025, a structure of the universities from 1 Apr 2025.
    evidence = [
        LinkRow("interaction", 1, 1, D(2023, 5, 5), None, bit(GOV, GOV)),
        LinkRow("project", 2, 3, D(2024, 1, 1), D(2025, 6, 1), bit(BUS, BUS)),
        LinkRow("structure", 3, 4, D(2025, 4, 1), None, bit(SCI, SCI)),
    ]
    on_may_2025 = rules.link_grid(evidence, as_of=D(2025, 5, 1))
    assert levels_of(on_may_2025) == [[1, 0, 0, 0], [0, 3, 0, 0], [0, 0, 4, 0], [0, 0, 0, 0]]
    assert rules.grid_level(on_may_2025) == rules.pair_level_of(evidence, as_of=D(2025, 5, 1)) == 4
    # on 1 Jun 2025 the project no longer counts (half-open [from, to)): business × business is empty
    assert levels_of(rules.link_grid(evidence, as_of=D(2025, 6, 1)))[1][1] == 0
    # on 1 Jan 2024 only the exchange and the project (starting that day) count
    assert levels_of(rules.link_grid(evidence, as_of=D(2024, 1, 1))) == [
        [1, 0, 0, 0],
        [0, 3, 0, 0],
        [0, 0, 0, 0],
        [0, 0, 0, 0],
    ]
    cell = on_may_2025[0][0]
    assert (cell.helix_a, cell.helix_b, cell.evidence_count, cell.evidence[0].ref) == (GOV, GOV, 1, 1)


def test_the_grid_seen_from_the_other_region_is_transposed():
    evidence = [LinkRow("interaction", 1, 1, D(2023, 5, 5), None, bit(BUS, CIV))]
    assert levels_of(rules.link_grid(evidence, as_of=AS_OF))[1][3] == 1
    flipped = levels_of(rules.link_grid(evidence, as_of=AS_OF, flipped=True))
    assert flipped[3][1] == 1 and flipped[1][3] == 0


def test_the_four_links_thinnest_first_with_the_next_step():
    # governments at 1, businesses at 3 (the pair's level), science at 2, civil societies none
    evidence = [
        LinkRow("interaction", 1, 1, D(2023, 5, 5), None, bit(GOV, GOV)),
        LinkRow("project", 2, 3, D(2024, 1, 1), None, bit(BUS, BUS)),
        LinkRow("expert", 3, 2, D(2024, 2, 1), None, bit(SCI, SCI)),
    ]
    steps = rules.link_steps(rules.link_grid(evidence, as_of=AS_OF))
    assert [(step.helix, step.level, step.next_level, step.thin) for step in steps] == [
        (CIV, 0, 1, True),
        (GOV, 1, 2, True),
        (SCI, 2, 3, True),
        (BUS, 3, 4, False),
    ]
    # level 1 → invite an expert of the other side; 2 → a joint project; 3 → a joint structure
    assert steps[1].text == rules.LINK_HINTS[2] and "expert" in steps[1].text
    assert "joint project" in steps[2].text and "joint structure" in steps[3].text


def test_the_pair_level_is_the_highest_cell_on_random_histories():
    """The invariant over many constructed histories: every piece of evidence lies in at least one cell, so
    the highest cell is the pair's level on any date."""
    generator = random.Random(14)
    regions = [LIP, VOR, TAM]
    for _ in range(60):
        interactions = [
            InteractionFact(
                index,
                D(2020, 1, 1) + timedelta(days=generator.randrange(2000)),
                frozenset(pair := generator.sample(regions, 2)),
                (),
                frozenset((region, generator.choice(rules.HELICES + ("",))) for region in pair),
            )
            for index in range(generator.randrange(1, 6))
        ]
        structures = [
            StructureFact(
                index,
                "confirmed",
                D(2021, 1, 1) + timedelta(days=generator.randrange(1500)),
                None,
                frozenset(generator.sample(regions, 2)),
            )
            for index in range(generator.randrange(0, 2))
        ]
        evidence = rules.evidence_rows(interactions=interactions, structures=structures)
        assert all(row.links for row in evidence)
        day = D(2020, 1, 1) + timedelta(days=generator.randrange(2200))
        for a, b in ((LIP, VOR), (LIP, TAM), (VOR, TAM)):
            rows = rows_of([row for row in evidence if (row.region_a, row.region_b) == (a, b)])
            assert rules.grid_level(rules.link_grid(rows, as_of=day)) == rules.pair_level_of(rows, as_of=day)


# --- Regularity of links (seed 004).


def test_evidence_per_year_and_the_years_with_links():
    # 2021: two exchanges; 2022: none; 2023: a project (two periods: counted once, in 2023) and an exchange;
    # 2026: an exchange after as_of (ignored). Years 2021..2023 shown (2022 as 0); links in 2 years of 3.
    rows = [
        ("interaction", 1, D(2021, 3, 1)),
        ("interaction", 2, D(2021, 11, 30)),
        ("project", 10, D(2023, 2, 1)),
        ("project", 10, D(2024, 5, 1)),
        ("interaction", 3, D(2023, 12, 31)),
        ("interaction", 4, D(2026, 1, 5)),
    ]
    regularity = rules.regularity(rows, as_of=AS_OF)
    assert regularity.per_year == ((2021, 2), (2022, 0), (2023, 2))
    assert (regularity.years, regularity.span, regularity.first_year) == (2, 3, 2021)
    assert rules.regularity([], as_of=AS_OF).per_year == ()


def test_the_line_grows_with_the_years_links_recur_in():
    # 0.6 for one year, +0.25 a year, at most 1.6: 1 → 0.6, 3 → 1.1, 5 → 1.6, 9 → 1.6
    assert [rules.line_factor(years) for years in (1, 3, 5, 9)] == [0.6, 1.1, 1.6, 1.6]
