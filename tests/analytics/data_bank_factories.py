"""Factories and file builders for the data bank tests (imports, shipped data, concordance, pages)."""

import csv
import io

import factory
from openpyxl import Workbook

from analytics.models import Dataset


class DatasetFactory(factory.django.DjangoModelFactory):
    """An empty data set."""

    class Meta:
        model = Dataset

    code = factory.Sequence(lambda n: f"test-set-{n}")
    name_en = factory.Sequence(lambda n: f"Test data set {n}")
    name_ru = factory.Sequence(lambda n: f"Тестовый набор {n}")
    source = "Test source"


def csv_bytes(rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    """A CSV file (first row = header) as the bytes a user would upload."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]], *, title: str = "Data") -> bytes:
    """An Excel workbook whose first sheet holds ``rows`` (strings starting with "=" become formulas)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
