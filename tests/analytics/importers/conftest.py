"""Reference data for the pure importer tests, read from the shipped CSV files (no database)."""

import csv
from pathlib import Path

import pytest
from django.utils import translation

from analytics.choices import Indicator
from analytics.importers import ItemLookup, ItemNames, RegionLookup, RegionNames, ValidationContext

ROOT = Path(__file__).resolve().parents[3]
SHARED_DATA = ROOT.parent / "shared" / "data"
CBE_2020 = ROOT / "analytics" / "data" / "cbe_2020"
ROSSTAT = ROOT / "analytics" / "data" / "rosstat"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, the source language."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="session")
def regions() -> RegionLookup:
    return RegionLookup.build(
        RegionNames(r["iso_code"], r["name_ru"], r["name_en"], r["rosstat_name"])
        for r in _rows(ROOT / "regions" / "data" / "regions.csv")
    )


@pytest.fixture(scope="session")
def items():
    """``items("grnti")`` → the classifier's ItemLookup."""

    def lookup(classifier: str) -> ItemLookup:
        path = ROOT / "analytics" / "data" / "classifiers" / f"{classifier}.csv"
        return ItemLookup.build(ItemNames(r["code"], r["name_ru"], r["name_en"]) for r in _rows(path))

    return lookup


@pytest.fixture
def context(regions, items):
    """``context("nace2")`` → a validation context for that classifier, years 1990–2024."""

    def make(classifier: str, *, max_year: int = 2024) -> ValidationContext:
        return ValidationContext(
            regions=regions,
            items=items(classifier),
            max_year=max_year,
            indicators={choice.value: str(choice.label) for choice in Indicator},
        )

    return make
