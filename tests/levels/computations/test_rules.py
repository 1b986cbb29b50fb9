"""The level rules on constructed histories: each level reached and lost as evidence appears or is withdrawn.

Pure: no database. Regions are plain ids (LIP=1, VOR=2, TAM=3, BEL=4); dates are explicit.
"""

from datetime import date

import pytest

from levels import computations as rules
from levels.computations import (
    Evidence,
    ExpertFact,
    InteractionFact,
    ParticipationFact,
    ProjectFact,
    StructureFact,
)

LIP, VOR, TAM, BEL = 1, 2, 3, 4
D = date


def periods_of_pair(history, a, b):
    return [(p.level, p.reached_on, p.lost_on) for p in history.pairs if (p.region_a, p.region_b) == (a, b)]


def periods_of_region(history, region):
    return [(p.level, p.reached_on, p.lost_on) for p in history.regions if p.region_id == region]


AS_OF = date(2025, 12, 31)
JOINT_START = date(2024, 3, 1)


def compute(as_of=AS_OF, **facts):
    rows, history = rules.history(as_of=as_of, **facts)
    return rows, history


# --- Level 1: information exchanges.


def test_no_evidence_no_level():
    _, history = compute()
    assert history.pairs == () and history.regions == ()


def test_an_information_exchange_reaches_level_1_for_every_pair_of_its_regions_on_its_date():
    # given a conference with agents of three regions
    _, history = compute(interactions=[InteractionFact(7, D(2024, 3, 1), frozenset({TAM, LIP, VOR}))])
    # then each of the three pairs reached level 1 that day, and so did each region
    for a, b in [(LIP, VOR), (LIP, TAM), (VOR, TAM)]:
        assert periods_of_pair(history, a, b) == [(1, D(2024, 3, 1), None)]
    for region in (LIP, VOR, TAM):
        assert periods_of_region(history, region) == [(1, D(2024, 3, 1), None)]
    pair = next(p for p in history.pairs if (p.region_a, p.region_b) == (LIP, VOR))
    assert [ref.as_json() for ref in pair.evidence] == [
        {"kind": "interaction", "id": 7, "date": "2024-03-01", "level": 1}
    ]


def test_an_exchange_within_one_region_is_no_evidence():
    _, history = compute(interactions=[InteractionFact(1, D(2024, 3, 1), frozenset({LIP}))])
    assert history.pairs == ()


def test_evidence_after_as_of_does_not_count_yet():
    facts = {"interactions": [InteractionFact(1, D(2024, 3, 1), frozenset({LIP, VOR}))]}
    _, before = compute(as_of=D(2024, 2, 29), **facts)
    _, on_the_day = compute(as_of=D(2024, 3, 1), **facts)
    assert before.pairs == ()
    assert periods_of_pair(on_the_day, LIP, VOR) == [(1, D(2024, 3, 1), None)]


def test_the_first_reach_is_the_earliest_exchange_and_keeps_its_evidence():
    _, history = compute(
        interactions=[
            InteractionFact(2, D(2024, 5, 1), frozenset({LIP, VOR})),
            InteractionFact(1, D(2024, 3, 1), frozenset({LIP, VOR})),
        ]
    )
    assert periods_of_pair(history, LIP, VOR) == [(1, D(2024, 3, 1), None)]
    assert [ref.ref for ref in history.pairs[0].evidence] == [1]


def test_withdrawing_the_only_exchange_loses_level_1_from_the_history():
    # Withdrawn evidence is simply absent from the facts the selectors read.
    exchange = InteractionFact(1, D(2024, 3, 1), frozenset({LIP, VOR}))
    _, recorded = compute(interactions=[exchange])
    _, withdrawn = compute(interactions=[])
    assert periods_of_region(recorded, LIP) == [(1, D(2024, 3, 1), None)]
    assert periods_of_region(withdrawn, LIP) == []


def test_withdrawing_the_first_of_two_exchanges_moves_the_first_reach_to_the_second():
    first = InteractionFact(1, D(2024, 3, 1), frozenset({LIP, VOR}))
    second = InteractionFact(2, D(2024, 9, 1), frozenset({LIP, VOR}))
    _, history = compute(interactions=[second])
    assert periods_of_pair(history, LIP, VOR) == [(1, D(2024, 9, 1), None)]
    _, both = compute(interactions=[first, second])
    assert periods_of_pair(both, LIP, VOR) == [(1, D(2024, 3, 1), None)]


# --- Level 2: experts.


def project(pk, state="published", started_on=None, types=("scientific",)):
    return ProjectFact(pk, state, started_on, tuple(types))


