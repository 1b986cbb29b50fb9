"""Declared priorities: entered, imported (dry run with row and column errors, all or nothing), exported."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import Workbook, load_workbook

from analytics.importers.problems import ProblemCode
from analytics.models import ClassifierItem
from audit.models import AuditLogEntry
from strategy.models import PrioritySet
from strategy.services import priority_import_apply, priority_import_check, priority_set_create
from tests.strategy.factories import coordinator_of

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
