"""Relatedness and complexity on the public pages: ECI and rank, density, possible-to-develop items, the
item space, the marks on the scenario model and the managerial matrix, in Russian (default) and English.

Expected values are those worked out by hand from the paper's Table 2 in
``tests/analytics/computations/test_relatedness.py``: Lipetsk's export candidates are 28-40 (density
9/29 ~ 0.31) and 84-90 (3/23 ~ 0.13), cut-off their median ~ 0.22, so 28-40 is possible to develop.
"""

import re

import pytest

from analytics.choices import BatchKind, Indicator
from analytics.models import ClassifierItem, Dataset, ImportBatch, PublishedCoefficient, Snapshot
from analytics.services.snapshots import snapshot_recompute
from regions.models import Region
from tests.analytics.public_data import (
    PAPER,
    ROSSTAT,
    module_snapshot,  # noqa: F401 - the module fixture
)

pytestmark = pytest.mark.django_db

REGION = "/analytics/regions/RU-LIP/"
MACROREGION = "/analytics/macroregions/central-black-earth/"


@pytest.fixture
def snapshot(module_snapshot, db):  # noqa: F811 - the imported module fixture
    """The module's snapshot (built once for the module), read afresh."""
    return Snapshot.objects.get(pk=module_snapshot)


def english(client):
    client.cookies["django_language"] = "en"
    return client


def _family(response, indicator):
    return next(family for family in response.context["families"] if family["indicator"] == indicator)


def test_region_page_shows_eci_rank_density_and_possible_items_in_russian(client, snapshot):
    response = client.get(REGION, {"dataset": PAPER})

    assert response.status_code == 200
    assert response.headers["Content-Language"] == "ru"
    html = response.content.decode()
    assert "Родственность и сложность" in html
    export = _family(response, Indicator.EXPORT_SPECIALISATION)
    assert [item["code"] for item in export["possible"]] == ["28-40"]
    assert export["cutoff_text"] == "0,22"  # (9/29 + 3/23) / 2 = 0.2204
    assert export["of"] == 5
    assert "из 5 регионов" in html
    by_code = {item["code"]: item for item in export["items"]}
    assert by_code["28-40"]["density_text"] == "0,31"  # 9/29 = 0.3103
    assert by_code["84-90"]["status"] == "other"
    assert by_code["72-83"]["status"] == "competence"
    # the item space: one diamond for the one possible item, filled circles for the two competences
    svg = html.split('<svg class="item-space"')[1].split("</svg>")[0]
    assert svg.count('class="node status-possible"') == 1
    assert svg.count('class="node status-competence"') == 2
    # the rule and the conventions are stated
    assert "медиан" in html and "ecomplexity" in html


def test_region_page_in_english_states_rule_and_conventions(client, snapshot):
    response = english(client).get(REGION, {"dataset": PAPER})

    html = response.content.decode()
    assert "Relatedness and complexity" in html
    assert "Economic complexity index (ECI)" in html
    assert "of 5 regions" in html
    assert "at least the median of the region" in html
    assert "proximity at or above 0.60" in html
    assert "28-40. Chemical industry products, rubber (0.31)" in html


def test_identical_presence_gives_the_same_eci_rank(client, snapshot):
    # Belgorod and Lipetsk are present in the same groups of Table 2 (01-24, 72-83), Kursk and Tambov too
    # (01-24, 28-40): the same row of M gives the same ECI, hence the same rank.
    ranks = {}
    for iso in ("RU-BEL", "RU-LIP", "RU-KRS", "RU-TAM"):
        response = client.get(f"/analytics/regions/{iso}/", {"dataset": PAPER})
        ranks[iso] = _family(response, Indicator.EXPORT_SPECIALISATION)["rank"]
    assert ranks["RU-BEL"] == ranks["RU-LIP"]
    assert ranks["RU-KRS"] == ranks["RU-TAM"]


def test_the_cut_off_is_a_query_parameter(client, snapshot):
    # quantile 0: both of Lipetsk's export candidates (positive densities) are possible
    response = client.get(REGION, {"dataset": PAPER, "quantile": "0"})
    assert [item["code"] for item in _family(response, Indicator.EXPORT_SPECIALISATION)["possible"]] == [
        "28-40",
        "84-90",
    ]
    # a fixed density above both: none
    response = client.get(REGION, {"dataset": PAPER, "min_density": "0.5"})
    assert _family(response, Indicator.EXPORT_SPECIALISATION)["possible"] == []
    # nonsense is a 400
    assert client.get(REGION, {"quantile": "2"}).status_code == 400


