"""Hostile upload files built cheaply at the zip/XML level (for the import-limit tests and bench/import_limits.py).

Each builder streams its large member through ``zipfile`` in 1 MB pieces, so
building a workbook that unpacks to hundreds of megabytes costs a few
megabytes of memory.
"""

from __future__ import annotations

import io
import random
import string
import zipfile
from collections.abc import Iterable, Iterator

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"
HEADER = ("region", "code", "year", "value")
_CHUNK = 1024 * 1024


def _inline_row(number: int, values: Iterable[object]) -> str:
    cells = []
    for position, value in enumerate(values):
        reference = f"{chr(ord('A') + position)}{number}"
        if isinstance(value, int | float):
            cells.append(f'<c r="{reference}"><v>{value}</v></c>')
        else:
            cells.append(f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def _workbook(parts: dict[str, Iterable[bytes]]) -> bytes:
    """A workbook whose parts are written piece by piece (the large ones never exist whole)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _ROOT_RELS),
            ("xl/workbook.xml", _WORKBOOK),
            ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
        ):
            archive.writestr(name, text)
        for name, pieces in parts.items():
            with archive.open(name, "w", force_zip64=True) as member:
                for piece in pieces:
                    member.write(piece)
    return buffer.getvalue()


def _repeated(unit: bytes, total: int) -> Iterator[bytes]:
    block = unit * max(1, _CHUNK // len(unit))
    left = total
    while left > 0:
        piece = block[: min(left, len(block))]
        left -= len(piece)
        yield piece


def _shared_strings(strings_xml: Iterable[bytes]) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    )
    yield from strings_xml
    yield b"</sst>"


def huge_string_xlsx(chars: int) -> bytes:
    """A workbook whose one data cell is a shared string of ``chars`` letters (300 MB packs into ~300 KB)."""
    sheet = _SHEET_START + _inline_row(1, HEADER)
    sheet += '<row r="2"><c r="A2" t="s"><v>0</v></c></row>' + _SHEET_END
    strings = _shared_strings([b"<si><t>", *_repeated(b"A", chars), b"</t></si>"])
    return _workbook({"xl/worksheets/sheet1.xml": [sheet.encode()], "xl/sharedStrings.xml": strings})


def random_letters(count: int, *, seed: int = 1) -> bytes:
    """Letters that compress like text (about 1.3 times), so no compression ratio betrays them."""
    return "".join(random.Random(seed).choices(string.ascii_letters, k=count)).encode()


def huge_inline_string_xlsx(chars: int, *, unit: bytes = b"A") -> bytes:
    """A workbook whose one data cell is an inline string of ``chars`` bytes of ``unit``, inside the sheet itself.

    With ``unit=random_letters(65536)`` (a block longer than deflate's 32 KB window) it barely compresses.
    """

    def sheet() -> Iterator[bytes]:
        yield (_SHEET_START + _inline_row(1, HEADER)).encode()
        yield b'<row r="2"><c r="A2" t="inlineStr"><is><t>'
        yield from _repeated(unit, chars)
        yield ("</t></is></c></row>" + _SHEET_END).encode()

    return _workbook({"xl/worksheets/sheet1.xml": sheet(), "xl/sharedStrings.xml": _shared_strings([])})


def blank_rows_xlsx(rows: int, *, styled: bool = True) -> bytes:
    """A header, one data row and then ``rows`` blank rows (a styled empty cell each, as Excel saves them)."""

    def sheet() -> Iterator[bytes]:
        yield (_SHEET_START + _inline_row(1, HEADER) + _inline_row(2, ("RU-LIP", "A", 2020, 1))).encode()
        batch: list[str] = []
        for number in range(3, rows + 3):
            if styled:
                batch.append(f'<row r="{number}" spans="1:4"><c r="D{number}" s="1"/></row>')
            else:
                batch.append(f'<row r="{number}"/>')
            if len(batch) == 50_000:
                yield "".join(batch).encode()
                batch.clear()
        yield ("".join(batch) + _SHEET_END).encode()

    return _workbook({"xl/worksheets/sheet1.xml": sheet(), "xl/sharedStrings.xml": _shared_strings([])})


def zip_bomb_xlsx(unpacked_bytes: int) -> bytes:
    """A workbook whose sheet unpacks to ``unpacked_bytes`` of blanks (a classic zip bomb: ~1000:1)."""

    def sheet() -> Iterator[bytes]:
        yield (_SHEET_START + _inline_row(1, HEADER)).encode()
        yield from _repeated(b" ", unpacked_bytes)
        yield _SHEET_END.encode()

    return _workbook({"xl/worksheets/sheet1.xml": sheet(), "xl/sharedStrings.xml": _shared_strings([])})


def wide_xlsx(columns: int) -> bytes:
    """A header and one data row with a cell in column ``columns`` (openpyxl pads the row to it)."""
    from openpyxl.utils import get_column_letter

    far = get_column_letter(columns)
    sheet = (
        _SHEET_START
        + _inline_row(1, HEADER)
        + f'<row r="2"><c r="A2" t="inlineStr"><is><t>RU-LIP</t></is></c><c r="{far}2"><v>1</v></c></row>'
        + _SHEET_END
    )
    return _workbook({"xl/worksheets/sheet1.xml": [sheet.encode()], "xl/sharedStrings.xml": _shared_strings([])})


def many_members_xlsx(members: int) -> bytes:
    """A small valid sheet plus ``members`` empty parts."""
    sheet = _SHEET_START + _inline_row(1, HEADER) + _inline_row(2, ("RU-LIP", "A", 2020, 1)) + _SHEET_END
    parts: dict[str, Iterable[bytes]] = {
        "xl/worksheets/sheet1.xml": [sheet.encode()],
        "xl/sharedStrings.xml": _shared_strings([]),
    }
    parts.update({f"xl/media/empty{index}.bin": [b""] for index in range(members)})
    return _workbook(parts)
