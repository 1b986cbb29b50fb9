"""Complexity engine: hand-computed small cases, conventions and degenerate inputs."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from analytics.computations.complexity import (
    ComplexityResult,
    ComplexityWarning,
    complexity,
    complexity_long,
    complexity_matrix,
    economic_complexity,
    presence_matrix,
    proximity_matrix,
    relatedness_density,
    revealed_comparative_advantage,
)


@pytest.fixture(autouse=True)
def _warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


# Volumes (regions x items).  Region totals: A 40, B 50, C 10; item totals x 40, y 50, z 10;
# grand 100.  RCA as in test_location_quotients:
#          x      y     z
#   A   0.625   1.5   0
#   B   1.0     0.8   2.0
#   C   2.5     0     0
VOLUMES = pd.DataFrame(
    [[10.0, 30.0, 0.0], [20.0, 20.0, 10.0], [10.0, 0.0, 0.0]],
    index=pd.Index(["A", "B", "C"], name="region"),
    columns=pd.Index(["x", "y", "z"], name="item"),
)


def long(volumes: pd.DataFrame, year: int = 2020) -> pd.DataFrame:
    melted = volumes.rename_axis(index="region", columns="item").reset_index()
    melted = melted.melt(id_vars="region", var_name="item", value_name="value")
    return melted.assign(year=year)[["region", "item", "year", "value"]]


def hand(**options) -> ComplexityResult:
    """VOLUMES through the engine.  A alone holds y, so its presence graph is disconnected."""
    with pytest.warns(ComplexityWarning, match="disconnected"):
        return complexity_matrix(VOLUMES, **options)


def reference_eci_pci(m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A line-by-line numpy port of ecomplexity 0.5.3's calc_eci_pci + normalisation."""
    diversity, ubiquity = m.sum(axis=1), m.sum(axis=0)
    mcp1 = m / diversity[:, np.newaxis]
    mcp2_t = (m / ubiquity[np.newaxis, :]).T.copy()
    mpp = mcp2_t @ mcp1
    eigvals, eigvecs = np.linalg.eig(mpp)
    eigvecs = np.real(eigvecs)
    kp = eigvecs[:, eigvals.argsort()[-2]]
    kc = mcp1 @ kp
    s1 = np.sign(np.corrcoef(diversity, kc)[0, 1])
    eci, pci = s1 * kc, s1 * kp
    return (eci - eci.mean()) / eci.std(), (pci - eci.mean()) / eci.std()


def test_rca_presence_and_counts_by_hand():
    result = hand()
    np.testing.assert_allclose(result.rca.to_numpy(), [[0.625, 1.5, 0.0], [1.0, 0.8, 2.0], [2.5, 0.0, 0.0]], rtol=1e-15)
    # RCA exactly 1 (B, x) is present.
    assert result.presence.to_numpy().tolist() == [[0, 1, 0], [1, 0, 1], [1, 0, 0]]
    assert result.regions["diversity"].tolist() == [1, 2, 1]
    assert result.items["ubiquity"].tolist() == [2, 1, 1]


def test_strict_threshold_drops_rca_exactly_one():
    result = hand(strict=True)
    assert result.presence.loc["B", "x"] == 0
    assert hand(threshold=2.0).presence.to_numpy().sum() == 2


def test_proximity_and_density_by_hand():
    # M = A:{y}, B:{x, z}, C:{x}.  u = x 2, y 1, z 1.  Co-presence: C_xz = 1 (B), others 0.
    # phi_xz = 1 / max(2, 1) = 0.5; phi_xy = phi_yz = 0; diagonal 1.
    result = hand()
    phi = result.proximity.to_numpy()
    np.testing.assert_array_equal(phi, [[1.0, 0.0, 0.5], [0.0, 1.0, 0.0], [0.5, 0.0, 1.0]])
    # density_ri = sum_j phi_ij M_rj / sum_j phi_ij; row sums of phi: x 1.5, y 1, z 1.5.
    # A (y):    x 0/1.5, y 1/1, z 0/1.5
    # B (x, z): x (1+0.5)/1.5, y 0, z (0.5+1)/1.5
    # C (x):    x 1/1.5, y 0, z 0.5/1.5
    np.testing.assert_allclose(
        result.density.to_numpy(),
        [[0.0, 1.0, 0.0], [1.0, 0.0, 1.0], [1 / 1.5, 0.0, 0.5 / 1.5]],
        rtol=1e-15,
    )


