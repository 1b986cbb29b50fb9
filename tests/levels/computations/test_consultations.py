"""Seed 000's second kind of level-2 evidence on constructed, dated histories: an agent of one region advising
an agent of another on its development. Only a consultation the advised side confirmed counts, from the day it
ended, in the grid cell of the two agents' helices.

Pure: no database. Regions are plain ids (LIP=1, VOR=2, TAM=3); dates are explicit; the expected periods and
grid bits are worked out by hand from the rules (grid order government, business, science, civil; the cell
"helix h of the lower-id region × helix k of the other" is bit ``4·index(h) + index(k)``).
"""

from datetime import date

import pytest

from levels import computations as rules
from levels.computations import ConsultationFact, InteractionFact

LIP, VOR, TAM = 1, 2, 3
AS_OF = date(2025, 12, 31)
ENDED = date(2025, 4, 15)


def consultation(status="confirmed", *, id=1, advising=(VOR, "science"), advised=(LIP, "government"), ended=ENDED):
    return ConsultationFact(id, status, advising[0], advising[1], advised[0], advised[1], ended)


def pair_periods(history, a, b):
    return [(p.level, p.reached_on, p.lost_on) for p in history.pairs if (p.region_a, p.region_b) == (a, b)]


def test_a_confirmed_consultation_gives_the_pair_level_2_from_the_day_it_ended():
    # given a Voronezh university that advised the Lipetsk government, confirmed, ended on 15 April 2025
    rows, history = rules.history(as_of=AS_OF, consultations=[consultation()])

    # then one piece of level-2 evidence of kind "consultation", open-ended, typed "consulting"
    assert [(r.region_a, r.region_b, r.level, r.date_from, r.date_to, r.kind, r.ref) for r in rows] == [
        (LIP, VOR, 2, ENDED, None, "consultation", 1)
    ]
    assert rows[0].types == ("consulting",)
    # and the pair holds levels 1 and 2 from that day (holding 2 means holding 1), not the day before
    assert pair_periods(history, LIP, VOR) == [(1, ENDED, None), (2, ENDED, None)]
    periods = [(level, start, end) for level, start, end in pair_periods(history, LIP, VOR)]
    assert rules.level_on(periods, date(2025, 4, 14)) == 0
    assert rules.level_on(periods, ENDED) == 2
    # both regions reach level 2 with the consultation as its evidence
    for region in (LIP, VOR):
        [level_2] = [p for p in history.regions if p.region_id == region and p.level == 2]
        assert level_2.reached_on == ENDED
        assert [(ref.kind, ref.ref) for ref in level_2.evidence] == [("consultation", 1)]


def test_the_consultation_lies_in_the_cell_of_the_two_agents_helices():
    # Lipetsk (id 1) is the advised government, Voronezh (id 2) the advising science: row government (0),
    # column science (2) → bit 0·4 + 2 = 2.
    [row] = rules.evidence_rows(consultations=[consultation()])
    assert row.links == 1 << 2
    # the other way round: Lipetsk's business advises Voronezh's civil society → row business (1), column civil (3)
    [row] = rules.evidence_rows(consultations=[consultation(advising=(LIP, "business"), advised=(VOR, "civil"))])
    assert row.links == 1 << (1 * 4 + 3)


@pytest.mark.parametrize("status", ["requested", "accepted", "declined", "completed", "disputed"])
def test_a_consultation_not_confirmed_by_the_advised_side_gives_nothing(status):
    rows, history = rules.history(as_of=AS_OF, consultations=[consultation(status)])
    assert rows == []
    assert history.pairs == () and history.regions == ()


def test_advice_within_one_region_is_no_interregional_evidence():
    rows, _ = rules.history(as_of=AS_OF, consultations=[consultation(advising=(LIP, "science"))])
    assert rows == []


def test_a_consultation_that_ends_after_as_of_does_not_count_yet():
    _, history = rules.history(as_of=date(2025, 4, 14), consultations=[consultation()])
    assert history.pairs == ()


def test_a_pair_that_exchanged_information_moves_up_to_level_2_on_the_consultation_and_keeps_level_1():
    # given a confirmed exchange of information on 10 January 2025 and the consultation of 15 April
    exchange = InteractionFact(7, date(2025, 1, 10), frozenset({LIP, VOR}), ("scientific",))
    _, history = rules.history(as_of=AS_OF, interactions=[exchange], consultations=[consultation()])

    # then level 1 from January, level 2 from April; the first period keeps the exchange as its evidence
    assert pair_periods(history, LIP, VOR) == [(1, date(2025, 1, 10), None), (2, ENDED, None)]
    periods = pair_periods(history, LIP, VOR)
    assert rules.level_on(periods, date(2025, 3, 1)) == 1
    assert rules.level_on(periods, date(2025, 5, 1)) == 2


def test_a_confirmed_and_a_disputed_consultation_only_the_confirmed_one_counts():
    confirmed = consultation(id=1, advising=(TAM, "business"), advised=(LIP, "government"), ended=date(2025, 6, 1))
    disputed = consultation("disputed", id=2, ended=date(2025, 2, 1))
    _, history = rules.history(as_of=AS_OF, consultations=[confirmed, disputed])
    assert pair_periods(history, LIP, VOR) == []
    assert pair_periods(history, LIP, TAM) == [(1, date(2025, 6, 1), None), (2, date(2025, 6, 1), None)]
