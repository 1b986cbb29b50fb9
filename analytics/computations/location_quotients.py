"""Location quotients: the four coefficients of the paper's Table 1.

All four coefficients of Lyshchikova et al. (2023, Table 1) are the same
location quotient (Balassa's revealed comparative advantage) computed against
a different reference frame::

    LQ_ri = (x_ri / x_r.) / (x_.i / x_..)

``x_ri`` is the volume of item ``i`` (commodity group, NACE section, S&T rubric)
in region ``r`` in a year; ``x_r.`` the region's total over all items; ``x_.i``
and ``x_..`` the same totals over the *reference frame*:

* the country made of all the regions given (default), or
* an explicit country-total row (``country_total="Russia"``): its values are
  used as ``x_.i`` and its sum as ``x_..``, so with shares (Rosstat's GVA
  structure in %) the national LQ is the region's share over Russia's share;
* the region's macro-region (``macroregions={region: macroregion}``): the
  totals are summed over the regions of the same macro-region.

One core function, ``location_quotients``, and four named wrappers that
return the coefficient-table schema ``indicator, code, name, region, year,
value`` of the shared tables:

* export specialisation ratio -- ``export_specialisation_ratio`` -- country
  (FEACN 2 groups, export volumes);
* national localisation factor -- ``national_localisation_factor`` -- country
  (NACE 2 sections, output or GVA);
* macro-regional localisation factor -- ``macroregional_localisation_factor``
  -- macro-region (NACE 2 sections, output or GVA volumes);
* S&T specialisation ratio -- ``st_specialisation_ratio`` -- country
  (publications in the RSCI core by rubric).

Conventions (also in ``README.md``):

* Computed for every region and item at once on a dense regions x items grid
  per year (the only Python loop is over years).
* A zero or missing total (a region with no volume, an item nobody produces, a
  missing country-total row, a region outside every macro-region) gives NaN:
  never an exception, never a numpy RuntimeWarning.
* A missing value (NaN) of one cell gives NaN for that cell and is left out of
  the totals (``nansum``).  A (region, item) pair absent from the input counts
  as volume 0; with ``complete=True`` (default) it is returned too, so the
  output is the full regions x items grid of each year.
* A single-region country has LQ = 1 for every item it produces (NaN for the
  items with zero volume).
* Duplicate (region, item, year) rows are an input error (``ValueError``).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

import numpy as np
import pandas as pd

from ._frames import divide, factorize_labels, numeric_values, require_columns

OBSERVATION_COLUMNS = ["region", "item", "year", "value"]
KEYS = ["region", "item", "year"]

EXPORT_SPECIALISATION = "export_specialisation"
NATIONAL_LOCALISATION = "national_localisation"
MACROREGIONAL_LOCALISATION = "macroregional_localisation"
ST_SPECIALISATION = "st_specialisation"

COEFFICIENT_COLUMNS = ["indicator", "code", "name", "region", "year", "value"]


def location_quotients(
    observations: pd.DataFrame,
    *,
    macroregions: Mapping[Hashable, Hashable] | pd.Series | None = None,
    country_total: Hashable | None = None,
    complete: bool = True,
) -> pd.DataFrame:
    """Location quotient of every region, item and year of ``observations``.

    Args:
        observations: long frame with columns ``region, item, year, value``
            (volumes; other columns are ignored).
        macroregions: mapping region -> macro-region; when given, the reference
            totals are those of the region's macro-region.  Regions missing from
            the mapping get NaN.
        country_total: the ``region`` label of a row set holding the country's
            own totals (e.g. Rosstat's "Russia" row).  Those rows are the
            reference and are not returned.  Cannot be combined with
            ``macroregions``.
        complete: also return the (region, item) pairs absent from the input
            (as volume 0) so that every year is a full regions x items grid.

    Returns:
        Frame ``region, item, year, value`` where ``value`` is the LQ (float,
        NaN where undefined), sorted by year, region, item.
    """
    if macroregions is not None and country_total is not None:
        raise ValueError("give either macroregions or country_total, not both")
    require_columns(observations, OBSERVATION_COLUMNS, "observations")
    values = numeric_values(observations["value"], "observations").to_numpy(na_value=np.nan)
    region_codes, regions = factorize_labels(observations["region"], "region")
    item_codes, items = factorize_labels(observations["item"], "item")
    year_codes, years = factorize_labels(observations["year"], "year")

    total_code = -1
    if country_total is not None:
        matches = np.flatnonzero(regions == country_total)
        total_code = int(matches[0]) if len(matches) else -1
    macro_codes = None
    if macroregions is not None:
        macro_codes, _ = pd.factorize(pd.Series(regions).map(macroregions))

    parts = []
    for position in range(len(years)):  # loop over years only
        rows = year_codes == position
        parts.append(
            _year_quotients(
                region_codes[rows],
                item_codes[rows],
                values[rows],
                n_regions=len(regions),
                n_items=len(items),
                total_code=total_code,
                explicit_total=country_total is not None,
                macro_codes=macro_codes,
                complete=complete,
                year_position=position,
            )
        )
    if parts:
        region_index, item_index, year_index, lq = (np.concatenate(arrays) for arrays in zip(*parts, strict=True))
    else:
        region_index = item_index = year_index = np.zeros(0, dtype=np.int64)
        lq = np.zeros(0)
    return pd.DataFrame(
        {
            "region": regions.take(region_index),
            "item": items.take(item_index),
            "year": years.take(year_index),
            "value": lq,
        }
    )


def export_specialisation_ratio(
    exports: pd.DataFrame, *, country_total: Hashable | None = None, complete: bool = True
) -> pd.DataFrame:
    """Export specialisation ratio (Table 1): a region's export share of a FEACN group
    over the country's export share of that group.

    ``exports`` is a long frame ``region, item, year, value`` of export volumes
    (``item`` = FEACN group code; an optional ``name`` column is carried along).
    Returns a coefficient table ``indicator, code, name, region, year, value``.
    """
    lq = location_quotients(exports, country_total=country_total, complete=complete)
    return _as_coefficients(lq, exports, EXPORT_SPECIALISATION)


def national_localisation_factor(
    output: pd.DataFrame, *, country_total: Hashable | None = None, complete: bool = True
) -> pd.DataFrame:
    """National localisation factor (Table 1): a region's share of a NACE section in its
    output over the country's share.

    ``output`` is a long frame ``region, item, year, value`` of output (or GVA)
    volumes, or of shares when ``country_total`` names the row holding the
    country's shares (Rosstat's "Russia" row).  Returns a coefficient table.
    """
    lq = location_quotients(output, country_total=country_total, complete=complete)
    return _as_coefficients(lq, output, NATIONAL_LOCALISATION)


def macroregional_localisation_factor(
    output: pd.DataFrame,
    *,
    macroregions: Mapping[Hashable, Hashable] | pd.Series,
    complete: bool = True,
) -> pd.DataFrame:
    """Macro-regional localisation factor (Table 1): a region's share of a NACE section
    over the share of that section in its macro-region's output.

    ``output`` holds volumes (not shares: the macro-region's totals are sums of
    volumes; multiply Rosstat's shares by GRP first).  ``macroregions`` maps each
    region to its macro-region.  Returns a coefficient table.
    """
    lq = location_quotients(output, macroregions=macroregions, complete=complete)
    return _as_coefficients(lq, output, MACROREGIONAL_LOCALISATION)


def st_specialisation_ratio(
    publications: pd.DataFrame, *, country_total: Hashable | None = None, complete: bool = True
) -> pd.DataFrame:
    """Scientific and technological specialisation ratio (Table 1): a region's share of
    publications in a rubric over the country's share.

    ``publications`` is a long frame ``region, item, year, value`` of publication
    counts (``item`` = rubric code or name).  Returns a coefficient table.
    """
    lq = location_quotients(publications, country_total=country_total, complete=complete)
    return _as_coefficients(lq, publications, ST_SPECIALISATION)


def _year_quotients(
    region_codes: np.ndarray,
    item_codes: np.ndarray,
    values: np.ndarray,
    *,
    n_regions: int,
    n_items: int,
    total_code: int,
    explicit_total: bool,
    macro_codes: np.ndarray | None,
    complete: bool,
    year_position: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """LQ of one year on a dense regions x items grid; returns (region, item, year, lq)."""
    is_total = region_codes == total_code
    used_regions = np.flatnonzero(np.bincount(region_codes[~is_total], minlength=n_regions))
    used_items = np.flatnonzero(np.bincount(item_codes, minlength=n_items))
    region_position = np.full(n_regions, -1, dtype=np.int64)
    region_position[used_regions] = np.arange(len(used_regions))
    item_position = np.full(n_items, -1, dtype=np.int64)
    item_position[used_items] = np.arange(len(used_items))
    n_r, n_i = len(used_regions), len(used_items)

    # The country-total row (if any) gives the reference; absent items there are unknown.
    reference_row = np.full(n_i, np.nan)
    reference_row[item_position[item_codes[is_total]]] = values[is_total]

    rows = region_position[region_codes[~is_total]]
    cols = item_position[item_codes[~is_total]]
    flat = rows * n_i + cols
    counts = np.bincount(flat, minlength=n_r * n_i)
    if counts.max(initial=0) > 1 or _repeated(item_codes[is_total]):
        raise ValueError("observations: repeated (region, item, year) rows")
    volumes = np.zeros((n_r, n_i))  # an absent pair is volume 0
    volumes.ravel()[flat] = values[~is_total]
    known = np.where(np.isnan(volumes), 0.0, volumes)  # NaN cells are left out of totals

    region_total = known.sum(axis=1)[:, np.newaxis]
    if explicit_total:
        item_total = reference_row[np.newaxis, :]
        has_any = ~np.isnan(reference_row)
        grand_total = np.array([[reference_row[has_any].sum() if has_any.any() else np.nan]])
    elif macro_codes is not None:
        macro = macro_codes[used_regions]
        n_macro = int(macro.max(initial=-1)) + 1
        member = np.zeros((n_macro, n_r))
        inside = macro >= 0
        member[macro[inside], np.flatnonzero(inside)] = 1.0
        macro_item_total = member @ known
        macro_grand_total = macro_item_total.sum(axis=1)
        item_total = np.full((n_r, n_i), np.nan)
        grand_total = np.full((n_r, 1), np.nan)
        item_total[inside] = macro_item_total[macro[inside]]
        grand_total[inside, 0] = macro_grand_total[macro[inside]]
    else:
        item_total = known.sum(axis=0)[np.newaxis, :]
        grand_total = np.array([[item_total.sum()]])

    # Same operation order as Balassa/ecomplexity: (x / x_r.) / (x_.i / x_..).
    lq = divide(divide(volumes, region_total), divide(item_total, grand_total))

    if complete:
        region_index = np.repeat(used_regions, n_i)
        item_index = np.tile(used_items, n_r)
        result = lq.ravel()
    else:
        order = np.sort(flat)
        region_index = used_regions[order // n_i] if n_i else order
        item_index = used_items[order % n_i] if n_i else order
        result = lq.ravel()[order]
    year_index = np.full(len(result), year_position, dtype=np.int64)
    return region_index, item_index, year_index, result


def _repeated(codes: np.ndarray) -> bool:
    return len(codes) != len(np.unique(codes))


def _as_coefficients(lq: pd.DataFrame, source: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """Turn an LQ frame into the coefficient-table schema of the shared tables."""
    table = lq.rename(columns={"item": "code"})
    table.insert(0, "indicator", indicator)
    if "name" in source.columns:
        names = source.drop_duplicates("item").set_index("item")["name"]
        table.insert(2, "name", table["code"].map(names))
    else:
        table.insert(2, "name", None)
    return table[COEFFICIENT_COLUMNS]