def test_proximity_diagonal_zero_convention():
    result = hand(proximity_diagonal=0.0)
    phi = result.proximity.to_numpy()
    assert np.diag(phi).tolist() == [0.0, 0.0, 0.0]
    # Row sums: x 0.5, y 0 (related to nothing -> density NaN), z 0.5.
    density = result.density.to_numpy()
    assert density[1, 0] == pytest.approx(0.5 / 0.5)  # B: x from z only
    assert density[2, 2] == pytest.approx(0.5 / 0.5)  # C: z from x
    assert np.isnan(density[:, 1]).all()


def test_wide_building_blocks_agree_with_the_pipeline():
    result = hand()
    rca = revealed_comparative_advantage(VOLUMES)
    presence = presence_matrix(rca)
    proximity = proximity_matrix(presence)
    pd.testing.assert_frame_equal(rca, result.rca)
    pd.testing.assert_frame_equal(presence, result.presence)
    pd.testing.assert_frame_equal(proximity, result.proximity)
    pd.testing.assert_frame_equal(relatedness_density(presence, proximity), result.density)


@pytest.mark.parametrize("shape", [(12, 30), (30, 12), (15, 15)])
def test_eci_pci_equal_ecomplexitys_general_eigensolver(shape):
    # Both sides of the symmetric solver (regions <= items and regions > items).
    rng = np.random.default_rng(sum(shape))
    n_regions, n_items = shape
    capability = np.sort(rng.random(n_regions))[:, np.newaxis]
    complexity_ = rng.random(n_items)[np.newaxis, :]
    m = (rng.random(shape) < 0.15 + 0.8 * (capability > complexity_)).astype(float)
    m[:, m.sum(axis=0) == 0] = 1.0  # no empty column
    m[m.sum(axis=1) == 0, 0] = 1.0
    presence = pd.DataFrame(
        m.astype(np.int8), index=[f"r{i}" for i in range(n_regions)], columns=[f"i{j}" for j in range(n_items)]
    )
    eci, pci = economic_complexity(presence)
    expected_eci, expected_pci = reference_eci_pci(m)
    np.testing.assert_allclose(eci.to_numpy(), expected_eci, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(pci.to_numpy(), expected_pci, rtol=1e-9, atol=1e-12)
    assert eci.mean() == pytest.approx(0.0, abs=1e-12) and eci.std(ddof=0) == pytest.approx(1.0)
    assert np.corrcoef(m.sum(axis=1), eci)[0, 1] > 0  # sign: ECI grows with diversity


def test_nested_matrix_orders_regions_and_items():
    # Perfectly nested: the more diverse region and the rarer item rank higher.
    m = np.triu(np.ones((4, 5)))[:, ::-1][::-1]
    m = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 1, 0], [1, 1, 1, 0, 0], [1, 1, 0, 0, 0]])
    eci, pci = economic_complexity(pd.DataFrame(m))
    assert list(np.argsort(eci.to_numpy())) == [3, 2, 1, 0]
    assert pci.iloc[4] > pci.iloc[3] > pci.iloc[2] > pci.iloc[0]


def test_disconnected_presence_graph_gives_nan_and_a_warning():
    # Two blocks: {r0, r1} x {a, b} and {r2, r3} x {c, d} never share an item.
    volumes = pd.DataFrame(
        [[5, 1, 0, 0], [1, 5, 0, 0], [0, 0, 5, 1], [0, 0, 1, 5]],
        index=["r0", "r1", "r2", "r3"],
        columns=["a", "b", "c", "d"],
        dtype=float,
    )
    with pytest.warns(ComplexityWarning, match="disconnected"):
        result = complexity_matrix(volumes)
    assert not result.connected
    assert result.regions["eci"].isna().all() and result.items["pci"].isna().all()
    # Everything else is still defined.
    assert result.density.notna().all().all()


