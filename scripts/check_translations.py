"""Check the Russian catalogue: complete, compiled, and in step with the code.

Run by ``make check`` (``python scripts/check_translations.py`` from anywhere). It fails (exit 1) when

(a) an entry of ``locale/ru/LC_MESSAGES/django.po`` is untranslated or fuzzy, or its
    ``%(name)s`` placeholders differ from the English ones;
(b) the committed ``django.mo`` differs from the ``.po`` (a ``.po`` edited without
    ``compilemessages``, or a stale ``.mo``);
(c) the code has strings marked for translation that the catalogue lacks. For that it
    runs ``manage.py makemessages`` (same flags as ``make messages``) on a copy of the
    catalogue, in a temporary tree of symlinks to the project, so the committed file is
    never touched. Skipped with a notice when GNU gettext (``xgettext``) is not installed.

Standard library only: the ``.po`` parser below handles multi-line strings, contexts,
plurals, flags and the header entry.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "ru"
PO_PATH = ROOT / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# The flags of step 1 of the translation brief (and of `make messages`, plus tests and bench,
# which hold no translatable strings).
MAKEMESSAGES_IGNORES = [".venv", "node_modules", "static/vendor", "tests", "bench"]
# Never linked into the temporary tree: version control, virtualenvs, caches, build output.
NOT_LINKED = {".git", ".venv", ".bench-venv", "node_modules", "locale", ".make", "staticfiles", "test-results"}
EXPECTED_NPLURALS = 3
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


class PoError(Exception):
    """The .po file cannot be parsed."""


@dataclass
class Entry:
    """One message of a .po file; ``msgstr`` maps the plural index (0 for a singular) to the text."""

    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    def label(self) -> str:
        where = self.references[0] if self.references else f"line {self.line}"
        context = f"[{self.msgctxt}] " if self.msgctxt is not None else ""
        return f"{context}{self.msgid!r} ({where})"


def unescape(text: str) -> str:
    """Decode the C escapes of a .po string (without its quotes)."""

    def replace(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in ESCAPES:
            return ESCAPES[code]
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0] in "01234567":
            return chr(int(code, 8))
        return code  # \" \\ \? \'

    return ESCAPE.sub(replace, text)


def parse_po(text: str) -> list[Entry]:
    """Parse a .po file into entries (obsolete ``#~`` entries included, marked as such)."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None  # which string the continuation lines extend

    def start(line_no: int) -> Entry:
        nonlocal entry
        if entry is None or entry.msgstr:  # a new entry begins after the previous one's msgstr
            entry = Entry(line=line_no)
            entries.append(entry)
        return entry

    def append(current: Entry, where: tuple[str, int], value: str) -> None:
        name, index = where
        if name == "msgstr":
            current.msgstr[index] = current.msgstr.get(index, "") + value
        else:
            setattr(current, name, (getattr(current, name) or "") + value)

    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("|"):  # the previous msgid of an obsolete entry
                continue
        if not line:
            if entry is not None and entry.msgstr:
                entry, target = None, None
            continue
        if line.startswith("#"):
            if entry is not None and entry.msgstr:
                entry, target = None, None
            current = start(line_no)
            if line.startswith("#,"):
                current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            elif line.startswith("#:"):
                current.references.extend(line[2:].split())
            continue
        match = re.fullmatch(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"', line)
        if match:
            keyword, index, value = match.group(1), match.group(2), unescape(match.group(3))
            if keyword in ("msgctxt", "msgid"):
                current = start(line_no)
            elif entry is None or (keyword == "msgid_plural" and entry.msgstr):
                raise PoError(f"{PO_PATH.name}:{line_no}: {keyword} without a msgid")
            else:
                current = entry
            current.obsolete = current.obsolete or obsolete
            if keyword.startswith("msgstr"):
                target = ("msgstr", int(index) if index is not None else 0)
                current.msgstr.setdefault(target[1], "")
            else:
                target = (keyword, 0)
                setattr(current, keyword, "")
            append(current, target, value)
            continue
        if line.startswith('"') and line.endswith('"') and len(line) >= 2 and entry is not None and target:
            append(entry, target, unescape(line[1:-1]))
            continue
        raise PoError(f"{PO_PATH.name}:{line_no}: cannot parse {raw!r}")
    return [item for item in entries if item.msgstr or item.msgid]


def header_fields(header: Entry | None) -> dict[str, str]:
    fields: dict[str, str] = {}
    if header is not None:
        for line in header.msgstr.get(0, "").splitlines():
            name, _, value = line.partition(":")
            if value:
                fields[name.strip().lower()] = value.strip()
    return fields


def nplurals_of(plural_forms: str) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    return int(match.group(1)) if match else None


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def check_entries(entries: list[Entry], header: Entry | None, nplurals: int) -> list[str]:
    """(a) Every entry translated, none fuzzy, placeholders kept."""
    problems = []
    if header is None:
        problems.append('the header entry (msgid "") is missing')
    elif header.is_fuzzy:
        problems.append("the header entry is fuzzy: msgfmt would drop it, and with it the Plural-Forms")
    for entry in entries:
        if entry.is_fuzzy:
            problems.append(f"fuzzy: {entry.label()}")
            continue
        indexes = range(nplurals) if entry.msgid_plural is not None else range(1)
        missing = [str(i) for i in indexes if not entry.msgstr.get(i)]
        if missing:
            detail = f" (msgstr[{', '.join(missing)}])" if entry.msgid_plural is not None else ""
            problems.append(f"untranslated{detail}: {entry.label()}")
            continue
        extra = sorted(set(entry.msgstr) - set(indexes))
        if extra:
            problems.append(f"msgstr{extra} beyond nplurals={nplurals}: {entry.label()}")
        if "python-format" in entry.flags:
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
            for index in indexes:
                found = placeholders(entry.msgstr[index])
                if found != expected:
                    wrong = f"placeholders {sorted(found)} instead of {sorted(expected)}"
                    problems.append(f"{wrong} in msgstr[{index}]: {entry.label()}")
    return problems


def check_mo(entries: list[Entry], plural_forms: str) -> list[str]:
    """(b) The compiled catalogue holds exactly the .po's translations."""
    if not MO_PATH.exists():
        return [f"{MO_PATH.relative_to(ROOT)} is missing: run manage.py compilemessages"]
    with MO_PATH.open("rb") as handle:
        try:
            compiled = gettext.GNUTranslations(handle)
        except (OSError, UnicodeDecodeError) as error:
            return [f"{MO_PATH.relative_to(ROOT)} cannot be read: {error}"]
    catalog: dict[object, str] = dict(compiled._catalog)  # the only way to list a .mo's messages
    problems = []
    mo_plural_forms = compiled.info().get("plural-forms", "")
    if " ".join(mo_plural_forms.split()) != " ".join(plural_forms.split()):
        problems.append(f"the .mo's Plural-Forms {mo_plural_forms!r} differ from the .po's {plural_forms!r}")
    known: set[object] = {""}
    for entry in entries:
        base = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            pairs = [(base, entry.msgstr.get(0, ""))]
        else:
            pairs = [((base, index), text) for index, text in sorted(entry.msgstr.items())]
        known.update(key for key, _ in pairs)
        if entry.is_fuzzy or not all(text for _, text in pairs):
            continue  # reported by (a); msgfmt leaves such entries out
        if any(catalog.get(key) != text for key, text in pairs):
            problems.append(f"the .mo differs from the .po: {entry.label()}")
    for key in catalog:
        if key not in known:
            msgid = key[0] if isinstance(key, tuple) else key
            problems.append(f"the .mo has a message the .po lacks: {str(msgid).replace(chr(4), ' | ')!r}")
    return problems


def check_code_coverage(entries: list[Entry]) -> tuple[list[str], list[str], str | None]:
    """(c) Run makemessages on a copy of the catalogue; return (missing, stale, skip notice)."""
    if shutil.which("xgettext") is None:
        return [], [], "xgettext (GNU gettext) is not installed: the check of the code against the catalogue is skipped"
    original = PO_PATH.read_bytes()
    with tempfile.TemporaryDirectory(prefix="spiral-messages-") as tmp:
        tree = Path(tmp)
        for child in ROOT.iterdir():
            if child.name not in NOT_LINKED:
                (tree / child.name).symlink_to(child, target_is_directory=child.is_dir())
        shutil.copytree(ROOT / "locale", tree / "locale")
        command = [sys.executable, str(ROOT / "manage.py"), "makemessages", "-l", LANGUAGE, "--no-obsolete"]
        command += ["--symlinks", "--verbosity", "0"] + [f"--ignore={pattern}" for pattern in MAKEMESSAGES_IGNORES]
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.local", "PYTHONPATH": str(ROOT)}
        result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
            command, cwd=tree, env=env, capture_output=True, text=True, check=False, timeout=600
        )
        if PO_PATH.read_bytes() != original:  # never expected: makemessages wrote to the project's catalogue
            PO_PATH.write_bytes(original)
            return ["makemessages changed the project's catalogue (restored): check LOCALE_PATHS"], [], None
        if result.returncode != 0:
            return [f"makemessages failed ({result.returncode}):\n{result.stderr.strip()}"], [], None
        fresh = parse_po((tree / PO_PATH.relative_to(ROOT)).read_text(encoding="utf-8"))
    in_code = {entry.key: entry for entry in fresh if not entry.is_header and not entry.obsolete}
    in_catalogue = {entry.key for entry in entries}
    missing = [f"not in the catalogue: {entry.label()}" for key, entry in in_code.items() if key not in in_catalogue]
    stale = [f"no longer in the code: {entry.label()}" for entry in entries if entry.key not in in_code]
    return missing, stale, None


def main() -> int:
    if not PO_PATH.exists():
        print(f"{LANGUAGE}: {PO_PATH.relative_to(ROOT)} is missing (run `make messages`)")
        return 1
    try:
        all_entries = parse_po(PO_PATH.read_text(encoding="utf-8"))
    except (PoError, UnicodeDecodeError) as error:
        print(f"{LANGUAGE}: {error}")
        return 1
    header = next((entry for entry in all_entries if entry.is_header and not entry.obsolete), None)
    entries = [entry for entry in all_entries if not entry.is_header and not entry.obsolete]
    plural_forms = header_fields(header).get("plural-forms", "")
    nplurals = nplurals_of(plural_forms)

    failures: dict[str, list[str]] = {}
    if nplurals != EXPECTED_NPLURALS:
        failures["header"] = [f"Plural-Forms must have nplurals={EXPECTED_NPLURALS} for Russian: {plural_forms!r}"]
    failures["untranslated or fuzzy entries"] = check_entries(entries, header, nplurals or EXPECTED_NPLURALS)
    failures["compiled catalogue (run manage.py compilemessages -l ru)"] = check_mo(entries, plural_forms)
    missing, stale, notice = check_code_coverage(entries)
    failures["strings of the code missing from the catalogue (run `make messages`)"] = missing

    for title, problems in failures.items():
        if problems:
            print(f"{LANGUAGE}: {title}:")
            for problem in problems:
                print(f"  - {problem}")
    if stale:
        print(f"{LANGUAGE}: warning: {len(stale)} entries are no longer used (`make messages` drops them):")
        for problem in stale:
            print(f"  - {problem}")
    if notice:
        print(f"{LANGUAGE}: notice: {notice}")

    if any(failures.values()):
        count = sum(len(problems) for problems in failures.values())
        print(f"{LANGUAGE}: {len(entries)} messages, {count} problems")
        return 1
    coverage = "catalogue covers the code" if notice is None else "code coverage not checked"
    print(f"{LANGUAGE}: {len(entries)} messages, all translated, .mo up to date, {coverage}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