def test_an_expert_of_one_region_in_a_project_of_the_other_reaches_level_2_when_accepting():
    # given a project with agents of Lipetsk (lead) and Voronezh, and an expert from Tambov
    facts = {
        "projects": [project(10)],
        "participations": [
            ParticipationFact(10, LIP, D(2024, 1, 10)),
            ParticipationFact(10, VOR, D(2024, 2, 1)),
        ],
        "experts": [ExpertFact(55, TAM, 10, D(2024, 4, 15))],
    }
    rows, history = compute(**facts)
    # then Tambov holds level 2 with both project regions from the day the expert accepted
    assert periods_of_pair(history, LIP, TAM) == [(1, D(2024, 4, 15), None), (2, D(2024, 4, 15), None)]
    assert periods_of_pair(history, VOR, TAM) == [(1, D(2024, 4, 15), None), (2, D(2024, 4, 15), None)]
    # a published project is no joint project yet: Lipetsk and Voronezh have no level
    assert periods_of_pair(history, LIP, VOR) == []
    assert {(row.kind, row.ref, row.types) for row in rows} == {("expert", 55, ("scientific",))}


def test_an_expert_of_the_projects_own_region_is_no_interregional_evidence():
    facts = {
        "projects": [project(10)],
        "participations": [ParticipationFact(10, LIP, D(2024, 1, 10))],
        "experts": [ExpertFact(55, LIP, 10, D(2024, 4, 15))],
    }
    _, history = compute(**facts)
    assert history.pairs == ()


def test_expert_evidence_with_a_partner_that_joined_later_counts_from_the_joining():
    facts = {
        "projects": [project(10)],
        "participations": [ParticipationFact(10, LIP, D(2024, 1, 10)), ParticipationFact(10, VOR, D(2024, 6, 1))],
        "experts": [ExpertFact(55, TAM, 10, D(2024, 4, 15))],
    }
    _, history = compute(**facts)
    assert periods_of_pair(history, VOR, TAM)[-1] == (2, D(2024, 6, 1), None)


def test_a_region_that_already_exchanged_information_moves_up_to_level_2_and_keeps_level_1():
    facts = {
        "interactions": [InteractionFact(1, D(2023, 11, 20), frozenset({LIP, TAM}))],
        "projects": [project(10)],
        "participations": [ParticipationFact(10, LIP, D(2024, 1, 10))],
        "experts": [ExpertFact(55, TAM, 10, D(2024, 4, 15))],
    }
    _, history = compute(**facts)
    assert periods_of_region(history, TAM) == [(1, D(2023, 11, 20), None), (2, D(2024, 4, 15), None)]
    steps = rules.level_steps(periods_of_region(history, TAM))
    assert steps == [(D(2023, 11, 20), 1), (D(2024, 4, 15), 2)]


# --- Level 3: joint projects.


def joint_project(state="active", started_on=JOINT_START, left_on=None):
    return {
        "projects": [project(10, state, started_on, ("production", "scientific"))],
        "participations": [
            ParticipationFact(10, LIP, D(2024, 1, 10)),
            ParticipationFact(10, VOR, D(2024, 2, 1), left_on),
        ],
    }


@pytest.mark.parametrize("state", ["active", "completed", "archived"])
def test_a_joint_project_that_started_reaches_level_3_from_its_start(state):
    rows, history = compute(**joint_project(state))
    assert periods_of_pair(history, LIP, VOR) == [
        (1, D(2024, 3, 1), None),
        (2, D(2024, 3, 1), None),
        (3, D(2024, 3, 1), None),
    ]
    assert periods_of_region(history, VOR)[-1] == (3, D(2024, 3, 1), None)
    assert {(row.level, row.kind, row.ref, row.types) for row in rows} == {
        (3, "project", 10, ("production", "scientific"))
    }


@pytest.mark.parametrize("state", ["draft", "submitted", "published", "rejected", "changes_requested"])
def test_a_project_that_has_not_started_is_no_joint_project(state):
    _, history = compute(**joint_project(state, started_on=None))
    assert history.pairs == ()


def test_a_partner_joining_an_active_project_counts_from_its_joining():
    facts = {
        "projects": [project(10, "active", D(2024, 3, 1))],
        "participations": [ParticipationFact(10, LIP, D(2024, 1, 10)), ParticipationFact(10, VOR, D(2024, 7, 1))],
    }
    _, history = compute(**facts)
    assert periods_of_pair(history, LIP, VOR)[-1] == (3, D(2024, 7, 1), None)