def test_zero_rows_and_columns_are_dropped_like_ecomplexity():
    padded = VOLUMES.copy()
    padded["never"] = 0.0
    padded.loc["Empty"] = 0.0
    padded.loc["A", "x"] = np.nan  # missing counts as 0 ...
    baseline = VOLUMES.copy()
    baseline.loc["A", "x"] = 0.0  # ... exactly like an explicit 0
    with pytest.warns(ComplexityWarning):
        result = complexity_matrix(padded)
        expected = complexity_matrix(baseline)
    assert result.dropped_regions == ("Empty",)
    assert result.dropped_items == ("never",)
    pd.testing.assert_frame_equal(result.rca, expected.rca)
    pd.testing.assert_frame_equal(result.density, expected.density)
    pd.testing.assert_frame_equal(result.regions, expected.regions)


def test_items_present_nowhere_get_nan_pci_and_zero_proximity():
    # Threshold 2: only (B, z) 2.0 and (C, x) 2.5 are present.
    result = hand(threshold=2.0)
    assert result.items["ubiquity"].tolist() == [1, 0, 1]
    phi = result.proximity.to_numpy()
    assert phi[1].tolist() == [0.0, 1.0, 0.0]  # y: related to nothing, diagonal convention kept
    assert result.density.notna().all().all()
    assert result.items["pci"].isna().all()  # B and C share nothing: disconnected


def test_long_panel_by_year_and_to_long():
    later = VOLUMES * 2.0
    later.loc["C", "y"] = 40.0
    panel = pd.concat([long(VOLUMES, 2020), long(later, 2021)], ignore_index=True)
    panel = panel[panel["value"] != 0]  # sparse long input: absent pairs are 0
    with pytest.warns(ComplexityWarning):
        results = complexity(panel)
        expected_2021 = complexity_matrix(later)
    assert list(results) == [2020, 2021]
    pd.testing.assert_frame_equal(results[2020].rca, hand().rca)
    pd.testing.assert_frame_equal(results[2021].rca, expected_2021.rca)
    table = complexity_long(results)
    assert len(table) == 2 * 9
    assert list(table.columns) == [
        "year",
        "region",
        "item",
        "value",
        "rca",
        "presence",
        "diversity",
        "ubiquity",
        "density",
        "eci",
        "pci",
    ]
    row = table[(table["year"] == 2020) & (table["region"] == "B") & (table["item"] == "z")]
    assert row[["value", "rca", "presence", "diversity", "ubiquity"]].to_dict("records") == [
        {"value": 10.0, "rca": 2.0, "presence": 1, "diversity": 2, "ubiquity": 1}
    ]
    proximity = results[2020].proximity_long(include_diagonal=False)
    assert len(proximity) == 6 and (proximity["item_1"] != proximity["item_2"]).all()


def test_invalid_long_input():
    panel = long(VOLUMES)
    with pytest.raises(ValueError, match="repeated"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ComplexityWarning)
        complexity(pd.concat([panel, panel.head(1)]))
    with pytest.raises(ValueError, match="missing column"):
        complexity(panel.drop(columns="value"))
    with pytest.raises(ValueError, match="missing region"):
        complexity(panel.assign(region=[None] + panel["region"].tolist()[1:]))


def test_tiny_inputs_warn_instead_of_failing():
    with pytest.warns(ComplexityWarning, match="fewer than 2"):
        result = complexity_matrix(pd.DataFrame({"x": [1.0]}, index=["only"]))
    assert result.rca.iloc[0, 0] == 1.0
    assert np.isnan(result.regions["eci"].iloc[0])
    assert complexity(long(VOLUMES).iloc[0:0]) == {}


def test_connected_example_needs_no_warning():
    connected = VOLUMES.copy()
    connected.loc["A", "z"] = 10.0  # presence A {y, z}, B {x, z}, C {x}: one component
    result = complexity_matrix(connected)
    assert result.connected
    assert result.presence.to_numpy().tolist() == [[0, 1, 1], [1, 0, 1], [1, 0, 0]]
    expected_eci, expected_pci = reference_eci_pci(result.presence.to_numpy().astype(float))
    np.testing.assert_allclose(result.regions["eci"], expected_eci, rtol=1e-9)
    np.testing.assert_allclose(result.items["pci"], expected_pci, rtol=1e-9)
