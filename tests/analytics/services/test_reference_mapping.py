"""Loading the shipped OKVED1 → OKVED2 section mapping with the reference data: complete, checked, idempotent."""

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from analytics.choices import MappingKind
from analytics.models import ClassifierItem, ClassifierMapping
from analytics.services import CLASSIFIERS_DIR, classifiers_load_reference_data
from analytics.services.reference import classifier_mappings_load
from core.reference import read_csv

pytestmark = pytest.mark.django_db

EQUIVALENT = {
    "C": "B",
    "D": "C",
    "F": "F",
    "G": "G",
    "H": "I",
    "J": "K",
    "L": "O",
    "M": "P",
    "N": "Q",
    "P": "T",
    "Q": "U",
}


def _links(kind=None):
    query = ClassifierMapping.objects.select_related("source", "target").filter(source__classifier__code="okved1")
    if kind:
        query = query.filter(kind=kind)
    return {(m.source.code, m.target.code) for m in query}


def test_the_reference_data_holds_the_section_mapping(reference_data):
    assert _links(MappingKind.EQUIVALENT) == set(EQUIVALENT.items())
    parts = _links(MappingKind.PART)
    assert {("A", "A"), ("B", "A"), ("E", "D"), ("E", "E"), ("I", "H"), ("I", "J")} <= parts
    assert {("K", "L"), ("K", "M"), ("K", "N"), ("O", "R"), ("O", "S"), ("O", "E")} <= parts
    pairs = ClassifierMapping.objects.values_list("source__classifier__code", "target__classifier__code").distinct()
    assert set(pairs) == {("okved1", "nace2"), ("feacn_groups", "nace2")}
    assert all(ClassifierMapping.objects.values_list("note", flat=True))


def test_every_okved1_section_is_linked_and_every_okved2_section_reached():
    rows = read_csv(CLASSIFIERS_DIR / "okved1_nace2.csv")
    okved1 = {row["code"] for row in read_csv(CLASSIFIERS_DIR / "okved1.csv")}
    nace2 = {row["code"] for row in read_csv(CLASSIFIERS_DIR / "nace2.csv")}

    assert {row["source_code"] for row in rows} == okved1
    assert {row["target_code"] for row in rows} == nace2
    assert {row["kind"] for row in rows} <= set(MappingKind.values)
    # "equivalent" is one-to-one: a section equivalent to one section is not split elsewhere too.
    equivalent = [row for row in rows if row["kind"] == MappingKind.EQUIVALENT]
    sources = [row["source_code"] for row in equivalent]
    targets = [row["target_code"] for row in equivalent]
    assert len(set(sources)) == len(sources) and len(set(targets)) == len(targets)
    assert not {row["source_code"] for row in rows if row["kind"] == MappingKind.PART} & set(sources)
    assert not {row["target_code"] for row in rows if row["kind"] == MappingKind.PART} & set(targets)


def test_loading_again_changes_nothing_and_keeps_administrators_edits(reference_data):
    link = ClassifierMapping.objects.get(source__code="D", source__classifier__code="okved1")
    link.note = "Edited by an administrator"
    link.save(update_fields=["note"])
    count = ClassifierMapping.objects.filter(source__classifier__code="okved1").count()

    reports = classifiers_load_reference_data()

    mapping_report = reports[-1]
    assert mapping_report.label == "okved1_nace2.csv"
    assert (mapping_report.created, mapping_report.updated, mapping_report.unchanged) == (0, 0, count)
    link.refresh_from_db()
    assert link.note == "Edited by an administrator"


def test_update_restores_the_shipped_rows_and_a_deleted_link_comes_back(reference_data):
    link = ClassifierMapping.objects.get(source__code="D", source__classifier__code="okved1")
    link.note = "Edited"
    link.save(update_fields=["note"])
    ClassifierMapping.objects.filter(source__code="Q", source__classifier__code="okved1").delete()

    report = classifiers_load_reference_data(update=True)[-1]

    assert (report.created, report.updated) == (1, 1)
    link.refresh_from_db()
    assert link.note.startswith("Manufacturing in both")
    assert ("Q", "U") in _links(MappingKind.EQUIVALENT)


def test_the_management_command_loads_it(reference_data, capsys):
    ClassifierMapping.objects.all().delete()

    call_command("load_reference_data")

    output = capsys.readouterr().out
    assert "okved1_nace2.csv: 25 created" in output and "feacn_groups_nace2.csv: 14 created" in output
    assert ClassifierMapping.objects.filter(source__classifier__code="okved1").count() == 25


def test_an_unknown_code_fails_with_its_line(reference_data, tmp_path):
    path = tmp_path / "mapping.csv"
    path.write_text("source_code,target_code,kind,note\nD,C,equivalent,ok\nZ,C,part,typo\n", encoding="utf-8")

    with pytest.raises(ValueError, match=r"mapping.csv, line 3: unknown item\(s\) source_code='Z'"):
        classifier_mappings_load(source="okved1", target="nace2", path=path, update=False, label="test")


def test_a_second_equivalent_target_is_refused(reference_data):
    okved1_d = ClassifierItem.objects.get(classifier__code="okved1", code="D")
    nace2_j = ClassifierItem.objects.get(classifier__code="nace2", code="J")

    with pytest.raises(IntegrityError), transaction.atomic():
        ClassifierMapping.objects.create(source=okved1_d, target=nace2_j, kind=MappingKind.EQUIVALENT)


def test_every_feacn_group_is_made_by_some_okved2_section(reference_data):
    # A project's directions are OKVED2 sections: the cell of an export group starts a project on these.
    groups = {row["code"] for row in read_csv(CLASSIFIERS_DIR / "feacn_groups.csv")}
    links = ClassifierMapping.objects.filter(source__classifier__code="feacn_groups")
    assert {link.source.code for link in links} == groups
    assert {link.target.classifier.code for link in links} == {"nace2"}
    assert {link.kind for link in links} == {MappingKind.PART}
    sections = {(link.source.code, link.target.code) for link in links}
    assert {("84-90", "C"), ("72-83", "C"), ("25-27", "B"), ("01-24", "A"), ("01-24", "C")} <= sections