def test_a_partner_that_leaves_loses_level_3_on_the_day_it_left():
    # given Voronezh left the active project on 1 October 2024
    _, history = compute(**joint_project("active", left_on=D(2024, 10, 1)))
    # then the pair held level 3 from the start until that day, and lost every level with it
    assert periods_of_pair(history, LIP, VOR) == [
        (1, D(2024, 3, 1), D(2024, 10, 1)),
        (2, D(2024, 3, 1), D(2024, 10, 1)),
        (3, D(2024, 3, 1), D(2024, 10, 1)),
    ]
    assert rules.level_steps(periods_of_region(history, LIP)) == [(D(2024, 3, 1), 3), (D(2024, 10, 1), 0)]


def test_a_partner_that_left_before_the_project_started_never_counted():
    _, history = compute(**joint_project("active", started_on=D(2024, 3, 1), left_on=D(2024, 2, 20)))
    assert history.pairs == ()


def test_losing_level_3_falls_back_to_the_exchange_of_information():
    facts = joint_project("completed", left_on=D(2024, 10, 1))
    facts["interactions"] = [InteractionFact(1, D(2023, 5, 5), frozenset({LIP, VOR}))]
    _, history = compute(**facts)
    assert periods_of_pair(history, LIP, VOR) == [
        (1, D(2023, 5, 5), None),
        (2, D(2024, 3, 1), D(2024, 10, 1)),
        (3, D(2024, 3, 1), D(2024, 10, 1)),
    ]
    periods = periods_of_pair(history, LIP, VOR)
    assert rules.level_on(periods, D(2024, 9, 30)) == 3
    assert rules.level_on(periods, D(2024, 10, 1)) == 1
    assert rules.first_reached(periods) == {1: D(2023, 5, 5), 2: D(2024, 3, 1), 3: D(2024, 3, 1)}


def test_leaving_after_as_of_still_counts_on_as_of():
    _, history = compute(as_of=D(2024, 9, 1), **joint_project("active", left_on=D(2024, 10, 1)))
    assert periods_of_pair(history, LIP, VOR)[-1] == (3, D(2024, 3, 1), None)


def test_rejoining_opens_a_second_period():
    facts = {
        "projects": [project(10, "active", D(2024, 3, 1)), project(11, "active", D(2025, 2, 1))],
        "participations": [
            ParticipationFact(10, LIP, D(2024, 1, 10)),
            ParticipationFact(10, VOR, D(2024, 2, 1), D(2024, 10, 1)),
            ParticipationFact(11, LIP, D(2025, 1, 10)),
            ParticipationFact(11, VOR, D(2025, 1, 11)),
        ],
    }
    _, history = compute(**facts)
    assert [p for p in periods_of_pair(history, LIP, VOR) if p[0] == 3] == [
        (3, D(2024, 3, 1), D(2024, 10, 1)),
        (3, D(2025, 2, 1), None),
    ]
    assert rules.first_reached(periods_of_pair(history, LIP, VOR))[3] == D(2024, 3, 1)


# --- Level 4: integrated structures.


def structure(status="confirmed", dissolved_on=None, regions=(LIP, VOR, TAM)):
    return StructureFact(3, status, D(2025, 4, 1), dissolved_on, frozenset(regions), ("scientific",))


def test_a_confirmed_structure_reaches_level_4_for_every_pair_of_members_from_its_founding():
    _, history = compute(structures=[structure()])
    for a, b in [(LIP, VOR), (LIP, TAM), (VOR, TAM)]:
        assert periods_of_pair(history, a, b)[-1] == (4, D(2025, 4, 1), None)
    assert periods_of_region(history, TAM)[-1] == (4, D(2025, 4, 1), None)
    region_period = next(p for p in history.regions if p.region_id == LIP and p.level == 4)
    assert {(ref.kind, ref.ref, ref.partner) for ref in region_period.evidence} == {
        ("structure", 3, VOR),
        ("structure", 3, TAM),
    }


@pytest.mark.parametrize("status", ["proposed", "rejected"])
def test_an_unconfirmed_structure_does_not_count(status):
    _, history = compute(structures=[structure(status)])
    assert history.pairs == ()


def test_dissolving_a_structure_loses_level_4_on_the_dissolution_date():
    facts = joint_project("active")
    facts["structures"] = [structure("dissolved", D(2025, 9, 1), regions=(LIP, VOR))]
    _, history = compute(**facts)
    periods = periods_of_pair(history, LIP, VOR)
    assert (4, D(2025, 4, 1), D(2025, 9, 1)) in periods
    assert (3, D(2024, 3, 1), None) in periods
    assert rules.level_steps(periods) == [(D(2024, 3, 1), 3), (D(2025, 4, 1), 4), (D(2025, 9, 1), 3)]


