"""Relatedness and economic complexity of a regions x items panel, year by year.

Reproduces the ``ecomplexity`` 0.5.3 package (Harvard Growth Lab, PyPI) with
its defaults -- RCA, presence ``Mcp``, diversity, ubiquity, proximity,
density, ECI, PCI (and, on request, COI and COG) -- with dense float BLAS and
a symmetric eigenproblem instead of pandas reshapes and a general eigensolver.
Checked against ecomplexity's own outputs on two real panels
(``tests/analytics/computations/test_complexity_peers.py``).

Per year (``complexity`` loops over years only; everything inside a year is
vectorised over regions x items):

1. **Zero rows/columns are dropped** (as ecomplexity does): regions and items
   whose yearly total volume is 0 are removed before anything is computed and
   listed in ``ComplexityResult.dropped_regions`` / ``dropped_items``.  A missing
   (NaN) volume counts as 0, as does a (region, item) pair absent from the
   long input (ecomplexity coerces NaN to 0 and rectangularises with 0).
2. **RCA** (Balassa) ``rca = (x_ri / x_r.) / (x_.i / x_..)``, in ecomplexity's
   operation order.
3. **Presence** ``M_ri = rca_ri >= threshold`` (default 1, the convention of
   ecomplexity, Datawheel and EconGeo: RCA exactly 1 is present);
   ``strict=True`` gives ``>``.
4. **Diversity** ``d_r = sum_i M_ri``; **ubiquity** ``u_i = sum_r M_ri``.
5. **Proximity** (Hidalgo et al. 2007) ``phi_ij = min(P(i|j), P(j|i)) =
   C_ij / max(u_i, u_j)`` with co-presence ``C = M^T M`` (float64 BLAS; exact,
   the entries are integer counts).  **Diagonal**: ``proximity_diagonal=1``
   (default, as ecomplexity: ``C_ii / u_i``) or ``0`` (Datawheel's
   ``economic-complexity``); the choice changes density.  Pairs whose
   ubiquities are both 0 get 0 (ecomplexity gives NaN there, which turns every
   density of the year into NaN).
6. **Density** (relatedness density, ecomplexity's ``calc_density``)
   ``density_ri = sum_j phi_ij M_rj / sum_j phi_ij``; NaN where the denominator
   is 0 (only possible with diagonal 0 for an item related to nothing).
7. **ECI / PCI** by the eigenvector method: ecomplexity takes the eigenvector
   ``k_p`` of the second-largest eigenvalue of ``M_pp = U^-1 M^T D^-1 M``, sets
   ``k_c = D^-1 M k_p``, flips both signs so that ``corr(diversity, k_c) > 0``,
   and normalises with the *ECI's* mean and standard deviation (ddof 0)::

       eci = (k_c - mean(k_c)) / std(k_c);   pci = (k_p - mean(k_c)) / std(k_c)

   (the scale of the eigenvector cancels out).  Here ``M_pp`` (or the regions'
   matrix ``M_cc = D^-1 M U^-1 M^T``) is solved as the similar symmetric matrix
   ``A A^T`` or ``A^T A`` with ``A = D^-1/2 M U^-1/2``, on the smaller side,
   with ``scipy.linalg.eigh`` for the top eigenvectors only; the other side
   follows by ``k_p = U^-1 M^T k_c`` or ``k_c = D^-1 M k_p``.  Regions with
   diversity 0 and items with ubiquity 0 get NaN (ecomplexity then returns NaN
   for *everyone*, as its normalisation takes a mean over NaN; we normalise over
   the valid ones).  **Disconnected presence graph** (the bipartite graph of
   M splits into components: the second eigenvalue equals the first and the
   eigenvector is arbitrary): ECI and PCI are NaN and a ``ComplexityWarning``
   is issued -- never an arbitrary vector.  The same happens when the second
   eigenvalue is not simple, or when the sign cannot be fixed (constant
   diversity).
8. **COI / COG** (``outlook=True``; off by default as it costs one more
   regions x items x items product): as ecomplexity, from the raw (unnormalised)
   PCI; COI standardised with its own mean and std, COG divided by the raw ECI's
   std.  Items without a PCI contribute nothing.

Results are returned as pandas objects labelled by region and item, sorted
(as ecomplexity's MultiIndex levels).
"""

from __future__ import annotations

import warnings
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.linalg
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from ._frames import factorize_labels, numeric_values, require_columns

OBSERVATION_COLUMNS = ["region", "item", "year", "value"]

