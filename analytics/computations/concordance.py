"""Concordance between specialisation directions and S&T rubrics; cross-cutting rubrics.

The paper conjugates each specialisation direction (a FEACN export group or a
NACE section) with the region's S&T competences in related rubrics, and adds
the cross-cutting (end-to-end digital) rubrics to every direction.  It gives
no concordance table ("the classifiers are hard to correlate"), so the portal
ships a default one that analysts edit:

* concordance frame: ``classifier, code, st_rubric`` -- ``classifier`` is
  ``export`` (FEACN groups, global level) or ``sector`` (NACE sections, both
  the national and the macro-regional level); ``code`` the direction's code;
  ``st_rubric`` an S&T rubric, matched against the S&T table's ``name`` (the
  English rubric name, as in the shared tables) or else its ``code``.
* cross-cutting frame: ``st_rubric``.

Row order is kept: it is the order in which a direction's competences are
listed in the matrix and the scenario model.

The ``*_problems`` functions return a tidy frame of problems (``row, column,
value, problem``; ``row`` is the 0-based position in the input) for the
portal's editing forms; ``validate_*`` raise ``ConcordanceError`` carrying that
frame; ``normalise_*`` silently clean (strip, drop incomplete and duplicate
rows) for computation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO

import pandas as pd

from ._frames import clean_text, require_columns
from .tables import CBE_2020_DIR

EXPORT = "export"
SECTOR = "sector"
CLASSIFIERS = (EXPORT, SECTOR)

CONCORDANCE_COLUMNS = ["classifier", "code", "st_rubric"]
CROSS_CUTTING_COLUMNS = ["st_rubric"]
PROBLEM_COLUMNS = ["row", "column", "value", "problem"]


class ConcordanceError(ValueError):
    """A concordance or cross-cutting frame failed validation; ``problems`` says where."""

    def __init__(self, problems: pd.DataFrame) -> None:
        self.problems = problems
        lines = [f"row {p.row}: {p.column}={p.value!r}: {p.problem}" for p in problems.head(10).itertuples(index=False)]
        more = "" if len(problems) <= 10 else f" (and {len(problems) - 10} more)"
        super().__init__("; ".join(lines) + more)


def normalise_concordance(concordance: pd.DataFrame) -> pd.DataFrame:
    """Concordance with stripped text, without incomplete or duplicate rows (order kept)."""
    require_columns(concordance, CONCORDANCE_COLUMNS, "concordance")
    frame = concordance[CONCORDANCE_COLUMNS].copy()
    for column in CONCORDANCE_COLUMNS:
        frame[column] = clean_text(frame[column])
    frame["classifier"] = frame["classifier"].str.lower()
    frame = frame.dropna().drop_duplicates()
    return frame.reset_index(drop=True)


def normalise_cross_cutting(cross_cutting: pd.DataFrame) -> pd.DataFrame:
    """Cross-cutting rubrics with stripped text, without blank or duplicate rows."""
    require_columns(cross_cutting, CROSS_CUTTING_COLUMNS, "cross-cutting rubrics")
    frame = cross_cutting[CROSS_CUTTING_COLUMNS].copy()
    frame["st_rubric"] = clean_text(frame["st_rubric"])
    return frame.dropna().drop_duplicates().reset_index(drop=True)


def concordance_problems(
    concordance: pd.DataFrame,
    *,
    directions: Mapping[str, Iterable[str]] | None = None,
    st_rubrics: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every problem of a concordance frame, as rows ``row, column, value, problem``.

    Args:
        concordance: frame with ``classifier, code, st_rubric``.
        directions: optional known codes per classifier (``{"export": [...],
            "sector": [...]}``); codes outside them are reported.
        st_rubrics: optional known S&T rubric names (or codes); other rubrics
            are reported.
    """
    missing = [column for column in CONCORDANCE_COLUMNS if column not in concordance.columns]
    if missing:
        return _problems([(None, column, None, "missing column") for column in missing])
    frame = concordance[CONCORDANCE_COLUMNS].reset_index(drop=True)
    clean = frame.apply(clean_text)
    found: list[pd.DataFrame] = []
    for column in CONCORDANCE_COLUMNS:
        found.append(_flag(frame, column, clean[column].isna(), "empty"))
    classifier = clean["classifier"].str.lower()
    found.append(
        _flag(
            frame,
            "classifier",
            classifier.notna() & ~classifier.isin(CLASSIFIERS),
            f"unknown classifier (expected one of {list(CLASSIFIERS)})",
        )
    )
    keyed = clean.assign(classifier=classifier)
    found.append(_flag(frame, "st_rubric", keyed.duplicated(keep="first") & keyed.notna().all(axis=1), "duplicate row"))
    if directions is not None:
        known = pd.DataFrame(
            [(c, str(code)) for c, codes in directions.items() for code in codes],
            columns=["classifier", "code"],
        ).drop_duplicates()
        pairs = keyed[["classifier", "code"]].merge(known.assign(known=True), on=["classifier", "code"], how="left")
        unknown = keyed["code"].notna() & classifier.isin(CLASSIFIERS) & pairs["known"].isna()
        found.append(_flag(frame, "code", unknown, "unknown direction code for this classifier"))
    if st_rubrics is not None:
        known_rubrics = {str(rubric).strip() for rubric in st_rubrics}
        unknown = clean["st_rubric"].notna() & ~clean["st_rubric"].isin(known_rubrics)
        found.append(_flag(frame, "st_rubric", unknown, "unknown S&T rubric"))
    return _problems_frame(found)


