"""Small private helpers shared by the computation modules (no Django, no I/O)."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def require_columns(frame: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise ``ValueError`` naming every column of ``columns`` missing from ``frame``."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing column(s) {missing}; got {list(frame.columns)}")


def reject_duplicates(frame: pd.DataFrame, keys: list[str], what: str) -> None:
    """Raise ``ValueError`` if ``frame`` holds more than one row for the same ``keys``."""
    duplicated = frame.duplicated(keys, keep=False)
    if duplicated.any():
        sample = frame.loc[duplicated, keys].head(5).to_dict("records")
        raise ValueError(f"{what}: {int(duplicated.sum())} rows share the same {keys}, e.g. {sample}")


def numeric_values(values: pd.Series, what: str) -> pd.Series:
    """Return ``values`` as float64 (missing -> NaN); raise ``ValueError`` on text."""
    try:
        numeric = pd.to_numeric(values, errors="raise")
    except (TypeError, ValueError) as error:
        raise ValueError(f"{what}: values must be numeric ({error})") from error
    return numeric.astype("float64")


def divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """Element-wise ``numerator / denominator`` with NaN wherever the denominator is 0 or NaN.

    Never emits a numpy RuntimeWarning: the division only runs where it is defined.
    """
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    shape = np.broadcast_shapes(numerator.shape, denominator.shape)
    out = np.full(shape, np.nan)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def clean_text(values: pd.Series) -> pd.Series:
    """Strip surrounding blanks of text values; blanks become missing (NA)."""
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def one_year(frame: pd.DataFrame, year: int | None, what: str) -> pd.DataFrame:
    """Rows of ``frame`` for ``year``; when ``year`` is None, the latest year it holds.

    Coefficient tables from different sources have different years (the paper's
    Table 5 is 2021, Tables 2-4 are 2020), so each table picks its own year.
    """
    if frame.empty:
        return frame
    if year is None:
        year = frame["year"].max()
    chosen = frame[frame["year"] == year]
    if chosen.empty:
        raise ValueError(f"{what}: no rows for year {year}")
    return chosen


def factorize_labels(labels: pd.Series, what: str) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of ``labels`` and their sorted unique values (sort: output order).

    Labels of mixed, unorderable types keep their first-seen order; a missing label is an error.
    """
    try:
        codes, uniques = pd.factorize(labels, sort=True)
    except TypeError:
        codes, uniques = pd.factorize(labels, sort=False)
    if (codes < 0).any():
        raise ValueError(f"observations: missing {what} label")
    return codes, pd.Index(uniques)
