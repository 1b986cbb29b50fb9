"""Coefficients on the pages are rounded half up at 2 decimals, as the paper's tables print them.

Django's ``number_format(value, 2)`` cuts the digits after the second (1.239 → "1.23"), and ``round()`` rounds
the binary float (``round(2.675, 2) == 2.67``, ``round(1.005, 2) == 1.0``). The expected strings are the
values written as decimals and rounded half up by hand.
"""

from decimal import Decimal

import pytest
from django.utils import translation

from analytics.presenters import number
from core.numbers import half_up
from monitoring.templatetags.monitoring_tags import number as monitoring_number
from search.cells import _number as cell_number
from search.recommendations import Reason

EDGES = [
    (1.005, "1.01"),
    (1.235, "1.24"),
    (2.675, "2.68"),
    (1.239, "1.24"),
    (3.459, "3.46"),
    (22.099, "22.10"),
    (0.994, "0.99"),
    (0.995, "1.00"),
    (-1.005, "-1.01"),
    (3.57, "3.57"),
    (2, "2.00"),
]


@pytest.mark.parametrize(("value", "expected"), EDGES)
def test_half_up_rounds_the_decimal_the_value_is_written_as(value, expected):
    assert half_up(value, 2) == Decimal(expected)


@pytest.mark.parametrize(("value", "expected"), EDGES)
def test_the_coefficient_formatters_round_half_up(value, expected):
    with translation.override("en"):
        assert number(value) == expected
        assert cell_number(value) == expected
        reason = Reason(item_id=1, code="C", name_ru="", name_en="", indicator="", value=value, own_value=value)
        assert reason.formatted_value == expected
        assert reason.formatted_own_value == expected


def test_russian_pages_write_the_rounded_value_with_a_comma():
    with translation.override("ru"):
        assert number(2.675) == "2,68"
        assert number(1.239) == "1,24"


def test_the_monitoring_number_keeps_every_digit_it_is_given():
    # An indicator's value is stored as a Decimal and shown without trailing zeros, never cut.
    with translation.override("en"):
        assert monitoring_number(Decimal("1.005")) == "1.005"
        assert monitoring_number(Decimal("12.50")) == "12.5"
