"""The Russian catalogue addresses organisations and people without "(а)" endings and never nests «…» quotes."""

import re
from pathlib import Path

import polib

PO_PATH = Path(__file__).resolve().parents[2] / "locale" / "ru" / "LC_MESSAGES" / "django.po"


def russian_texts():
    for entry in polib.pofile(str(PO_PATH)):
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            yield entry.msgid, text


def test_no_personal_endings_in_brackets():
    # "подал(а)", "приглашён(а)", "он(а)": organisations have no gender and people deserve a real sentence.
    offenders = [(msgid, text) for msgid, text in russian_texts() if re.search(r"[а-яё]\([а-яё]{1,2}\)", text)]
    assert offenders == []


def test_no_nested_guillemets():
    # Inside «…» the inner quotes are „…“; «…«…»» is wrong typography.
    offenders = [(msgid, text) for msgid, text in russian_texts() if re.search(r"«[^»]*«", text)]
    assert offenders == []


def test_level_history_does_not_say_lost_for_a_held_level():
    catalogue = {entry.msgid: entry.msgstr for entry in polib.pofile(str(PO_PATH))}
    assert catalogue["Lost on"] == "Утрачен"
    assert catalogue["still held"] == "не утрачен"


def test_organisations_are_called_one_word_in_the_interface():
    # Users know "организация"; the method's "агент" in some places and "организация" in others read as two things.
    offenders = [
        (msgid, text) for msgid, text in russian_texts() if re.search(r"(?<![а-яё])агент(?!ств)", text.lower())
    ]
    assert offenders == []


def test_a_long_date_is_not_followed_by_a_full_stop():
    # Russian long dates end in "г." ("2 декабря 2025 г."): a sentence ending after one printed "г.. Оно".
    offenders = [(msgid, text) for msgid, text in russian_texts() if re.search(r"date\)s\.", text)]
    assert offenders == []
