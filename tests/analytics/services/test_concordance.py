"""Editing the concordance and the cross-cutting rubrics: validated like the engine validates, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from analytics.models import Classifier, ConcordanceLink, CrossCuttingRubric
from analytics.services.concordance import (
    concordance_editor,
    concordance_link_add,
    concordance_link_remove,
    concordance_load_default,
    cross_cutting_add,
    cross_cutting_remove,
)
from audit.models import AuditLogEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def analyst(make_user):
    return make_user("analyst")


@pytest.fixture
def nace2(reference_data):
    return Classifier.objects.get(code="nace2")


@pytest.fixture
def feacn(reference_data):
    return Classifier.objects.get(code="feacn_groups")


def test_a_link_is_added_after_the_directions_other_links(analyst, nace2):
    first = concordance_link_add(actor=analyst, direction_classifier=nace2, direction_code="C", rubric="Metallurgy")

    # the rubric is found by name whatever the case, or by its Russian name
    second = concordance_link_add(
        actor=analyst, direction_classifier=nace2, direction_code="c", rubric="computer science"
    )
    third = concordance_link_add(actor=analyst, direction_classifier=nace2, direction_code="C", rubric="Химия")

    assert [(link.direction.code, link.rubric.code, link.sort_order) for link in (first, second, third)] == [
        ("C", "53", 1),
        ("C", "20", 2),
        ("C", "31", 3),
    ]
    entry = AuditLogEntry.objects.filter(action="analytics.concordance_link_added").first()
    assert entry.actor == analyst and entry.data == {"classifier": "nace2", "direction": "C", "rubric": "Chemistry"}


@pytest.mark.parametrize(
    ("code", "rubric", "errors"),
    [
        ("Z", "Metallurgy", {"direction_code": ["Unknown code \u201cZ\u201d in OKVED2 (NACE Rev. 2) sections."]}),
        ("C", "Alchemy", {"rubric": ["Unknown S&T rubric \u201cAlchemy\u201d: choose one of the list."]}),
        ("", "", {"direction_code": ["Choose a direction code."], "rubric": ["Choose an S&T rubric."]}),
    ],
)
def test_unknown_codes_and_rubrics_are_refused_with_a_clear_message(analyst, nace2, code, rubric, errors):
    with pytest.raises(ValidationError) as caught:
        concordance_link_add(actor=analyst, direction_classifier=nace2, direction_code=code, rubric=rubric)

    assert caught.value.message_dict == errors
    assert not ConcordanceLink.objects.exists()


def test_a_link_cannot_be_added_twice(analyst, feacn):
    concordance_link_add(actor=analyst, direction_classifier=feacn, direction_code="72-83", rubric="Metallurgy")

    with pytest.raises(ValidationError) as caught:
        concordance_link_add(actor=analyst, direction_classifier=feacn, direction_code="72-83", rubric="metallurgy")

    assert caught.value.message_dict == {"rubric": ["This direction is already linked to this rubric."]}


def test_directions_come_from_export_or_sector_classifiers(analyst, reference_data):
    grnti = Classifier.objects.get(code="grnti")

    with pytest.raises(ValidationError) as caught:
        concordance_link_add(actor=analyst, direction_classifier=grnti, direction_code="50", rubric="Metallurgy")

    assert "direction_classifier" in caught.value.message_dict


def test_removing_a_link_is_audited(analyst, nace2):
    link = concordance_link_add(actor=analyst, direction_classifier=nace2, direction_code="B", rubric="Geology")

    concordance_link_remove(actor=analyst, link=link)

    assert not ConcordanceLink.objects.exists()
    entry = AuditLogEntry.objects.get(action="analytics.concordance_link_removed")
    assert entry.data == {"classifier": "nace2", "direction": "B", "rubric": "Geology"}


def test_cross_cutting_rubrics_are_added_once_and_removed(analyst, reference_data):
    entry = cross_cutting_add(actor=analyst, rubric="Cybernetics")

    with pytest.raises(ValidationError) as duplicate:
        cross_cutting_add(actor=analyst, rubric="cybernetics")
    with pytest.raises(ValidationError) as unknown:
        cross_cutting_add(actor=analyst, rubric="Astrology")
    cross_cutting_remove(actor=analyst, entry=entry)

    assert duplicate.value.message_dict == {"rubric": ["This rubric is already cross-cutting."]}
    assert "Astrology" in unknown.value.message_dict["rubric"][0]
    assert not CrossCuttingRubric.objects.exists()
    assert set(AuditLogEntry.objects.values_list("action", flat=True)) == {
        "analytics.cross_cutting_added",
        "analytics.cross_cutting_removed",
    }


def test_members_cannot_edit(make_user, nace2):
    member = make_user()

    with pytest.raises(PermissionDenied):
        concordance_link_add(actor=member, direction_classifier=nace2, direction_code="C", rubric="Metallurgy")
    with pytest.raises(PermissionDenied):
        cross_cutting_add(actor=member, rubric="Cybernetics")


def test_the_default_is_loaded_only_into_empty_tables(analyst, nace2):
    concordance_link_add(actor=analyst, direction_classifier=nace2, direction_code="C", rubric="Metallurgy")

    report = concordance_load_default()

    assert (report.links, report.cross_cutting) == (0, 3)
    assert ConcordanceLink.objects.count() == 1


def test_the_editor_lists_every_direction_in_a_fixed_number_of_queries(analyst, nace2, django_assert_num_queries):
    concordance_load_default()

    with django_assert_num_queries(5):
        editor = concordance_editor()
        sections = {section.classifier.code: section for section in editor.sections}
        manufacturing = next(d for d in sections["nace2"].directions if d.direction.code == "C")
        rubrics = [link.rubric.name_en for link in manufacturing.links]

    assert set(sections) == {"nace2", "okved1", "feacn_groups"}
    assert rubrics[:2] == ["Mechanical engineering", "Metallurgy"]
    assert sections["nace2"].link_count + sections["feacn_groups"].link_count == 70
    assert [entry.rubric.name_en for entry in editor.cross_cutting] == [
        "Automation. Computer engineering",
        "Computer science",
        "Cybernetics",
    ]