#: Relative tolerance under which two eigenvalues are taken as equal.
EIGENVALUE_TIE_RTOL = 1e-9


class ComplexityWarning(UserWarning):
    """ECI/PCI (or a related figure) is undefined for a year and was set to NaN."""


@dataclass(frozen=True)
class ComplexityResult:
    """Everything computed for one year of a regions x items panel.

    Attributes:
        year: the year (None for a bare matrix).
        volumes: regions x items volumes after dropping zero rows/columns.
        rca: regions x items revealed comparative advantage.
        presence: regions x items presence ``M`` (int8 0/1).
        proximity: items x items proximity.
        density: regions x items relatedness density.
        regions: per region: ``diversity`` (int), ``eci`` (and ``coi``).
        items: per item: ``ubiquity`` (int), ``pci``.
        cog: regions x items complexity outlook gain, when ``outlook=True``.
        dropped_regions / dropped_items: labels removed for a zero yearly total.
        connected: whether the presence graph (of regions with diversity > 0
            and items with ubiquity > 0) is connected.
    """

    year: Hashable | None
    volumes: pd.DataFrame
    rca: pd.DataFrame
    presence: pd.DataFrame
    proximity: pd.DataFrame
    density: pd.DataFrame
    regions: pd.DataFrame
    items: pd.DataFrame
    cog: pd.DataFrame | None = None
    dropped_regions: tuple[Hashable, ...] = field(default=())
    dropped_items: tuple[Hashable, ...] = field(default=())
    connected: bool = True

    def to_long(self) -> pd.DataFrame:
        """Long frame (ecomplexity's layout): one row per region x item with ``year,
        region, item, value, rca, presence, diversity, ubiquity, density, eci, pci``
        (plus ``coi, cog`` when computed)."""
        n_regions, n_items = self.rca.shape
        region_index = np.repeat(np.arange(n_regions), n_items)
        item_index = np.tile(np.arange(n_items), n_regions)
        data = {
            "year": np.full(n_regions * n_items, self.year, dtype=object)
            if self.year is None
            else np.repeat(np.asarray([self.year]), n_regions * n_items),
            "region": self.rca.index.to_numpy()[region_index],
            "item": self.rca.columns.to_numpy()[item_index],
            "value": self.volumes.to_numpy().ravel(),
            "rca": self.rca.to_numpy().ravel(),
            "presence": self.presence.to_numpy().ravel(),
            "diversity": self.regions["diversity"].to_numpy()[region_index],
            "ubiquity": self.items["ubiquity"].to_numpy()[item_index],
            "density": self.density.to_numpy().ravel(),
            "eci": self.regions["eci"].to_numpy()[region_index],
            "pci": self.items["pci"].to_numpy()[item_index],
        }
        if "coi" in self.regions.columns:
            data["coi"] = self.regions["coi"].to_numpy()[region_index]
        if self.cog is not None:
            data["cog"] = self.cog.to_numpy().ravel()
        return pd.DataFrame(data)

    def proximity_long(self, *, include_diagonal: bool = True) -> pd.DataFrame:
        """Long proximity frame ``year, item_1, item_2, proximity`` (ecomplexity's layout)."""
        items = self.proximity.index.to_numpy()
        n_items = len(items)
        first = np.repeat(np.arange(n_items), n_items)
        second = np.tile(np.arange(n_items), n_items)
        frame = pd.DataFrame(
            {
                "year": np.repeat(np.asarray([self.year], dtype=object), n_items * n_items),
                "item_1": items[first],
                "item_2": items[second],
                "proximity": self.proximity.to_numpy().ravel(),
            }
        )
        if not include_diagonal:
            frame = frame[first != second].reset_index(drop=True)
        return frame


