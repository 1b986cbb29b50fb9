"""The English interface calls an organisation "organisation", as the Russian one says «организация».

The method's word "agent" stays in the code (models, URLs, API fields); users read "organisation". Model names
(verbose names, shown in the Django admin only) and the audit log's action labels are left to their own changes.
"""

import re
from pathlib import Path

import polib
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]
PO_PATH = ROOT / "locale" / "ru" / "LC_MESSAGES" / "django.po"
# Placeholders such as %(agent)s and %(agents_url)s are code names, not words.
AGENT_WORD = re.compile(r"(?<![%(\w])agents?(?![\w)])", re.IGNORECASE)
LEFT_ALONE = (re.compile(r"/models(/|\.py)"), re.compile(r"^audit/presenters\.py$"))


def interface_msgids():
    for entry in polib.pofile(str(PO_PATH)):
        files = {path for path, _line in entry.occurrences}
        if files and all(any(rule.search(path) for rule in LEFT_ALONE) for path in files):
            continue
        yield entry.msgid, entry.msgid_plural


def test_the_english_interface_says_organisation_not_agent():
    offenders = [
        msgid for msgid, plural in interface_msgids() if AGENT_WORD.search(msgid) or AGENT_WORD.search(plural or "")
    ]
    assert offenders == []


@pytest.mark.django_db
def test_the_english_navbar_and_directory_say_organisations():
    client = Client()
    with translation.override("en"):
        url = reverse("cooperation:agent-list")
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert ">Organisations<" in html or "Organisations\n" in html
    assert not re.search(r">\s*Agents\s*<", html)
    assert "Organisations of the spiral" in html