def test_the_scenario_model_marks_possible_directions_apart(client, snapshot):
    response = english(client).get(REGION, {"dataset": PAPER})

    levels = {level["key"]: level for level in response.context["scenario"]}
    assert [item["code"] for item in levels["global"]["possible"]] == ["28-40"]
    html = response.content.decode()
    scenario = html.split('id="scenario"')[1].split('id="relatedness"')[0]
    assert "Possible to develop (technologically related)" in scenario
    assert "◇" in scenario and "●" in scenario  # a mark each, and a legend
    assert "possible to develop (technologically related)" in scenario


def test_the_managerial_matrix_marks_possible_cells(client, snapshot):
    response = english(client).get(MACROREGION, {"dataset": PAPER})

    assert response.status_code == 200
    matrix = response.context["matrix"]
    global_level = next(level for level in matrix["levels"] if level["key"] == "global")
    marks = {
        (direction["code"], cell["region"]): cell["mark"]
        for direction in global_level["directions"]
        for cell in direction["cells"]
    }
    # Table 2 by hand: 28-40 possible for Belgorod and Lipetsk; 84-90 for Kursk and Tambov; 72-83 for Voronezh
    assert marks[("01-24", "RU-LIP")] == "+"
    assert marks[("72-83", "RU-VOR")] == "◇"
    assert marks[("72-83", "RU-KRS")] == "−"
    html = response.content.decode()
    assert "not specialised, possible to develop (technologically related)" in html
    # the export keeps the mark
    csv_text = client.get(MACROREGION, {"dataset": PAPER, "format": "csv", "table": "matrix"}).content.decode()
    assert "◇" in csv_text


def test_the_macroregion_page_in_russian(client, snapshot):
    html = client.get(MACROREGION, {"dataset": PAPER}).content.decode()
    assert "можно развивать" in html


@pytest.fixture
def novosibirsk(snapshot):
    """Rosstat-like national and macro-regional factors for Novosibirsk Oblast too (outside the five)."""
    dataset = Dataset.objects.get(code=ROSSTAT)
    batch = ImportBatch.objects.create(
        dataset=dataset, kind=BatchKind.COEFFICIENTS, file_name="nvs.csv", checksum="1" * 64
    )
    region = Region.objects.get(iso_code="RU-NVS")
    items = {item.code: item for item in ClassifierItem.objects.filter(classifier__code="nace2")}
    PublishedCoefficient.objects.bulk_create(
        PublishedCoefficient(
            dataset=dataset, batch=batch, indicator=indicator, region=region, item=items[code], year=2022, value=value
        )
        for indicator in (Indicator.NATIONAL_LOCALISATION, Indicator.MACROREGIONAL_LOCALISATION)
        for code, value in (("A", 0.8), ("C", 1.3), ("K", 1.1))
    )
    return snapshot_recompute(force=True)


def test_a_region_outside_the_paper_gets_national_and_macroregional_levels_and_says_what_is_missing(
    client, novosibirsk
):
    response = english(client).get("/analytics/regions/RU-NVS/")

    assert response.status_code == 200
    assert response.context["dataset"].code == ROSSTAT  # the data set that has it, not the paper's
    levels = {level["key"]: level for level in response.context["scenario"]}
    assert [d["code"] for d in levels["national"]["directions"]] == ["C", "K"]
    assert [d["code"] for d in levels["macroregional"]["directions"]] == ["C", "K"]
    missing = [level["key"] for level in response.context["missing_levels"]]
    assert missing == ["global", "st"]
    html = response.content.decode()
    block = html.split('id="missing-levels"')[1].split("</div>")[0]
    assert "exports by commodity group" in block and "publications by S&amp;T rubric" in block
    assert "/analytics/data-bank/imports/new/?dataset=" in block
    assert "/analytics/data-bank/imports/template/observations.csv" in block
    # and its relatedness: it is one of six regions of this data set
    national = _family(response, Indicator.NATIONAL_LOCALISATION)
    assert national["in_document"]


def test_a_region_outside_the_paper_in_russian(client, novosibirsk):
    html = client.get("/analytics/regions/RU-NVS/").content.decode()
    block = html.split('id="missing-levels"')[1].split("</div>")[0]
    assert "ТН ВЭД" in block and "ГРНТИ" in block


def test_a_region_with_no_data_says_so(client, snapshot):
    response = english(client).get("/analytics/regions/RU-NVS/", {"dataset": PAPER})

    assert response.status_code == 200
    html = response.content.decode()
    assert "No scenario model for this region in this data set." in html
    missing = [level["key"] for level in response.context["missing_levels"]]
    assert missing == ["global", "national", "macroregional", "st"]
    # the paper's data set has relatedness documents, but not for this region
    assert all(not family["in_document"] for family in response.context["families"])
    assert all(family["possible"] == [] for family in response.context["families"])
    assert re.search(r"the region has no data in this table", html)