def complexity(
    observations: pd.DataFrame,
    *,
    threshold: float = 1.0,
    strict: bool = False,
    proximity_diagonal: float = 1.0,
    outlook: bool = False,
) -> dict[Hashable, ComplexityResult]:
    """RCA, presence, proximity, density, ECI and PCI of every year of a long panel.

    Args:
        observations: long frame ``region, item, year, value`` (volumes).
        threshold: presence threshold on RCA (default 1).
        strict: presence is ``rca > threshold`` instead of ``>=``.
        proximity_diagonal: value of ``phi_ii`` (1 as ecomplexity, or 0).
        outlook: also compute COI and COG.

    Returns:
        ``{year: ComplexityResult}`` in ascending year order.
    """
    require_columns(observations, OBSERVATION_COLUMNS, "observations")
    values = numeric_values(observations["value"], "observations").to_numpy(na_value=np.nan)
    values = np.where(np.isnan(values), 0.0, values)  # ecomplexity coerces NaN to 0
    # Factorise once (sorted, as ecomplexity's MultiIndex levels), then slice by year.
    region_codes, regions = factorize_labels(observations["region"], "region")
    item_codes, items = factorize_labels(observations["item"], "item")
    year_codes, years = factorize_labels(observations["year"], "year")
    results: dict[Hashable, ComplexityResult] = {}
    for position, year in enumerate(years.tolist()):  # loop over years only (plain scalars)
        rows = year_codes == position
        volumes = _wide(region_codes[rows], item_codes[rows], values[rows], regions, items, year)
        results[year] = complexity_matrix(
            volumes,
            year=year,
            threshold=threshold,
            strict=strict,
            proximity_diagonal=proximity_diagonal,
            outlook=outlook,
        )
    return results


def complexity_long(results: Mapping[Hashable, ComplexityResult]) -> pd.DataFrame:
    """Concatenate ``ComplexityResult.to_long()`` of every year."""
    frames = [result.to_long() for result in results.values()]
    if not frames:
        return pd.DataFrame(columns=["year", "region", "item", "value", "rca", "presence"])
    return pd.concat(frames, ignore_index=True)


def complexity_matrix(
    volumes: pd.DataFrame,
    *,
    year: Hashable | None = None,
    threshold: float = 1.0,
    strict: bool = False,
    proximity_diagonal: float = 1.0,
    outlook: bool = False,
) -> ComplexityResult:
    """All complexity figures of one wide regions x items volume matrix.

    ``volumes`` has regions as index and items as columns; NaN counts as 0.
    See the module docstring for every convention.
    """
    raw = volumes.to_numpy(dtype=np.float64, na_value=0.0)
    raw = np.where(np.isnan(raw), 0.0, raw)
    keep_regions = raw.sum(axis=1) != 0
    keep_items = raw.sum(axis=0) != 0
    x = np.ascontiguousarray(raw[np.ix_(keep_regions, keep_items)])
    region_labels = volumes.index[keep_regions]
    item_labels = volumes.columns[keep_items]
    dropped_regions = tuple(volumes.index[~keep_regions])
    dropped_items = tuple(volumes.columns[~keep_items])

    rca = _rca(x)
    presence = _presence(rca, threshold, strict)
    m = presence.astype(np.float64)
    diversity = m.sum(axis=1)
    ubiquity = m.sum(axis=0)
    phi = _proximity(m, ubiquity, proximity_diagonal)
    density = _density(m, phi)
    eci, pci, raw_pair, connected = _eci_pci(m, diversity, ubiquity, year)

    regions = pd.DataFrame({"diversity": diversity.astype(np.int64), "eci": eci}, index=region_labels)
    items = pd.DataFrame({"ubiquity": ubiquity.astype(np.int64), "pci": pci}, index=item_labels)
    cog_frame = None
    if outlook:
        coi, cog = _outlook(m, phi, density, raw_pair)
        regions["coi"] = coi
        cog_frame = _frame(cog, region_labels, item_labels)

    return ComplexityResult(
        year=year,
        volumes=_frame(x, region_labels, item_labels),
        rca=_frame(rca, region_labels, item_labels),
        presence=_frame(presence.astype(np.int8), region_labels, item_labels),
        proximity=_frame(phi, item_labels, item_labels),
        density=_frame(density, region_labels, item_labels),
        regions=regions,
        items=items,
        cog=cog_frame,
        dropped_regions=dropped_regions,
        dropped_items=dropped_items,
        connected=connected,
    )


# --- Wide-frame building blocks (public, DataFrame in -> DataFrame out) -------------


def revealed_comparative_advantage(volumes: pd.DataFrame) -> pd.DataFrame:
    """Balassa RCA of a wide regions x items volume matrix (NaN where a total is 0)."""
    x = volumes.to_numpy(dtype=np.float64, na_value=0.0)
    x = np.where(np.isnan(x), 0.0, x)
    return _frame(_rca(x), volumes.index, volumes.columns)


def presence_matrix(rca: pd.DataFrame, *, threshold: float = 1.0, strict: bool = False) -> pd.DataFrame:
    """Presence ``M`` (int8 0/1) from a wide RCA matrix; NaN is absent."""
    values = rca.to_numpy(dtype=np.float64, na_value=np.nan)
    return _frame(_presence(values, threshold, strict).astype(np.int8), rca.index, rca.columns)


