"""Declared priorities: entered, imported (dry run with row and column errors, all or nothing), exported."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook

from analytics.importers.problems import ProblemCode
from analytics.models import ClassifierItem
from audit.models import AuditLogEntry
from core.exceptions import InvalidStateError
from strategy.models import PrioritySet
from strategy.services import (
    priority_delete,
    priority_import_apply,
    priority_import_check,
    priority_set_create,
    priority_set_update,
)
from tests.strategy.factories import coordinator_of, session_in_state

pytestmark = pytest.mark.django_db


def csv_bytes(text: str) -> bytes:
    return text.encode("utf-8")


def test_a_clean_file_is_read_in_rank_order(reference_data):
    checked = priority_import_check(
        content=csv_bytes("classifier,code,rank,note\ngrnti,53,2,\nOKVED2,C,1,Сталь\nfeacn,72-83,,\n"),
        file_name="p.csv",
    )

    assert checked.problems == []
    # ranks 1 (C), 2 (53), then the unranked row keeps its place (row order 3)
    assert [(item.classifier.code, item.code) for item in checked.items] == [
        ("nace2", "C"),
        ("grnti", "53"),
        ("feacn_groups", "72-83"),
    ]
    assert checked.notes == ["Сталь", "", ""]


def test_every_problem_names_its_row_and_column_and_nothing_is_written(lipetsk):
    content = csv_bytes("classifier,code,rank\nnace2,C,1\nokpd,C,2\nnace2,ZZ,x\nnace2,C,4\n,,\ngrnti,,\n")

    checked = priority_import_check(content=content, file_name="p.csv")
    with pytest.raises(ValidationError):
        priority_import_apply(
            actor=coordinator_of(lipetsk), region=lipetsk, title="T", year=2024, content=content, file_name="p.csv"
        )

    found = {(problem.row, problem.column, problem.code) for problem in checked.problems}
    assert found == {
        (3, "classifier", ProblemCode.UNKNOWN_CODE),  # okpd
        (4, "code", ProblemCode.UNKNOWN_CODE),  # ZZ
        (4, "rank", ProblemCode.NON_NUMERIC),  # x
        (5, "code", ProblemCode.DUPLICATE_KEY),  # C again (row 2)
        (7, "code", ProblemCode.EMPTY_VALUE),  # grnti without a code (row 6 is blank and skipped)
    }
    assert not PrioritySet.objects.exists()


def test_a_missing_column_is_reported_for_the_file():
    checked = priority_import_check(content=csv_bytes("code\nC\n"), file_name="p.csv")

    assert [(problem.column, problem.code) for problem in checked.problems] == [
        ("classifier", ProblemCode.MISSING_COLUMN)
    ]


def test_an_xlsx_file_is_imported_as_one_audited_set(lipetsk):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["classifier", "code"])
    sheet.append(["nace2", "J"])
    sheet.append(["grnti", "50"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    priority_set = priority_import_apply(
        actor=coordinator_of(lipetsk),
        region=lipetsk,
        title="Стратегия СЭР",
        year=2024,
        url="https://example.org/s.pdf",
        content=buffer.getvalue(),
        file_name="p.xlsx",
    )

    assert list(priority_set.priorities.values_list("item__code", "rank")) == [("J", 1), ("50", 2)]
    assert AuditLogEntry.objects.filter(action="strategy.priorities_declared").count() == 1


def test_a_coordinator_of_another_region_may_not_declare(lipetsk, voronezh):
    with pytest.raises(PermissionDenied):
        priority_set_create(
            actor=coordinator_of(voronezh),
            region=lipetsk,
            title="T",
            year=2024,
            items=[ClassifierItem.objects.get(classifier__code="nace2", code="C")],
        )


def test_the_exports_are_formula_safe_and_keep_numbers(client, lipetsk):
    priority_set_create(
        actor=None,
        region=lipetsk,
        title='=HYPERLINK("http://x")',
        year=2024,
        items=[ClassifierItem.objects.get(classifier__code="nace2", code="C")],
        check_permission=False,
    )

    text = client.get("/strategy/regions/RU-LIP/export.csv").getvalue().decode("utf-8-sig")
    xlsx = client.get("/strategy/export.xlsx").getvalue()

    assert "'=HYPERLINK" in text
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    assert rows[1][2] == 2024  # a number stays a number


# --- Editing a set -------------------------------------------------------------------------------


def _nace(*codes):
    items = {item.code: item for item in ClassifierItem.objects.filter(classifier__code="nace2", code__in=codes)}
    return [items[code] for code in codes]


def _entered(region, *codes, notes=None):
    return priority_set_create(
        actor=None,
        region=region,
        title="Стратегия-2030",
        year=2024,
        items=_nace(*codes),
        notes=notes,
        check_permission=False,
    )


def test_an_edit_keeps_the_notes_of_kept_priorities_reranks_and_is_audited(lipetsk):
    priority_set = _entered(lipetsk, "C", "G", "M", notes=["Сталь", "Торговля", "Наука"])
    coordinator = coordinator_of(lipetsk)

    priority_set_update(
        actor=coordinator,
        priority_set=priority_set,
        title="Стратегия-2035",
        year=2025,
        items=_nace("M", "C", "J"),
    )

    rows = list(priority_set.priorities.order_by("rank").values_list("rank", "item__code", "note"))
    assert rows == [(1, "M", "Наука"), (2, "C", "Сталь"), (3, "J", "")]
    priority_set.refresh_from_db()
    assert (priority_set.title, priority_set.year) == ("Стратегия-2035", 2025)
    entry = AuditLogEntry.objects.get(action="strategy.priorities_edited")
    assert entry.actor_id == coordinator.pk
    assert entry.data["before"] == {
        "title": "Стратегия-2030",
        "year": 2024,
        "priorities": ["nace2:C", "nace2:G", "nace2:M"],
    }
    assert entry.data["after"]["priorities"] == ["nace2:M", "nace2:C", "nace2:J"]


def test_removing_one_priority_moves_the_later_ones_up_and_the_last_one_stays(lipetsk):
    priority_set = _entered(lipetsk, "C", "G", "M")
    coordinator = coordinator_of(lipetsk)
    first, second, third = priority_set.priorities.order_by("rank")

    priority_delete(actor=coordinator, priority=first)
    priority_delete(actor=coordinator, priority=third)

    assert list(priority_set.priorities.values_list("rank", "item__code")) == [(1, "G")]
    assert AuditLogEntry.objects.filter(action="strategy.priority_removed").count() == 2
    with pytest.raises(ValidationError):
        priority_delete(actor=coordinator, priority=second)
    assert priority_set.priorities.count() == 1


def test_a_set_adopted_from_a_session_is_not_edited_and_another_coordinator_may_not_edit(lipetsk, voronezh):
    adopted = session_in_state(lipetsk, "adopted").adopted_set
    coordinator = coordinator_of(lipetsk)
    entered = _entered(lipetsk, "C", "G")

    with pytest.raises(InvalidStateError):
        priority_set_update(actor=coordinator, priority_set=adopted, title="X", year=2024, items=_nace("C"))
    with pytest.raises(InvalidStateError):
        priority_delete(actor=coordinator, priority=adopted.priorities.first())
    with pytest.raises(PermissionDenied):
        priority_set_update(
            actor=coordinator_of(voronezh), priority_set=entered, title="X", year=2024, items=_nace("C")
        )
    assert list(entered.priorities.values_list("item__code", flat=True)) == ["C", "G"]
