"""Limits on an uploaded file, checked before and while it is parsed, so a hostile file costs little.

A 300 KB workbook can hold a 300 MB string and a 20 MB one four million blank
rows: the upload size alone bounds neither the memory nor the time of parsing.
An XLSX file is a zip archive, so :func:`inspect_xlsx` reads its directory
(member count, declared sizes, compression ratios) and then streams the
worksheets and shared strings in chunks -- never holding one whole -- counting
rows and the longest text between two tags, before openpyxl touches the file.
``zipfile`` never returns more bytes than a member declares (and checks its
CRC), so the declared sizes are upper bounds an attacker cannot exceed.

The parsers then stop at the same caps while streaming (``reading.py``).
Every limit is a setting with a default (README, "Data bank imports").
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from .problems import ImportProblem, ProblemCode

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
DEFAULT_MAX_COLUMNS = 200
DEFAULT_MAX_CELL_CHARS = 10_000
#: Parts openpyxl reads whole (shared strings, styles, the workbook): each at most this, uncompressed.
MAX_WHOLE_PART_BYTES = 32 * 1024 * 1024
#: A real workbook has a few dozen parts; thousands are a trick.
MAX_MEMBERS = 1_000
#: Worksheet XML compresses 5-30 times; a member above this ratio is a zip bomb.
MAX_COMPRESSION_RATIO = 200
#: The ratio is checked on members at least this large (tiny parts compress oddly).
RATIO_CHECK_MIN_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
#: What a damaged, encrypted or oddly compressed archive raises while it is read (and broken XML: SyntaxError).
BROKEN_ARCHIVE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    OSError,
    ValueError,
    SyntaxError,
    RuntimeError,
    NotImplementedError,
)
_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_SHARED_STRINGS = re.compile(r"^xl/sharedStrings[^/]*\.xml$", re.IGNORECASE)
# A <row> element (not <rowBreaks>), with or without a namespace prefix.
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s/>]")


@dataclass(frozen=True)
class ImportLimits:
    """How large a file may be: bytes uploaded and uncompressed, rows, columns and characters per cell."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_uncompressed_bytes: int = DEFAULT_MAX_UNCOMPRESSED_BYTES
    max_rows: int = DEFAULT_MAX_ROWS
    max_columns: int = DEFAULT_MAX_COLUMNS
    max_cell_chars: int = DEFAULT_MAX_CELL_CHARS

    @classmethod
    def from_settings(cls, *, max_bytes: int | None = None, max_rows: int | None = None) -> ImportLimits:
        """The limits set in ``settings.ANALYTICS_IMPORT_MAX_*`` (the arguments override two of them)."""

        def setting(name: str, default: int) -> int:
            return int(getattr(settings, f"ANALYTICS_IMPORT_MAX_{name}", default))

        return cls(
            max_bytes=setting("BYTES", DEFAULT_MAX_BYTES) if max_bytes is None else max_bytes,
            max_uncompressed_bytes=setting("UNCOMPRESSED_BYTES", DEFAULT_MAX_UNCOMPRESSED_BYTES),
            max_rows=setting("ROWS", DEFAULT_MAX_ROWS) if max_rows is None else max_rows,
            max_columns=setting("COLUMNS", DEFAULT_MAX_COLUMNS),
            max_cell_chars=setting("CELL_CHARS", DEFAULT_MAX_CELL_CHARS),
        )

    @property
    def max_file_rows(self) -> int:
        """Rows of the file, header and blank rows included: the data rows and the header."""
        return self.max_rows + 1


def megabytes(size: int) -> str:
    """``12.3 MB`` in the active language."""
    return _("%(size).1f MB") % {"size": size / (1024 * 1024)}


def too_many_rows(limits: ImportLimits) -> ImportProblem:
    """The file has more rows than allowed."""
    return ImportProblem(
        code=ProblemCode.TOO_MANY_ROWS,
        message=_("The file has more than %(limit)s data rows; split it into smaller files.")
        % {"limit": limits.max_rows},
    )


def too_many_columns(limits: ImportLimits, *, row: int | None = None) -> ImportProblem:
    """A row of the file is wider than allowed."""
    return ImportProblem(
        code=ProblemCode.TOO_MANY_COLUMNS,
        message=_("The sheet has more than %(limit)s columns; keep only the columns of the import.")
        % {"limit": limits.max_columns},
        row=row,
    )


def cell_too_long(limits: ImportLimits, *, row: int | None = None, cell: str = "") -> ImportProblem:
    """A cell holds more text than allowed."""
    return ImportProblem(
        code=ProblemCode.CELL_TOO_LONG,
        message=_("A cell holds more than %(limit)s characters; no value of an import is that long.")
        % {"limit": limits.max_cell_chars},
        row=row,
        cell=cell,
    )