def proximity_matrix(presence: pd.DataFrame, *, diagonal: float = 1.0) -> pd.DataFrame:
    """Items x items proximity ``min(P(i|j), P(j|i))`` from a wide presence matrix."""
    m = presence.to_numpy(dtype=np.float64)
    phi = _proximity(m, m.sum(axis=0), diagonal)
    return _frame(phi, presence.columns, presence.columns)


def relatedness_density(presence: pd.DataFrame, proximity: pd.DataFrame) -> pd.DataFrame:
    """Regions x items density ``sum_j phi_ij M_rj / sum_j phi_ij``."""
    phi = proximity.reindex(index=presence.columns, columns=presence.columns).to_numpy(dtype=np.float64)
    return _frame(_density(presence.to_numpy(dtype=np.float64), phi), presence.index, presence.columns)


def economic_complexity(presence: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """ECI (per region) and PCI (per item) of a wide presence matrix, as ecomplexity."""
    m = presence.to_numpy(dtype=np.float64)
    eci, pci, _, _ = _eci_pci(m, m.sum(axis=1), m.sum(axis=0), None)
    return (pd.Series(eci, index=presence.index, name="eci"), pd.Series(pci, index=presence.columns, name="pci"))


# --- numpy kernels ------------------------------------------------------------------


def _wide(
    region_codes: np.ndarray,
    item_codes: np.ndarray,
    values: np.ndarray,
    regions: pd.Index,
    items: pd.Index,
    year: Hashable,
) -> pd.DataFrame:
    """One year's long rows -> dense regions x items volumes (0 where absent).

    Only the regions and items that occur in this year's rows are kept; a
    repeated (region, item) pair is an input error.
    """
    used_regions = np.flatnonzero(np.bincount(region_codes, minlength=len(regions)))
    used_items = np.flatnonzero(np.bincount(item_codes, minlength=len(items)))
    region_position = np.empty(len(regions), dtype=np.int64)
    region_position[used_regions] = np.arange(len(used_regions))
    item_position = np.empty(len(items), dtype=np.int64)
    item_position[used_items] = np.arange(len(used_items))
    rows = region_position[region_codes]
    cols = item_position[item_codes]
    flat = rows * len(used_items) + cols
    counts = np.bincount(flat, minlength=len(used_regions) * len(used_items))
    if counts.max(initial=0) > 1:
        duplicated = np.flatnonzero(counts > 1)[:5]
        pairs = [
            (regions[used_regions[k // len(used_items)]], items[used_items[k % len(used_items)]]) for k in duplicated
        ]
        raise ValueError(f"observations: repeated (region, item) rows in year {year}: {pairs}")
    matrix = np.zeros((len(used_regions), len(used_items)))
    matrix.ravel()[flat] = values
    return _frame(
        matrix,
        regions[used_regions].rename("region"),
        items[used_items].rename("item"),
    )


def _frame(values: np.ndarray, index: pd.Index, columns: pd.Index) -> pd.DataFrame:
    return pd.DataFrame(values, index=index, columns=columns, copy=False)


def _rca(x: np.ndarray) -> np.ndarray:
    """Balassa RCA in ecomplexity's operation order; NaN where a total is 0, no warnings."""
    region_total = x.sum(axis=1)[:, np.newaxis]
    item_total = x.sum(axis=0)[np.newaxis, :]
    grand_total = item_total.sum()
    share = np.full(x.shape, np.nan)
    np.divide(x, region_total, out=share, where=region_total != 0)
    reference = np.full(item_total.shape, np.nan)
    np.divide(item_total, grand_total, out=reference, where=grand_total != 0)
    rca = np.full(x.shape, np.nan)
    np.divide(share, reference, out=rca, where=reference != 0)
    return rca


def _presence(rca: np.ndarray, threshold: float, strict: bool) -> np.ndarray:
    # NaN compares False: never present.
    return rca > threshold if strict else rca >= threshold


def _proximity(m: np.ndarray, ubiquity: np.ndarray, diagonal: float) -> np.ndarray:
    """phi_ij = C_ij / max(u_i, u_j) with C = M^T M (float64 BLAS, exact counts)."""
    phi = m.T @ m
    denominator = np.maximum.outer(ubiquity, ubiquity)
    np.divide(phi, denominator, out=phi, where=denominator > 0)
    np.fill_diagonal(phi, diagonal)
    return phi


def _density(m: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """density_ri = sum_j M_rj phi_ij / sum_j phi_ij (ecomplexity: M @ (phi.T / den))."""
    denominator = phi.sum(axis=1)
    density = m @ phi.T
    valid = denominator != 0
    if valid.all():
        density /= denominator[np.newaxis, :]
        return density
    out = np.full(density.shape, np.nan)
    np.divide(density, denominator[np.newaxis, :], out=out, where=valid[np.newaxis, :])
    return out


def _eci_pci(
    m: np.ndarray, diversity: np.ndarray, ubiquity: np.ndarray, year: Hashable | None
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray] | None, bool]:
    """ECI and PCI as ecomplexity 0.5.3, plus the raw signed (k_c, k_p) and connectivity."""
    eci = np.full(m.shape[0], np.nan)
    pci = np.full(m.shape[1], np.nan)
    rows = diversity > 0
    cols = ubiquity > 0
    n_rows, n_cols = int(rows.sum()), int(cols.sum())
    label = "" if year is None else f"year {year}: "
    if n_rows < 2 or n_cols < 2:
        _warn(f"{label}fewer than 2 regions or items are present anywhere; ECI/PCI are NaN")
        return eci, pci, None, n_rows > 0 and n_cols > 0
    mv = m[np.ix_(rows, cols)]
    d = diversity[rows]
    u = ubiquity[cols]
    a = mv / np.sqrt(d)[:, np.newaxis]
    a /= np.sqrt(u)[np.newaxis, :]
    region_side = n_rows <= n_cols
    s = a @ a.T if region_side else a.T @ a  # symmetric, similar to M_cc or M_pp

    n_components, _ = connected_components(csr_matrix(s > 0), directed=False)
    if n_components > 1:
        _warn(f"{label}the presence graph has {n_components} disconnected components; ECI/PCI are undefined (NaN)")
        return eci, pci, None, False

    n = s.shape[0]
    wanted = min(3, n)
    values, vectors = scipy.linalg.eigh(s, subset_by_index=[n - wanted, n - 1])
    second = values[-2]
    scale = max(abs(values[-1]), 1.0)
    if abs(values[-1] - second) <= EIGENVALUE_TIE_RTOL * scale or (
        wanted == 3 and abs(second - values[0]) <= EIGENVALUE_TIE_RTOL * scale
    ):
        _warn(f"{label}the second eigenvalue is not simple; ECI/PCI are undefined (NaN)")
        return eci, pci, None, True
    vector = vectors[:, -2]
    if region_side:
        kc = vector / np.sqrt(d)
        kp = (mv.T @ kc) / u
    else:
        kp = vector / np.sqrt(u)
    kc = (mv @ kp) / d  # ecomplexity's k_c = D^-1 M k_p

    covariance = np.dot(d - d.mean(), kc - kc.mean())
    sign = np.sign(covariance)
    if sign == 0 or not np.isfinite(sign):
        _warn(f"{label}diversity does not correlate with the eigenvector; ECI/PCI are NaN")
        return eci, pci, None, True
    kc *= sign
    kp *= sign
    mean, std = kc.mean(), kc.std()
    if not std > 0:
        _warn(f"{label}ECI has zero spread; ECI/PCI are NaN")
        return eci, pci, None, True
    eci[rows] = (kc - mean) / std
    pci[cols] = (kp - mean) / std
    raw_kp = np.zeros(m.shape[1])
    raw_kp[cols] = kp
    return eci, pci, (raw_kp, np.asarray(std)), True


def _outlook(
    m: np.ndarray,
    phi: np.ndarray,
    density: np.ndarray,
    raw_pair: tuple[np.ndarray, np.ndarray] | None,
) -> tuple[np.ndarray, np.ndarray]:
    """COI and COG as ecomplexity (from the raw PCI; NaN when ECI is undefined)."""
    if raw_pair is None:
        return np.full(m.shape[0], np.nan), np.full(m.shape, np.nan)
    raw_pci, eci_std = raw_pair
    absent = 1.0 - m
    coi = ((np.nan_to_num(density) * absent) * raw_pci[np.newaxis, :]).sum(axis=1)
    coi_std = coi.std()
    coi = (coi - coi.mean()) / coi_std if coi_std > 0 else np.full_like(coi, np.nan)
    row_sums = phi.sum(axis=1)
    weights = np.zeros_like(raw_pci)
    np.divide(raw_pci, row_sums, out=weights, where=row_sums != 0)
    cog = absent * (absent @ (phi * weights[:, np.newaxis]))
    cog /= eci_std
    return coi, cog


def _warn(message: str) -> None:
    warnings.warn(message, ComplexityWarning, stacklevel=3)