def cross_cutting_problems(cross_cutting: pd.DataFrame, *, st_rubrics: Iterable[str] | None = None) -> pd.DataFrame:
    """Every problem of a cross-cutting frame, as rows ``row, column, value, problem``."""
    if "st_rubric" not in cross_cutting.columns:
        return _problems([(None, "st_rubric", None, "missing column")])
    frame = cross_cutting[CROSS_CUTTING_COLUMNS].reset_index(drop=True)
    clean = clean_text(frame["st_rubric"])
    found = [
        _flag(frame, "st_rubric", clean.isna(), "empty"),
        _flag(frame, "st_rubric", clean.notna() & clean.duplicated(), "duplicate row"),
    ]
    if st_rubrics is not None:
        known_rubrics = {str(rubric).strip() for rubric in st_rubrics}
        found.append(_flag(frame, "st_rubric", clean.notna() & ~clean.isin(known_rubrics), "unknown S&T rubric"))
    return _problems_frame(found)


def validate_concordance(
    concordance: pd.DataFrame,
    *,
    directions: Mapping[str, Iterable[str]] | None = None,
    st_rubrics: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Return the normalised concordance, or raise ``ConcordanceError`` listing problems."""
    problems = concordance_problems(concordance, directions=directions, st_rubrics=st_rubrics)
    if not problems.empty:
        raise ConcordanceError(problems)
    return normalise_concordance(concordance)


def validate_cross_cutting(cross_cutting: pd.DataFrame, *, st_rubrics: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the normalised cross-cutting frame, or raise ``ConcordanceError``."""
    problems = cross_cutting_problems(cross_cutting, st_rubrics=st_rubrics)
    if not problems.empty:
        raise ConcordanceError(problems)
    return normalise_cross_cutting(cross_cutting)


def read_concordance(source: str | Path | IO[str]) -> pd.DataFrame:
    """Read a concordance CSV (``classifier, code, st_rubric``) and validate it."""
    raw = pd.read_csv(source, dtype="string", keep_default_na=False)
    return validate_concordance(raw)


def read_cross_cutting(source: str | Path | IO[str]) -> pd.DataFrame:
    """Read a cross-cutting rubrics CSV (``st_rubric``) and validate it."""
    raw = pd.read_csv(source, dtype="string", keep_default_na=False)
    return validate_cross_cutting(raw)


def default_concordance() -> pd.DataFrame:
    """The shipped default concordance (``analytics/data/cbe_2020/concordance.csv``)."""
    return read_concordance(CBE_2020_DIR / "concordance.csv")


def default_cross_cutting() -> pd.DataFrame:
    """The shipped cross-cutting rubrics (``analytics/data/cbe_2020/cross_cutting.csv``)."""
    return read_cross_cutting(CBE_2020_DIR / "cross_cutting.csv")


def _flag(frame: pd.DataFrame, column: str, mask: pd.Series, problem: str) -> pd.DataFrame:
    rows = frame.loc[mask.to_numpy(dtype=bool), column]
    return pd.DataFrame({"row": rows.index.to_numpy(), "column": column, "value": rows.to_numpy(), "problem": problem})


def _problems(rows: list[tuple[object, ...]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def _problems_frame(found: list[pd.DataFrame]) -> pd.DataFrame:
    non_empty = [part for part in found if not part.empty]
    if not non_empty:
        return _problems([])
    problems = pd.concat(non_empty, ignore_index=True)
    return problems.sort_values(["row", "column"], kind="stable").reset_index(drop=True)