def test_a_region_holds_the_highest_level_of_its_pairs_and_loses_it_only_when_all_pairs_do():
    facts = {
        "projects": [project(10, "active", D(2024, 3, 1)), project(11, "active", D(2024, 6, 1))],
        "participations": [
            ParticipationFact(10, LIP, D(2024, 1, 1)),
            ParticipationFact(10, VOR, D(2024, 1, 1), D(2024, 9, 1)),
            ParticipationFact(11, LIP, D(2024, 1, 1)),
            ParticipationFact(11, BEL, D(2024, 1, 1), D(2025, 1, 1)),
        ],
    }
    _, history = compute(**facts)
    assert [p for p in periods_of_region(history, LIP) if p[0] == 3] == [(3, D(2024, 3, 1), D(2025, 1, 1))]
    assert [p for p in periods_of_region(history, VOR) if p[0] == 3] == [(3, D(2024, 3, 1), D(2024, 9, 1))]


# --- Evidence rows and helpers.


def test_types_mask_round_trip():
    assert rules.COOPERATION_TYPES == ("scientific", "production", "educational", "consulting")
    mask = rules.types_mask(["consulting", "scientific", "unknown"])
    assert mask == 0b1001
    assert rules.types_from_mask(mask) == ("scientific", "consulting")


def test_evidence_rows_are_ordered_pairs():
    rows = rules.evidence_rows(interactions=[InteractionFact(1, D(2024, 1, 1), frozenset({VOR, LIP}))])
    # no agent named: each side counts as its government, the cell government × government (bit 0)
    assert rows == [Evidence(LIP, VOR, 1, D(2024, 1, 1), None, "interaction", 1, (), 1)]


def test_level_history_accepts_raw_evidence_rows():
    rows = [
        Evidence(LIP, VOR, 2, D(2024, 1, 1), D(2024, 6, 1), "expert", 5),
        Evidence(LIP, VOR, 2, D(2024, 6, 1), None, "expert", 6),  # touching: one period
        Evidence(LIP, VOR, 1, D(2023, 1, 1), None, "interaction", 1),
    ]
    history = rules.level_history(rows, as_of=D(2025, 1, 1))
    assert periods_of_pair(history, LIP, VOR) == [(1, D(2023, 1, 1), None), (2, D(2024, 1, 1), None)]


def test_the_evidence_behind_a_period_is_capped():
    interactions = [InteractionFact(pk, D(2024, 1, 1), frozenset({LIP, VOR})) for pk in range(30)]
    _, history = compute(interactions=interactions)
    assert len(history.pairs[0].evidence) == rules.MAX_EVIDENCE_PER_PERIOD


def test_twenty_thousand_interactions_give_a_level_to_every_region_that_met_another():
    """Interaction ``pk`` joins regions ``1 + pk % 85``, ``1 + 7pk % 85`` and ``1 + 13pk % 85``.

    The three coincide exactly when 6pk ≡ 0 (mod 85), i.e. pk ≡ 0 (85 and 6 are coprime), and then all are
    region 1; region 1 is in no other interaction (7pk ≡ 0 and 13pk ≡ 0 need pk ≡ 0 as well). So every region
    but region 1 meets another one: regions 2..85 reach a level, region 1 none. (The time it takes is in
    ``bench/levels_rules.py``; no test asserts a wall-clock time.)
    """
    interactions = [
        InteractionFact(pk, D(2020, 1, 1 + pk % 28), frozenset({1 + pk % 85, 1 + (pk * 7) % 85, 1 + (pk * 13) % 85}))
        for pk in range(20_000)
    ]

    _, history = compute(interactions=interactions)

    assert {period.region_id for period in history.regions} == set(range(2, 86))


# --- Hints.


def test_hints_lead_to_the_next_level_and_name_the_closest_partners():
    hints = rules.region_hints(1, {VOR: 1, TAM: 1, BEL: 0}, kinds_present={1})
    assert hints[0].level == 2
    assert hints[0].text.startswith("No expert from a partner region has been involved yet")
    assert hints[0].partners == (VOR, TAM)


def test_a_region_without_any_level_is_told_to_record_an_exchange():
    hints = rules.region_hints(0, {})
    assert [hint.level for hint in hints] == [1]


def test_a_region_that_skipped_the_expert_level_is_told_so():
    hints = rules.region_hints(3, {VOR: 3}, kinds_present={1, 3})
    assert [hint.level for hint in hints] == [4, 2]


def test_at_the_top_the_hint_says_so():
    hints = rules.region_hints(4, {VOR: 4, TAM: 2}, kinds_present={1, 2, 3, 4})
    assert hints[0].level is None and hints[0].partners == (TAM,)
    assert rules.pair_hint(4).level is None
    assert rules.pair_hint(0).level == 1
