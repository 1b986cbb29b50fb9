"""Check the Russian catalogue: complete, compiled, and in step with the code.

Run by ``make check`` (``python scripts/check_translations.py`` from anywhere). It fails (exit 1) when

(a) ``msgfmt --check`` (GNU gettext) rejects ``locale/ru/LC_MESSAGES/django.po`` (syntax, header, the
    ``%(name)s`` placeholders of python-format entries), or an entry is untranslated or fuzzy;
(b) the committed ``django.mo`` differs from the ``.po`` (a ``.po`` edited without
    ``compilemessages``, or a stale ``.mo``);
(c) the code has strings marked for translation that the catalogue lacks. For that it
    runs ``manage.py makemessages`` (same flags as ``make messages``) on a copy of the
    catalogue, in a temporary tree of symlinks to the project, so the committed file is
    never touched.

The ``.po`` is read with polib (a development dependency); GNU gettext (``msgfmt``, ``xgettext``) is needed
by Django's ``makemessages``/``compilemessages`` anyway.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "ru"
PO_PATH = ROOT / "locale" / LANGUAGE / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")
# The flags of `make messages` (plus tests and bench, which hold no translatable strings).
MAKEMESSAGES_IGNORES = [".venv", "node_modules", "static/vendor", "tests", "bench"]
# Never linked into the temporary tree: version control, virtualenvs, caches, build output.
NOT_LINKED = {".git", ".venv", ".bench-venv", "node_modules", "locale", ".make", "staticfiles", "test-results"}
EXPECTED_NPLURALS = 3


def key(entry: polib.POEntry) -> tuple[str | None, str, str | None]:
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or None)


def label(entry: polib.POEntry) -> str:
    where = f"{entry.occurrences[0][0]}:{entry.occurrences[0][1]}" if entry.occurrences else f"line {entry.linenum}"
    context = f"[{entry.msgctxt}] " if entry.msgctxt is not None else ""
    return f"{context}{entry.msgid!r} ({where})"


def translations(entry: polib.POEntry) -> dict[int, str]:
    """The plural index (0 for a singular) -> the translated text."""
    if entry.msgid_plural:
        return {int(index): text for index, text in entry.msgstr_plural.items()}
    return {0: entry.msgstr}


def nplurals_of(plural_forms: str) -> int | None:
    match = re.search(r"nplurals\s*=\s*(\d+)", plural_forms)
    return int(match.group(1)) if match else None


def check_msgfmt() -> list[str]:
    """(a) GNU gettext's own checks: syntax, header, format strings (``%(name)s`` kept in translations)."""
    if shutil.which("msgfmt") is None:
        return ["msgfmt (GNU gettext) is not installed: apt-get install gettext"]
    result = subprocess.run(  # noqa: S603 - a fixed command on our own catalogue
        ["msgfmt", "--check", "--output-file=/dev/null", str(PO_PATH)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return [line for line in result.stderr.splitlines() if line.strip()] if result.returncode else []


def check_entries(entries: list[polib.POEntry], nplurals: int) -> list[str]:
    """(a) Every entry translated (every plural form), none fuzzy."""
    problems = []
    for entry in entries:
        if entry.fuzzy:
            problems.append(f"fuzzy: {label(entry)}")
            continue
        texts = translations(entry)
        indexes = range(nplurals) if entry.msgid_plural else range(1)
        missing = [str(i) for i in indexes if not texts.get(i)]
        if missing:
            detail = f" (msgstr[{', '.join(missing)}])" if entry.msgid_plural else ""
            problems.append(f"untranslated{detail}: {label(entry)}")
    return problems


def check_mo(entries: list[polib.POEntry], plural_forms: str) -> list[str]:
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
        texts = translations(entry)
        pairs = [(base, texts[0])] if not entry.msgid_plural else [((base, i), t) for i, t in sorted(texts.items())]
        known.update(name for name, _ in pairs)
        if entry.fuzzy or not all(text for _, text in pairs):
            continue  # reported by (a); msgfmt leaves such entries out
        if any(catalog.get(name) != text for name, text in pairs):
            problems.append(f"the .mo differs from the .po: {label(entry)}")
    for name in catalog:
        if name not in known:
            msgid = name[0] if isinstance(name, tuple) else name
            problems.append(f"the .mo has a message the .po lacks: {str(msgid).replace(chr(4), ' | ')!r}")
    return problems


def check_code_coverage(entries: list[polib.POEntry]) -> tuple[list[str], list[str], str | None]:
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
        fresh = polib.pofile(str(tree / PO_PATH.relative_to(ROOT)))
    in_code = {key(entry): entry for entry in fresh if not entry.obsolete}
    in_catalogue = {key(entry) for entry in entries}
    missing = [f"not in the catalogue: {label(entry)}" for name, entry in in_code.items() if name not in in_catalogue]
    stale = [f"no longer in the code: {label(entry)}" for entry in entries if key(entry) not in in_code]
    return missing, stale, None


def main() -> int:
    if not PO_PATH.exists():
        print(f"{LANGUAGE}: {PO_PATH.relative_to(ROOT)} is missing (run `make messages`)")
        return 1
    try:
        catalogue = polib.pofile(str(PO_PATH))
    except (OSError, ValueError) as error:
        print(f"{LANGUAGE}: {error}")
        return 1
    entries = [entry for entry in catalogue if not entry.obsolete]
    plural_forms = catalogue.metadata.get("Plural-Forms", "")
    nplurals = nplurals_of(plural_forms)

    failures: dict[str, list[str]] = {}
    if nplurals != EXPECTED_NPLURALS:
        failures["header"] = [f"Plural-Forms must have nplurals={EXPECTED_NPLURALS} for Russian: {plural_forms!r}"]
    failures["msgfmt --check"] = check_msgfmt()
    failures["untranslated or fuzzy entries"] = check_entries(entries, nplurals or EXPECTED_NPLURALS)
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
