"""Progress of an indicator toward its target: pure arithmetic, no database."""

from decimal import Decimal as D

import pytest

from monitoring.progress import clamp_progress, indicator_progress, progress_percent


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "expected"),
    [
        (D(100), D(200), D(150), D("0.5")),  # half-way up
        (D(100), D(200), D(100), D(0)),  # not moved
        (D(100), D(200), D(200), D(1)),  # reached
        (D(100), D(200), D(250), D("1.5")),  # exceeded: kept raw
        (D(100), D(200), D(80), D("-0.2")),  # the wrong way: kept raw
        (D(40), D(10), D(25), D("0.5")),  # an indicator that should fall, half-way down
        (D(40), D(10), D(4), D("1.2")),  # fell below its target
        (D(-5), D(5), D(0), D("0.5")),  # negative baseline
        (D("0.25"), D("0.75"), D("0.5"), D("0.5")),
    ],
)
def test_progress_is_the_share_of_the_way_from_baseline_to_target(baseline, target, latest, expected):
    assert indicator_progress(baseline=baseline, target=target, latest=latest) == expected


def test_no_progress_before_the_first_value():
    assert indicator_progress(baseline=D(1), target=D(2), latest=None) is None


def test_no_progress_when_target_equals_baseline():
    assert indicator_progress(baseline=D(3), target=D(3), latest=D(4)) is None


@pytest.mark.parametrize(("raw", "clamped"), [(D("-0.2"), D(0)), (D("0.5"), D("0.5")), (D("1.5"), D(1)), (None, None)])
def test_display_is_clamped_to_zero_and_one(raw, clamped):
    assert clamp_progress(raw) == clamped


@pytest.mark.parametrize(
    ("raw", "clamp", "percent"),
    [
        (D("0.5"), True, 50),
        (D("0.125"), True, 13),  # half up
        (D("1.5"), True, 100),
        (D("1.5"), False, 150),
        (D("-0.2"), True, 0),
        (D("-0.2"), False, -20),
        (None, True, None),
    ],
)
def test_percent(raw, clamp, percent):
    assert progress_percent(raw, clamp=clamp) == percent
