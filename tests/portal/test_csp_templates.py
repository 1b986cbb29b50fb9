"""The portal's templates keep to the Content-Security-Policy (script-src and style-src 'self').

The browser walk (tests/e2e/walks/test_csp.py) is the proof; this quick scan names the template at fault
in the fast test run: no inline <script> (a JSON data element is fine: it is not executed), no
on…= event handler, no style="" attribute, no <style> element, no third-party origin.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# Plain-text templates (e-mails) are not pages; HTML e-mails are read in mail clients, not under our CSP.
SKIP = ("email", "/mail/")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.IGNORECASE)
OFFENCES = {
    "an inline <script>": INLINE_SCRIPT,
    "an event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "a <style> element": re.compile(r"<style[\s>]", re.IGNORECASE),
    "a third-party origin": re.compile(r"""(?:src|href)=["'](?:https?:)?//""", re.IGNORECASE),
}


def test_no_template_needs_an_exception_to_the_policy():
    found = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        relative = template.relative_to(TEMPLATES).as_posix()
        if any(part in f"/{relative}" for part in SKIP):
            continue
        text = template.read_text(encoding="utf-8")
        for what, pattern in OFFENCES.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"templates/{relative}:{line}: {what}: {match.group(0)[:80]}")

    assert found == [], "\n".join(found)
