"""Competence events (gained / lost between consecutive years): values worked out by hand.

The figures come from the shipped Rosstat file
``analytics/data/rosstat/gva_structure_by_okved_section_2009_2022.csv`` (share of a section in
the region's GVA, %).  Every region's shares sum to 100, so the national localisation factor
is the region's share divided by Russia's (``Российская Федерация из суммы субъектов``) share.
No database, no Django.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analytics.computations.events import EVENT_COLUMNS, competence_events, new_events

ROSSTAT = Path(__file__).resolve().parents[3] / "analytics/data/rosstat/gva_structure_by_okved_section_2009_2022.csv"
NATIONAL = "national_localisation"


def coefficients(rows: list[tuple[str, str, str, int, float]], *, dataset: str = "rosstat-gva") -> pd.DataFrame:
    """Rows ``(classifier, code, region, year, value)`` of the national localisation factor."""
    frame = pd.DataFrame(rows, columns=["classifier", "code", "region", "year", "value"])
    return frame.assign(dataset=dataset, indicator=NATIONAL)


def shares(region: str, section: str, year: int) -> float:
    data = pd.read_csv(ROSSTAT)
    row = data[(data["region_name_short"] == region) & (data["section"] == section) & (data["year"] == year)]
    return float(row["share_pct"].iloc[0])


RUSSIA = "Российская Федерация"  # the short name of the "from the sum of the subjects" row
LIPETSK = "Липецкая область"


def test_the_shipped_shares_are_the_ones_of_the_hand_arithmetic():
    # The hand arithmetic below reads these cells of the file; this pins them.
    assert [shares(LIPETSK, "L", year) for year in (2018, 2019, 2020)] == [9.4, 10.3, 9.7]
    assert [shares(RUSSIA, "L", year) for year in (2018, 2019, 2020)] == [10.0, 10.1, 10.9]
    assert [shares(LIPETSK, "Q", year) for year in (2021, 2022)] == [2.5, 3.0]
    assert [shares(RUSSIA, "Q", year) for year in (2021, 2022)] == [3.2, 2.9]


def test_lipetsk_real_estate_is_gained_in_2019_and_lost_in_2020():
    # Lipetsk, OKVED2 L (real estate), national localisation factor = Lipetsk share / Russia share:
    #   2018: 9.4 / 10.0 = 0.94            (below 1: no competence)
    #   2019: 10.3 / 10.1 = 1.0198...      (at least 1: competence)  -> gained in 2019
    #   2020: 9.7 / 10.9 = 0.8899...       (below 1)                 -> lost in 2020
    # Q (health) 2021: 2.5 / 3.2 = 0.78125; 2022: 3.0 / 2.9 = 1.0345 -> gained in 2022.
    frame = coefficients(
        [
            ("nace2", "L", "RU-LIP", 2018, 9.4 / 10.0),
            ("nace2", "L", "RU-LIP", 2019, 10.3 / 10.1),
            ("nace2", "L", "RU-LIP", 2020, 9.7 / 10.9),
            ("nace2", "Q", "RU-LIP", 2021, 2.5 / 3.2),
            ("nace2", "Q", "RU-LIP", 2022, 3.0 / 2.9),
        ]
    )

    events = competence_events(frame)

    assert list(events.columns) == EVENT_COLUMNS
    got = events[["code", "year", "kind"]].to_records(index=False).tolist()
    assert got == [("L", 2019, "gained"), ("L", 2020, "lost"), ("Q", 2022, "gained")]
    lost = events[(events["code"] == "L") & (events["year"] == 2020)].iloc[0]
    assert lost["value_before"] == pytest.approx(1.0198019801980198)
    assert lost["value_after"] == pytest.approx(0.8899082568807339)


def test_exactly_one_is_a_competence_as_in_the_papers_figure_1():
    # Lipetsk OKVED2 S (other services): 2019 0.5 / 0.5 = 1.000 (a competence: >= 1, like the paper's
    # Figure 1 counting Lipetsk's transport at exactly 1.00), 2020 0.5 / 0.6 = 0.8333 -> lost in 2020.
    # E (water supply): 2021 0.5 / 0.6 = 0.8333, 2022 0.5 / 0.5 = 1.000 -> gained in 2022.
    frame = coefficients(
        [
            ("nace2", "S", "RU-LIP", 2019, 0.5 / 0.5),
            ("nace2", "S", "RU-LIP", 2020, 0.5 / 0.6),
            ("nace2", "E", "RU-LIP", 2021, 0.5 / 0.6),
            ("nace2", "E", "RU-LIP", 2022, 0.5 / 0.5),
        ]
    )

    events = competence_events(frame)

    assert events[["code", "year", "kind"]].to_records(index=False).tolist() == [
        ("S", 2020, "lost"),
        ("E", 2022, "gained"),
    ]
    # With the paper's literal "above 1" (strict) 1.000 is no competence: no event at all.
    assert competence_events(frame, strict=True).empty


def test_an_equivalent_mapping_continues_the_series_across_the_okved_switch():
    # Construction is F in OKVED1 (until 2015) and in OKVED2 (from 2016), an "equivalent" mapping.
    # Vologda: 2015 F 4.6 / 6.4 = 0.71875; 2016 F 6.2 / 6.2 = 1.000 -> gained in 2016 (bridged).
    # Kostroma: 2015 F 6.5 / 6.4 = 1.015625; 2016 F 5.5 / 6.2 = 0.8871 -> lost in 2016.
    assert (shares("Вологодская область", "F", 2015), shares(RUSSIA, "F", 2015)) == (4.6, 6.4)
    assert (shares("Вологодская область", "F", 2016), shares(RUSSIA, "F", 2016)) == (6.2, 6.2)
    assert (shares("Костромская область", "F", 2015), shares("Костромская область", "F", 2016)) == (6.5, 5.5)
    frame = coefficients(
        [
            ("okved1", "F", "RU-VLG", 2015, 4.6 / 6.4),
            ("nace2", "F", "RU-VLG", 2016, 6.2 / 6.2),
            ("okved1", "F", "RU-KOS", 2015, 6.5 / 6.4),
            ("nace2", "F", "RU-KOS", 2016, 5.5 / 6.2),
        ]
    )
    continuations = pd.DataFrame(
        [("okved1", "F", "nace2", "F")],
        columns=["source_classifier", "source_code", "target_classifier", "target_code"],
    )

    bridged = competence_events(frame, continuations=continuations)
    apart = competence_events(frame)

    assert bridged[["region", "classifier", "code", "year", "kind", "classifier_before"]].to_records(
        index=False
    ).tolist() == [
        ("RU-KOS", "nace2", "F", 2016, "lost", "okved1"),
        ("RU-VLG", "nace2", "F", 2016, "gained", "okved1"),
    ]
    assert bridged["value_before"].tolist() == pytest.approx([1.015625, 0.71875])
    # Without the mapping (a "part" link, say) the two classifiers are separate series: no event.
    assert apart.empty


def test_gaps_and_undefined_values_make_no_event():
    # 2018 -> 2020 skips a year; 2021 is undefined (NaN): neither is compared with its neighbours.
    frame = coefficients(
        [
            ("nace2", "L", "RU-LIP", 2018, 0.94),
            ("nace2", "L", "RU-LIP", 2020, 1.10),
            ("nace2", "L", "RU-LIP", 2021, float("nan")),
            ("nace2", "L", "RU-LIP", 2022, 0.80),
        ]
    )

    assert competence_events(frame).empty


def test_series_are_kept_apart_by_data_set_coefficient_and_region():
    # The same values in two regions, two coefficients and two data sets: one event per series,
    # never a comparison of one series' last year with the next series' first.
    rows = [("nace2", "L", "RU-LIP", 2019, 0.9), ("nace2", "L", "RU-LIP", 2020, 1.1)]
    frame = pd.concat(
        [
            coefficients(rows),
            coefficients([(c, i, "RU-VOR", y, v) for c, i, _, y, v in rows]),
            coefficients(rows).assign(indicator="macroregional_localisation"),
            coefficients(rows, dataset="other"),
            coefficients([("nace2", "M", "RU-LIP", 2021, 1.5)]),  # follows L 2020 in the sort, another series
        ]
    )

    events = competence_events(frame)

    assert len(events) == 4
    assert set(events["kind"]) == {"gained"}
    assert set(events["year"]) == {2020}


def test_new_events_are_those_not_recorded_and_stale_ones_are_returned():
    frame = coefficients(
        [
            ("nace2", "L", "RU-LIP", 2018, 0.94),
            ("nace2", "L", "RU-LIP", 2019, 1.0198),
            ("nace2", "L", "RU-LIP", 2020, 0.8899),
        ]
    )
    events = competence_events(frame)
    recorded = events.iloc[[0]].assign(id=7)
    stale_row = events.iloc[[0]].assign(id=8, year=2015)

    to_add, stale = new_events(events, pd.concat([recorded, stale_row]))

    assert to_add[["year", "kind"]].to_records(index=False).tolist() == [(2020, "lost")]
    assert stale["id"].tolist() == [8]
    # An unchanged recomputation: nothing to add, nothing stale.
    again, gone = new_events(events, events)
    assert again.empty
    assert gone.empty
