"""The faster level rules (issue #14's benchmark) give what the straightforward ones gave.

``_information_rows`` now works out each side's helices once per interaction and remembers the masks, and
``level_history`` builds evidence references only for the evidence that starts a period. The references
below are the rules as they were written before (one mask per pair from the members, a reference for every
piece of evidence at every level), run on a constructed history with dates: many interactions between five
regions with every helix, overlapping joint projects that partners leave, expert involvements and a
dissolved structure. Pure: no database.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from levels import computations as rules
from levels.computations import (
    Evidence,
    EvidenceRef,
    ExpertFact,
    InteractionFact,
    PairPeriod,
    ParticipationFact,
    ProjectFact,
    StructureFact,
)

REGIONS = (1, 2, 3, 4, 5)
AS_OF = date(2025, 6, 30)


def constructed_facts(seed: int = 14) -> dict:
    generator = random.Random(seed)
    start = date(2019, 1, 1)

    def day() -> date:
        return start + timedelta(days=generator.randrange(2400))  # some after AS_OF: ignored

    def members(count: int) -> frozenset:
        return frozenset((generator.choice(REGIONS), generator.choice(rules.HELICES)) for _ in range(count))

    interactions = []
    for pk in range(1, 301):
        people = members(generator.randint(2, 4))
        regions = frozenset(region for region, _ in people)
        if len(regions) >= 2:
            types = tuple(generator.sample(rules.COOPERATION_TYPES, generator.randint(0, 2)))
            interactions.append(InteractionFact(pk, day(), regions, types, people))
    # a forum of twelve exchanges on one day starts the pair's first period: more evidence than a period keeps
    forum, people = date(2018, 6, 1), frozenset({(1, "civil"), (2, "science")})
    interactions += [InteractionFact(1000 + pk, forum, frozenset({1, 2}), (), people) for pk in range(12)]
    projects = [
        ProjectFact(pk, generator.choice(["active", "completed", "draft"]), day(), ("scientific",))
        for pk in range(1, 21)
    ]
    participations = []
    for project in projects:
        for _ in range(generator.randint(2, 5)):
            joined = day()
            left = joined + timedelta(days=generator.randrange(1, 700)) if generator.random() < 0.3 else None
            helix = generator.choice(rules.HELICES)
            participations.append(ParticipationFact(project.id, generator.choice(REGIONS), joined, left, helix))
    experts = [ExpertFact(pk, generator.choice(REGIONS), generator.randint(1, 20), day()) for pk in range(1, 16)]
    structures = [
        StructureFact(1, "confirmed", date(2021, 5, 1), None, frozenset({1, 2, 3}), (), members(3)),
        StructureFact(2, "dissolved", date(2020, 2, 1), date(2023, 9, 1), frozenset({4, 5}), ("production",)),
    ]
    return {
        "interactions": interactions,
        "projects": projects,
        "participations": participations,
        "experts": experts,
        "structures": structures,
    }


def reference_information_rows(interactions) -> list[Evidence]:
    return [
        Evidence(
            a,
            b,
            rules.INFORMATION,
            fact.occurred_on,
            None,
            rules.INTERACTION,
            fact.id,
            tuple(fact.types),
            rules.links_mask(rules._helices_of(fact.members, a), rules._helices_of(fact.members, b)),
        )
        for fact in interactions
        for a, b in rules._pairs(fact.region_ids)
    ]


def reference_pair_periods(rows, *, as_of: date) -> list[PairPeriod]:
    by_pair = defaultdict(list)
    for row in rows:
        if row.date_from > as_of or (row.date_to is not None and row.date_to <= row.date_from):
            continue
        date_to = None if row.date_to is not None and row.date_to > as_of else row.date_to
        by_pair[row.pair].append((row, date_to))
    periods = []
    for (a, b), evidence in sorted(by_pair.items()):
        evidence.sort(key=lambda item: item[0].date_from)
        for level in rules.LEVELS:
            items = [
                (row.date_from, date_to, [EvidenceRef(row.kind, row.ref, row.date_from, row.level)])
                for row, date_to in evidence
                if row.level >= level
            ]
            if not items:
                break
            for start, end, refs in rules._periods(items):
                periods.append(PairPeriod(a, b, level, start, end, rules._chosen(refs)))
    return periods


def test_the_evidence_of_the_information_level_is_as_before():
    facts = constructed_facts()
    fast = rules._information_rows(facts["interactions"])
    assert len(fast) > 300
    assert fast == reference_information_rows(facts["interactions"])


def test_the_periods_of_every_pair_are_as_before():
    rows = rules.evidence_rows(**constructed_facts())
    history = rules.level_history(rows, as_of=AS_OF)
    expected = reference_pair_periods(rows, as_of=AS_OF)
    # the history has every level, periods that end and evidence lists cut at the limit
    assert {period.level for period in expected} == set(rules.LEVELS)
    assert any(period.lost_on is not None for period in expected)
    assert any(len(period.evidence) == rules.MAX_EVIDENCE_PER_PERIOD for period in expected)
    assert list(history.pairs) == expected


def test_the_masks_remembered_are_the_masks():
    for helices_a in ({"science"}, {"government", "civil"}, set(), {"unknown"}):
        for helices_b in ({"business"}, set(), {"science", "civil", "business"}):
            remembered = rules._links_mask_of(frozenset(helices_a), frozenset(helices_b))
            assert remembered == rules.links_mask(helices_a, helices_b)
    assert rules.types_mask(("consulting", "scientific")) == rules.types_mask(["scientific", "consulting"]) == 0b1001
