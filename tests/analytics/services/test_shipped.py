"""Loading the shipped data: the paper's tables, Rosstat's GVA volumes, the default concordance; idempotent."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from analytics.models import (
    ConcordanceLink,
    CrossCuttingRubric,
    Dataset,
    ImportBatch,
    Observation,
    PublishedCoefficient,
)
from analytics.services.shipped import ShippedDataError, _classifier, shipped_load_all
from audit.models import AuditLogEntry
from regions.models import Region

pytestmark = pytest.mark.django_db

DATA_DIR = Path(__file__).resolve().parents[3] / "analytics" / "data"


def coefficients_in_the_paper_tables() -> int:
    """Rows with a value in the paper's four tables (``cbe_2020/table*.csv``), read with ``csv``, not the loader."""
    count = 0
    for path in sorted((DATA_DIR / "cbe_2020").glob("table*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            count += sum(1 for row in csv.DictReader(file) if row["value"].strip())
    return count


def observations_in_the_gva_file() -> int:
    """Rows of Rosstat's GVA file about Russia or about one of the 85 regions (by its Rosstat name).

    Federal districts and Tyumen and Arkhangelsk *with* their okrugs name no region and are left out
    (each territory once: the oblasts are their rows without the okrugs); every kept row has a GRP to
    multiply its share by, except the 2009 rows of the oblasts without their okrugs (the GRP sheet has
    them from 2011).
    """
    names = set(Region.objects.exclude(rosstat_name="").values_list("rosstat_name", flat=True))
    with (DATA_DIR / "rosstat" / "gva_structure_by_okved_section_2009_2022.csv").open(encoding="utf-8") as file:
        return sum(
            1
            for row in csv.DictReader(file)
            if (row["region_name_rosstat"] in names or row["region_name_rosstat"].startswith("Российская Федерация"))
            and not (row["year"] == "2009" and "без" in row["region_name_rosstat"])
        )


def test_the_first_load_writes_everything_and_the_second_nothing(reference_data, capsys):
    # given an empty data bank, when loading twice (first by the command, which prints a report per data set)
    call_command("load_analytics_data")
    output = capsys.readouterr().out
    counts = (Observation.objects.count(), PublishedCoefficient.objects.count(), ImportBatch.objects.count())
    audit_rows = AuditLogEntry.objects.count()
    second = {report.label: report for report in shipped_load_all()}

    # then the first run wrote the paper's coefficients in 4 batches and Rosstat's volumes in one,
    # as many as the source files hold (335 and 21,284, counted from the files themselves; 60 fewer than when
    # Tyumen and Arkhangelsk were their rows with the okrugs: those have 2009 and 2010 with GRP, the rows
    # without the okrugs do not)
    coefficients, observations = coefficients_in_the_paper_tables(), observations_in_the_gva_file()
    assert (coefficients, observations) == (335, 21284)
    assert f"cbe-2020: {coefficients} created, 0 updated, 0 unchanged, 4 batch(es)" in output
    assert f"rosstat-gva: {observations} created, 0 updated, 0 unchanged, 1 batch(es)" in output
    assert "70 direction → rubric links, 3 cross-cutting rubrics" in output
    assert "total:" in output
    assert counts == (observations, coefficients, 5)
    # and the second wrote nothing at all
    assert all(report.created == report.updated == report.batches == 0 for report in second.values())
    assert second["rosstat-gva"].unchanged == observations and second["cbe-2020"].unchanged == coefficients
    assert (Observation.objects.count(), PublishedCoefficient.objects.count(), ImportBatch.objects.count()) == counts
    assert AuditLogEntry.objects.count() == audit_rows


def test_what_the_shipped_data_sets_hold(reference_data):
    shipped_load_all()

    cbe = Dataset.objects.get(code="cbe-2020")
    assert "Lyshchikova" in cbe.source
    lipetsk = PublishedCoefficient.objects.filter(dataset=cbe, region__iso_code="RU-LIP")
    assert lipetsk.get(indicator="export_specialisation", item__code="72-83").value == 7.53
    assert set(lipetsk.values_list("indicator", flat=True)) == {
        "export_specialisation",
        "national_localisation",
        "macroregional_localisation",
        "st_specialisation",
    }
    assert lipetsk.get(indicator="st_specialisation", item__code="50").value == 1.47

    rosstat = Dataset.objects.get(code="rosstat-gva")
    assert "Росстат" in rosstat.source and "Rosstat" in rosstat.source_en
    observations = Observation.objects.filter(dataset=rosstat)
    assert observations.filter(region__isnull=True).count() == 250  # the "Russia" rows
    assert observations.exclude(region__isnull=True).values("region").distinct().count() == 85
    assert set(observations.filter(year__lte=2015).values_list("item__classifier__code", flat=True)) == {"okved1"}
    assert set(observations.filter(year__gte=2016).values_list("item__classifier__code", flat=True)) == {"nace2"}
    assert set(observations.values_list("unit", flat=True)) == {"million RUB"}


def test_the_default_concordance_matches_the_shared_file_and_analysts_edits_survive(reference_data):
    shipped_load_all()
    manufacturing = ConcordanceLink.objects.filter(direction__classifier__code="nace2", direction__code="C")
    assert list(manufacturing.values_list("rubric__name_en", flat=True))[:3] == [
        "Mechanical engineering",
        "Metallurgy",
        "Chemical technology. Chemical industry",
    ]
    assert list(CrossCuttingRubric.objects.values_list("rubric__name_en", flat=True)) == [
        "Automation. Computer engineering",
        "Computer science",
        "Cybernetics",
    ]

    # when an analyst removes a link and a cross-cutting rubric and renames a data set, then the data is loaded again
    manufacturing.first().delete()
    CrossCuttingRubric.objects.first().delete()
    Dataset.objects.filter(code="cbe-2020").update(name_en="Paper tables")
    shipped_load_all()

    # then their edits are kept
    assert ConcordanceLink.objects.count() == 69
    assert CrossCuttingRubric.objects.count() == 2
    assert Dataset.objects.get(code="cbe-2020").name_en == "Paper tables"


def test_a_missing_classifier_is_a_clear_error(reference_data):
    with pytest.raises(ShippedDataError, match="load_reference_data"):
        _classifier("ipc")
