"""Managerial matrix (Table 6) of the Central Black Earth macro-region."""

from __future__ import annotations

import pandas as pd
import pytest

from analytics.computations.matrix import managerial_matrix
from analytics.computations.tables import CBE_REGIONS


@pytest.fixture(scope="module")
def matrix(cbe_tables, concordance, cross_cutting):
    return managerial_matrix(
        st=cbe_tables["st_specialisation"],
        concordance=concordance,
        cross_cutting=cross_cutting,
        export=cbe_tables["export_specialisation"],
        national=cbe_tables["national_localisation"],
        macroregional=cbe_tables["macroregional_localisation"],
        regions=CBE_REGIONS,
    )


def specialised(matrix, level: str) -> dict[str, set[str]]:
    presence = matrix.presence[(matrix.presence["level"] == level) & matrix.presence["specialised"]]
    return presence.groupby("code")["region"].agg(set).to_dict()


def test_export_presence_is_the_papers_reading_of_table_2(matrix):
    # "all the regions ... food products; Voronezh, Kursk, and Tambov ... chemical industry;
    #  Belgorod and Lipetsk ... metals; the Voronezh region ... machinery" (section 3).
    assert specialised(matrix, "global") == {
        "01-24": set(CBE_REGIONS),
        "28-40": {"Voronezh", "Kursk", "Tambov"},
        "72-83": {"Belgorod", "Lipetsk"},
        "84-90": {"Voronezh"},
    }


def test_national_competence_counts_match_the_papers_text(matrix):
    # "Voronezh ... most diversified ... (8 ... sections)"; "Belgorod region (3 ...)".
    national = matrix.presence[(matrix.presence["level"] == "national") & matrix.presence["specialised"]]
    counts = national.groupby("region").size()
    assert counts["Voronezh"] == 8
    assert counts["Belgorod"] == 3


def test_presence_is_a_full_grid_with_marks(matrix):
    presence = matrix.presence
    assert len(presence) == (4 + 13 + 10) * 5
    assert set(presence["mark"]) == {"+", "-"}
    assert (presence["mark"].eq("+") == presence["specialised"]).all()
    tambov_mining = presence[
        (presence["level"] == "national") & (presence["code"] == "B") & (presence["region"] == "Tambov")
    ]
    assert tambov_mining[["value", "mark"]].to_dict("records") == [{"value": 0.0, "mark": "-"}]
    assert presence["region"].iloc[:5].tolist() == list(CBE_REGIONS)


def test_st_competences_and_cross_cutting(matrix):
    links = matrix.st_competences
    belgorod_food = links[(links["level"] == "global") & (links["code"] == "01-24") & (links["region"] == "Belgorod")]
    # Food industry 0.66, agriculture 1.77, biotechnology 0, chemical technology 5.48.
    assert belgorod_food["st_name"].tolist() == [
        "Agriculture and forestry",
        "Chemical technology. Chemical industry",
    ]
    # Competences are kept for "-" pairs too, flagged as such (possible-to-develop directions).
    tambov_metals = links[(links["code"] == "72-83") & (links["region"] == "Tambov")]
    assert tambov_metals["st_name"].tolist() == ["Mechanical engineering", "Mechanics"]
    assert not tambov_metals["specialised"].any()
    cross = matrix.cross_cutting.groupby("region")["st_name"].agg(list).to_dict()
    assert cross["Belgorod"] == ["Automation. Computer engineering", "Cybernetics"]  # CS 0.83
    assert cross["Tambov"] == [
        "Automation. Computer engineering",
        "Computer science",
        "Cybernetics",
    ]


def test_table6_layout(matrix):
    table = matrix.to_table6(level="global")
    assert list(table.columns) == list(CBE_REGIONS)
    assert table.index.names == ["level", "direction", "characteristic"]
    rows = list(table.index)
    assert rows[0] == (
        "global",
        "01-24. Food products and agricultural raw materials",
        "Presence (+) / lack (-) of export specialisation",
    )
    assert rows[1][2] == "Scientific and technological competences"
    assert rows[-1][0] == "cross-cutting"
    assert len(rows) == 4 * 2 + 1
    metals = "72-83. Metals and metal handicrafts"
    presence_label = "Presence (+) / lack (-) of export specialisation"
    competences_label = "Scientific and technological competences"
    assert table.loc[("global", metals, presence_label)].tolist() == ["+", "-", "-", "+", "-"]
    assert table.loc[("global", metals, competences_label), "Lipetsk"] == (
        "Metallurgy\nMechanical engineering\nElectrical engineering\nCross-cutting competences"
    )
    assert table.loc[("global", metals, competences_label), "Tambov"] == ""  # a "-" cell
    assert table.loc[rows[-1], "Belgorod"] == "Automation. Computer engineering\nCybernetics"


def test_table6_drops_rows_nobody_is_specialised_in(cbe_tables, concordance, cross_cutting):
    matrix = managerial_matrix(
        st=cbe_tables["st_specialisation"],
        concordance=concordance,
        cross_cutting=cross_cutting,
        national=cbe_tables["national_localisation"],
        regions=["Lipetsk", "Tambov"],
    )
    kept = {direction for _, direction, _ in matrix.to_table6().index}
    assert "B. Mining" not in kept  # Lipetsk 0.04, Tambov 0.00
    assert "A. Agriculture, forestry, hunting, fishing and fish farming" in kept
    everything = {d for _, d, _ in matrix.to_table6(only_specialised_rows=False).index}
    assert "B. Mining" in everything


def test_default_regions_and_years(cbe_tables, concordance, cross_cutting):
    later = cbe_tables["export_specialisation"].assign(year=2021, value=0.5)
    export = pd.concat([cbe_tables["export_specialisation"], later])
    latest = managerial_matrix(
        st=cbe_tables["st_specialisation"],
        concordance=concordance,
        cross_cutting=cross_cutting,
        export=export,
    )
    assert latest.regions == ("Belgorod", "Voronezh", "Kursk", "Lipetsk", "Tambov")
    assert not latest.presence["specialised"].any()  # 2021 values are all 0.5
    chosen = managerial_matrix(
        st=cbe_tables["st_specialisation"],
        concordance=concordance,
        cross_cutting=cross_cutting,
        export=export,
        years={"global": 2020},
    )
    assert chosen.presence["specialised"].sum() == 5 + 3 + 2 + 1
    with pytest.raises(ValueError, match="no rows for year 1999"):
        managerial_matrix(
            st=cbe_tables["st_specialisation"],
            concordance=concordance,
            cross_cutting=cross_cutting,
            export=export,
            years={"st": 1999},
        )
