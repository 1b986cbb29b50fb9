"""Competence rule: >= threshold by default, > on request, NaN never."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analytics.computations.competences import (
    flag_competences,
    is_competence,
    select_competences,
)

VALUES = pd.Series([0.99, 1.0, 1.01, np.nan, 2.5], index=list("abcde"))


def test_default_is_at_least_one():
    assert is_competence(VALUES).tolist() == [False, True, True, False, True]


def test_strict_is_above_threshold():
    assert is_competence(VALUES, strict=True).tolist() == [False, False, True, False, True]


def test_threshold_is_configurable():
    assert is_competence(VALUES, threshold=1.01).tolist() == [False, False, True, False, True]
    assert is_competence(VALUES, threshold=2.5, strict=True).tolist() == [False] * 5


def test_decimals_round_before_comparing():
    computed = pd.Series([0.996, 0.994])
    assert is_competence(computed).tolist() == [False, False]
    assert is_competence(computed, decimals=2).tolist() == [True, False]


def test_nan_and_missing_are_never_competences_and_do_not_warn():
    nullable = pd.Series([pd.NA, 1.5, None], dtype="Float64")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert is_competence(nullable).tolist() == [False, True, False]
        assert is_competence(np.array([np.nan, np.inf, -np.inf])).tolist() == [False, True, False]


def test_series_keeps_index_and_arrays_stay_arrays():
    result = is_competence(VALUES)
    assert list(result.index) == list("abcde") and result.dtype == bool
    assert isinstance(is_competence(VALUES.to_numpy()), np.ndarray)


def test_flag_and_select():
    table = pd.DataFrame({"code": list("abcde"), "value": VALUES.to_numpy()})
    flagged = flag_competences(table)
    assert flagged["competence"].tolist() == [False, True, True, False, True]
    assert "competence" not in table.columns
    assert select_competences(table, strict=True)["code"].tolist() == ["c", "e"]
    with pytest.raises(ValueError, match="missing column"):
        select_competences(table, value_column="coefficient")
