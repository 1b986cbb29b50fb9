"""Every action code the services write has a sentence on the audit-log page (a new code without one shows raw),
and every detail they record a label."""

import ast
import re
from pathlib import Path

from audit.presenters import ACTION_LABELS, FIELD_LABELS

ROOT = Path(__file__).resolve().parents[2]
# Every app of the project (a folder with an apps.py): a list written by hand missed analytics and strategy, whose
# codes showed raw ("strategy.session_adopted") on the page (walking issue #12's moderation journey).
APPS = sorted(path.parent.name for path in ROOT.glob("*/apps.py"))
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

    assert {"strategy", "analytics"} <= set(APPS)
    assert len(codes) > 50  # the scan found the services' codes
    assert sorted(codes - set(ACTION_LABELS)) == []


def test_every_detail_the_services_record_has_a_label():
    """The keyword arguments of every ``audit_log(...)`` call (parsed, so calls over several lines count too)."""
    keys = set()
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                if name == "audit_log":
                    keys.update(keyword.arg for keyword in node.keywords if keyword.arg)
    keys -= {"actor", "action", "target"}

    assert len(keys) > 40  # the scan found the services' details
    assert sorted(keys - set(FIELD_LABELS)) == []
