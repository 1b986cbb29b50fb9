"""The pure rules of structures: evidence gaps and the alliance builder's selection (no database).

The inputs are the paper's published tables (``analytics/data/cbe_2020``), read from the files; the expected
selections are worked out by hand from the figures quoted in each test.
"""

import csv
from pathlib import Path

from levels.alliances import (
    NO_DOCUMENT,
    REGION_WITHOUT_MEMBER,
    Localisation,
    alliance_regions,
    complementary_rubrics,
    structure_evidence_gaps,
)

CBE = Path(__file__).resolve().parents[3] / "analytics" / "data" / "cbe_2020"


def _table(name: str) -> list[dict[str, str]]:
    with (CBE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _localisations(section: str) -> list[Localisation]:
    national = {
        r["region"]: float(r["value"]) for r in _table("table3_national_localisation.csv") if r["code"] == section
    }
    macro = {
        r["region"]: float(r["value"]) for r in _table("table4_macroregional_localisation.csv") if r["code"] == section
    }
    return [Localisation(region, national.get(region), macro.get(region)) for region in sorted(national)]


def test_evidence_gaps():
    # Lipetsk (1) and Voronezh (2) are members; only a Lipetsk agent; no document: both gaps, in order
    assert structure_evidence_gaps(kind="alliance", region_ids=[1, 2], agent_region_ids=[1], document_count=0) == [
        REGION_WITHOUT_MEMBER,
        NO_DOCUMENT,
    ]
    assert (
        structure_evidence_gaps(kind="alliance", region_ids=[1, 2], agent_region_ids=[1, 2, 2], document_count=1) == []
    )
    # a federal body has no member regions: only its founding document is asked for
    assert structure_evidence_gaps(kind="federal_body", region_ids=[], agent_region_ids=[], document_count=0) == [
        NO_DOCUMENT
    ]


def test_mining_is_localised_in_belgorod_alone():
    # Section B, Table 3 (national) / Table 4 (macro-regional), 2020:
    #   Belgorod 1.45 / 2.59 -> both >= 1: chosen
    #   Kursk    0.86 / 1.50 -> national < 1: out
    #   Voronezh 0.06 / 0.12, Lipetsk 0.04 / 0.08, Tambov 0.00 / 0.01 -> out
    assert [row.region for row in alliance_regions(_localisations("B"))] == ["Belgorod"]


def test_trade_is_localised_in_voronezh_alone():
    # Section G: Voronezh 1.17 / 1.32 (chosen); Belgorod 0.95 / 1.04 (national < 1, out); Tambov 0.88 / 0.97,
    # Lipetsk 0.64 / 0.69, Kursk 0.63 / 0.67 (out)
    assert [row.region for row in alliance_regions(_localisations("G"))] == ["Voronezh"]


def test_undefined_factors_leave_a_region_out_and_the_order_is_by_national_factor():
    rows = [
        Localisation("RU-A", 1.2, 1.0),  # both >= 1 (1.0 counts: the threshold is inclusive)
        Localisation("RU-B", 2.5, 1.1),
        Localisation("RU-C", None, 3.0),  # no national factor: no evidence
        Localisation("RU-D", 1.5, 0.99),
    ]
    assert [row.region for row in alliance_regions(rows)] == ["RU-B", "RU-A"]


def test_complementary_rubrics_among_belgorod_lipetsk_and_kursk():
    ratios: dict[str, dict[str, float]] = {}
    for row in _table("table5_st_specialisation.csv"):
        ratios.setdefault(row["region"], {})[row["name"]] = float(row["value"])
    # Table 5 (2021), the rubrics the concordance links to section C among them:
    #   Mechanical engineering: Belgorod 0.77, Lipetsk 1.92, Kursk 1.86 -> strong Lipetsk, Kursk; weak Belgorod
    #   Metallurgy:             Belgorod 6.11, Lipetsk 22.1, Kursk 2.27 -> all strong: no complement
    #   Mining:                 Belgorod 1.17, Lipetsk 0,    Kursk 0.24 -> strong Belgorod; weak Lipetsk, Kursk
    # Ordered by the number of strong regions: Mechanical engineering (2), then Mining (1).
    # Novosibirsk has no S&T data in the paper.
    result = complementary_rubrics(
        ratios,
        ["Belgorod", "Lipetsk", "Kursk", "Novosibirsk"],
        sector_rubrics=["Mechanical engineering", "Metallurgy", "Mining"],
    )
    assert [(c.rubric, c.strong, c.weak) for c in result.rubrics] == [
        ("Mechanical engineering", ("Lipetsk", "Kursk"), ("Belgorod",)),
        ("Mining", ("Belgorod",), ("Lipetsk", "Kursk")),
    ]
    assert result.regions_with_data == ("Belgorod", "Lipetsk", "Kursk")
    assert result.regions_without_data == ("Novosibirsk",)


def test_no_science_data_means_no_rubric_and_says_so():
    result = complementary_rubrics({}, ["RU-NVS", "RU-OMS"])
    assert result.rubrics == () and result.regions_with_data == ()
    assert result.regions_without_data == ("RU-NVS", "RU-OMS")
