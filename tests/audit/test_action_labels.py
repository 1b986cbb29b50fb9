"""Every action code the services write has a sentence on the audit-log page (a new code without one shows raw)."""

import re
from pathlib import Path

from audit.presenters import ACTION_LABELS

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "cooperation", "discussion", "experts", "levels", "monitoring", "notifications", "search")
# action="project.hidden", or either branch of action="x.a" if ... else "x.b"
LITERAL = re.compile(r'action="([a-z_]+\.[a-z_.]+)"(?: if [^\n]*? else "([a-z_]+\.[a-z_.]+)")?')


def test_every_literal_action_code_has_a_label():
    codes = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for match in LITERAL.finditer(path.read_text(encoding="utf-8")):
                codes.update(code for code in match.groups() if code)
    # Decisions pass a prefix the service completes with ".accepted" or ".declined" (cooperation.services.projects).
    for prefix in ("participant.application", "participant.invitation"):
        codes.discard(prefix)
        codes.update({f"{prefix}.accepted", f"{prefix}.declined"})
    # Services that write f"<object>.{status}" after a decision (experts.services): every status they can reach.
    codes.update({"expert_invitation.accepted", "expert_invitation.declined"})
    codes.update(f"consultation.{status}" for status in ("accepted", "declined", "confirmed", "disputed"))

    assert len(codes) > 50  # the scan found the services' codes
    assert sorted(codes - set(ACTION_LABELS)) == []
