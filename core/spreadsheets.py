"""Cells for CSV and XLSX downloads: text is written as text, never as a formula (OWASP "CSV injection").

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@``
as a formula -- ``=HYPERLINK("http://…")`` in a data set's name would become a
live link in the public download -- and a leading tab or carriage return can
hide such a start. Every exporter passes its cells through :func:`export_cell`,
which prefixes such text with a single quote (OWASP's advice); numbers, dates
and booleans stay what they are, so they stay numeric cells. Part of the shared
kernel: imports no app.
"""

from __future__ import annotations

import re
from typing import Any

#: The first characters that make a spreadsheet read a cell as a formula (or hide one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters an XLSX file cannot hold (openpyxl refuses them).
_ILLEGAL_XML = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def neutralise_text(text: str) -> str:
    """``text`` as a spreadsheet shows it literally: a quote before a formula-like start."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_cell(value: Any) -> Any:
    """A value ready for a CSV or XLSX cell: None → ``""``, text neutralised, anything else as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise_text(value)
    return value


def xlsx_cell(value: Any) -> Any:
    """:func:`export_cell` for XLSX: None stays an empty cell; text loses the control characters XLSX cannot store."""
    if isinstance(value, str):
        return neutralise_text(_ILLEGAL_XML.sub("", value))
    return value