def unpacked_size(content: bytes) -> int:
    """A workbook's declared size unpacked (its zip directory alone is read); other files' own size."""
    if not content.startswith(b"PK\x03\x04"):
        return len(content)
    try:
        with zipfile.ZipFile(_BytesReader(content)) as archive:
            return sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return len(content)


def inspect_xlsx(content: bytes, limits: ImportLimits) -> ImportProblem | None:
    """Why this XLSX archive must not be parsed (a problem), or None when it is within the limits.

    Memory stays at a few chunks whatever the archive declares; a broken
    archive is left for openpyxl to report.
    """
    try:
        archive = zipfile.ZipFile(_BytesReader(content))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    with archive:
        members = archive.infolist()
        problem = _inspect_directory(members, limits)
        if problem is not None:
            return problem
        for member in members:
            is_sheet = bool(_WORKSHEET.match(member.filename))
            if is_sheet or _SHARED_STRINGS.match(member.filename):
                try:
                    problem = _scan_xml(archive, member, limits, count_rows=is_sheet)
                except BROKEN_ARCHIVE:
                    return None  # openpyxl's reading says the file cannot be read
                if problem is not None:
                    return problem
    return None


def _inspect_directory(members: list[zipfile.ZipInfo], limits: ImportLimits) -> ImportProblem | None:
    if len(members) > MAX_MEMBERS:
        return _archive_problem(
            _("The workbook has %(count)s parts; a workbook has a few dozen.") % {"count": len(members)}
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        return _archive_problem(
            _("Unpacked, the workbook would take %(size)s; the limit is %(limit)s.")
            % {"size": megabytes(total), "limit": megabytes(limits.max_uncompressed_bytes)}
        )
    for member in members:
        if not _WORKSHEET.match(member.filename) and member.file_size > MAX_WHOLE_PART_BYTES:
            return _archive_problem(
                _("The workbook's part %(part)s takes %(size)s unpacked; the limit is %(limit)s.")
                % {
                    "part": member.filename[:100],
                    "size": megabytes(member.file_size),
                    "limit": megabytes(MAX_WHOLE_PART_BYTES),
                }
            )
    for member in members:
        if member.file_size >= RATIO_CHECK_MIN_BYTES and (
            member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1)
        ):
            return _archive_problem(
                _(
                    "The workbook's part %(part)s unpacks %(ratio)s times larger than it is packed: "
                    "it looks like a zip bomb."
                )
                % {"part": member.filename[:100], "ratio": member.file_size // max(member.compress_size, 1)}
            )
    return None


def _scan_xml(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limits: ImportLimits, *, count_rows: bool
) -> ImportProblem | None:
    """Stream one XML part: count its rows and find text runs longer than a cell may be.

    A text node of N characters is at least N bytes in UTF-8 (an entity is
    longer than its character), so a run of ``max_cell_chars`` bytes without
    ``<`` is only a suspect; it is refused when it is four times as long (no
    character takes more than four bytes), and openpyxl's reading checks the
    exact length of the shorter ones.
    """
    longest = 4 * limits.max_cell_chars
    # Only a run that starts after a "<" (or where the last chunk's run left off) is tried: linear time.
    long_run = re.compile(rb"(?:^|(?<=<))[^<]{%d}" % (longest + 1))
    rows = 0
    tail = b""
    carry = b""
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            if count_rows:
                # A tag cut by the previous chunk's end is counted now, from that chunk's tail.
                rows += sum(1 for match in _ROW_TAG.finditer(tail + chunk) if match.end() > len(tail))
                if rows > limits.max_file_rows:
                    return too_many_rows(limits)
                tail = chunk[-32:]
            data = carry + chunk
            if long_run.search(data):
                return cell_too_long(limits)
            carry = data[data.rfind(b"<") + 1 :]
    return None


def _archive_problem(message: str) -> ImportProblem:
    return ImportProblem(code=ProblemCode.OVERSIZED_FILE, message=message)


class _BytesReader:
    """A seekable read-only view of bytes that does not copy them (``io.BytesIO`` would, on write)."""

    def __init__(self, content: bytes) -> None:
        self._view = memoryview(content)
        self._position = 0

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = 0) -> int:
        base = {0: 0, 1: self._position, 2: len(self._view)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size is None or size < 0 else min(len(self._view), self._position + size)
        data = bytes(self._view[self._position : end])
        self._position = end
        return data
