"""Complexity engine vs ecomplexity 0.5.3's own outputs on two real panels.

Fixtures: exports of 53 Spanish provinces x 22 HS sections (2022) and 226 countries x 21 HS
sections (2021), with what ecomplexity 0.5.3 computes on them (see data/SOURCES.md).
Tolerances from the issue: RCA and proximity 1e-12 relative, presence exact, density 1e-12,
ECI/PCI 1e-9.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.computations.complexity import complexity
from analytics.computations.location_quotients import location_quotients

DATA = Path(__file__).resolve().parent / "data"
PEERS = ["esp_2022", "world_sec"]


def read_peer(name: str, kind: str) -> pd.DataFrame:
    """A peer fixture (``esp_2022`` / ``world_sec``; ``long`` / ``ecomplexity`` / ``proximity``)."""
    text = {"region": "string", "industry": "string", "industry_1": "string", "industry_2": "string"}
    return pd.read_csv(DATA / f"{name}_{kind}.csv", dtype=text)


@pytest.fixture(scope="module", params=PEERS)
def peer(request):
    name = request.param
    observations = read_peer(name, "long").rename(columns={"industry": "item"})
    expected = read_peer(name, "ecomplexity").rename(columns={"industry": "item"})
    proximity = read_peer(name, "proximity")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no RuntimeWarning, no ComplexityWarning
        results = complexity(observations, outlook=True)
    (year,) = results
    result = results[year]
    merged = result.to_long().merge(expected, on=["region", "item"], suffixes=("", "_peer"), validate="one_to_one")
    return {
        "name": name,
        "observations": observations,
        "expected": expected,
        "proximity": proximity,
        "result": result,
        "merged": merged,
        "year": year,
    }


def test_every_cell_is_compared(peer):
    expected, merged = peer["expected"], peer["merged"]
    assert len(merged) == len(expected)  # ecomplexity rectangularises: absent pairs are 0
    assert peer["year"] == expected["year"].iloc[0]
    assert len(peer["observations"]) < len(expected)  # the input really was sparse


def test_rca_to_1e12_relative(peer):
    merged = peer["merged"]
    np.testing.assert_allclose(merged["rca"], merged["rca_peer"], rtol=1e-12, atol=0)


def test_presence_diversity_ubiquity_exact(peer):
    merged = peer["merged"]
    assert (merged["presence"] == merged["mcp"]).all()
    assert (merged["diversity"] == merged["diversity_peer"]).all()
    assert (merged["ubiquity"] == merged["ubiquity_peer"]).all()
    assert merged["mcp"].sum() > 0 and (merged["mcp"] == 0).sum() > 0


def test_proximity_to_1e12_relative(peer):
    ours = peer["result"].proximity_long()
    theirs = peer["proximity"]
    merged = ours.merge(
        theirs,
        left_on=["item_1", "item_2"],
        right_on=["industry_1", "industry_2"],
        suffixes=("", "_peer"),
        validate="one_to_one",
    )
    assert len(merged) == len(theirs) == len(ours)
    np.testing.assert_allclose(merged["proximity"], merged["proximity_peer"], rtol=1e-12, atol=0)
    diagonal = merged[merged["item_1"] == merged["item_2"]]
    assert (diagonal["proximity"] == 1.0).all()


def test_density_to_1e12(peer):
    merged = peer["merged"]
    np.testing.assert_allclose(merged["density"], merged["density_peer"], rtol=1e-12, atol=0)


def test_eci_pci_to_1e9(peer):
    merged = peer["merged"]
    np.testing.assert_allclose(merged["eci"], merged["eci_peer"], rtol=1e-9, atol=0)
    np.testing.assert_allclose(merged["pci"], merged["pci_peer"], rtol=1e-9, atol=0)
    regions = peer["result"].regions
    assert regions["eci"].mean() == pytest.approx(0.0, abs=1e-12)
    assert regions["eci"].std(ddof=0) == pytest.approx(1.0)


def test_coi_cog_to_1e9(peer):
    merged = peer["merged"]
    np.testing.assert_allclose(merged["coi"], merged["coi_peer"], rtol=1e-9, atol=0)
    np.testing.assert_allclose(merged["cog"], merged["cog_peer"], rtol=1e-9, atol=0)


def test_location_quotients_equal_rca(peer):
    lq = location_quotients(peer["observations"]).rename(columns={"value": "lq"})
    merged = lq.merge(peer["expected"], on=["region", "item"], validate="one_to_one")
    assert len(merged) == len(peer["expected"])
    np.testing.assert_allclose(merged["lq"], merged["rca"], rtol=1e-12, atol=0)


def test_result_is_labelled_and_sorted(peer):
    result = peer["result"]
    assert list(result.rca.index) == sorted(peer["expected"]["region"].unique())
    assert list(result.rca.columns) == sorted(peer["expected"]["item"].unique())
    assert result.dropped_regions == () and result.dropped_items == ()
    assert result.connected
    assert isinstance(result.presence, pd.DataFrame) and result.presence.dtypes.eq("int8").all()
