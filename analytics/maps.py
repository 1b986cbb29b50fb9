"""The country map: the shipped GeoJSON of the federal subjects as SVG path strings.

The map is drawn server-side as inline SVG (no tile server, no JavaScript). The
polygons are projected with an Albers equal-area conic projection suited to
Russia (standard parallels 52° N and 64° N, central meridian 100° E): areas
keep their proportions, and the far north is not inflated as in a plain
longitude/latitude plot.

The antimeridian: Chukotka's polygons reach 180° and continue from -180° east of
it. Every longitude west of Greenwich is shifted by +360° before projecting, so
they continue past 180° and the region stays in one piece (Russia's westernmost
point, in Kaliningrad, is at about 19.6° E, so no other region is touched).

The geometry is drawn as the file has it: no simplification. Coordinates are
rounded to a tenth of a unit of the 1000-unit wide drawing (far below a screen
pixel), then written as relative moves; a point that rounds onto the previous one
adds nothing to the drawing and is left out of the string. The result is computed
once per process (``functools.cache``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

MAPS_DIR = Path(__file__).resolve().parent / "data" / "maps"
REGIONS_GEOJSON = MAPS_DIR / "russia_adm1_geoboundaries_83.geojson"
ATTRIBUTION = "© OpenStreetMap contributors, geoBoundaries"
LICENCE = "ODbL 1.0"
LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"

#: Albers equal-area conic parameters (degrees).
STANDARD_PARALLELS = (52.0, 64.0)
CENTRAL_MERIDIAN = 100.0
ORIGIN_LATITUDE = 56.0
ANTIMERIDIAN = 180.0

#: Width of the drawing in SVG user units; the height follows from the projection.
WIDTH = 1000.0
MARGIN = 10.0
#: Coordinates are written in tenths of a unit: at most a tenth of a pixel on a screen.
TENTHS = 10


@dataclass(frozen=True)
class RegionShape:
    """One federal subject on the map.

    ``path`` is the filled area. ``outline`` is the boundary to stroke when it differs from
    ``path``: Chukotka's polygons are cut along the 180th meridian, and that cut is not a border.
    """

    geo_iso: str
    name: str
    path: str
    outline: str | None
    centroid: tuple[float, float]


@dataclass(frozen=True)
class CountryMap:
    """The projected map: the drawing's size and one shape per federal subject."""

    width: float
    height: float
    shapes: tuple[RegionShape, ...]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"

    def shape(self, geo_iso: str) -> RegionShape | None:
        return self.by_iso().get(geo_iso)

    def by_iso(self) -> dict[str, RegionShape]:
        return {shape.geo_iso: shape for shape in self.shapes}


def unwrap_longitudes(lon: np.ndarray) -> np.ndarray:
    """Shift longitudes west of Greenwich by 360° so that Russia is continuous across 180°."""
    return np.where(lon < 0, lon + 360.0, lon)


def albers(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Albers equal-area conic projection (unit sphere), y pointing north."""
    phi1, phi2 = np.radians(STANDARD_PARALLELS)
    phi0 = np.radians(ORIGIN_LATITUDE)
    n = (np.sin(phi1) + np.sin(phi2)) / 2
    c = np.cos(phi1) ** 2 + 2 * n * np.sin(phi1)
    rho0 = np.sqrt(c - 2 * n * np.sin(phi0)) / n
    theta = n * np.radians(unwrap_longitudes(lon) - CENTRAL_MERIDIAN)
    rho = np.sqrt(c - 2 * n * np.sin(np.radians(lat))) / n
    return rho * np.sin(theta), rho0 - rho * np.cos(theta)


def _rings(geometry: dict) -> list[list[list[float]]]:
    """All rings (outer boundaries and holes) of a Polygon or MultiPolygon."""
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    raise ValueError(f"unsupported geometry type {geometry['type']!r}")


def _number(tenths: int) -> str:
    """A coordinate in tenths as the shortest decimal string (``125`` -> ``12.5``, ``-30`` -> ``-3``)."""
    whole, rest = divmod(abs(tenths), TENTHS)
    sign = "-" if tenths < 0 else ""
    return f"{sign}{whole}" if rest == 0 else f"{sign}{whole}.{rest}"


def _moves(steps: list[list[int]]) -> str:
    return " ".join(f"{_number(dx)} {_number(dy)}" for dx, dy in steps)


def ring_paths(points: np.ndarray, on_antimeridian: np.ndarray) -> tuple[str, str | None]:
    """SVG path data of one closed ring: the area, and its outline when the two differ.

    ``points`` are integers (tenths of a unit); ``on_antimeridian`` flags the points that lie on
    the ±180° meridian. An edge between two such points is the cut of a polygon split at the
    antimeridian: it closes the area but is left out of the outline.
    """
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)  # a point rounded onto the previous one draws nothing
    points, on_antimeridian = points[keep], on_antimeridian[keep]
    if len(points) < 3:
        return "", None
    steps = np.diff(points, axis=0).tolist()
    x0, y0 = int(points[0, 0]), int(points[0, 1])
    area = f"M{_number(x0)} {_number(y0)}l{_moves(steps)}z"
    cuts = on_antimeridian[:-1] & on_antimeridian[1:]
    if not cuts.any():
        return area, None
    # The outline as open pieces between the cut edges (only Chukotka's rings get here).
    pieces, current, start = [], [], 0
    for index, step in enumerate(steps):
        if cuts[index]:
            if current:
                pieces.append((start, current))
            current, start = [], index + 1
        else:
            current.append(step)
    if current:
        pieces.append((start, current))
    outline = "".join(
        f"M{_number(int(points[begin, 0]))} {_number(int(points[begin, 1]))}l{_moves(moves)}" for begin, moves in pieces
    )
    return area, outline


def project_features(features: list[dict], *, width: float = WIDTH, margin: float = MARGIN) -> CountryMap:
    """Project GeoJSON features (with ``shapeISO`` and ``shapeName`` properties) into a map ``width`` wide."""
    projected: list[tuple[dict, list[tuple[np.ndarray, np.ndarray, np.ndarray]]]] = []
    for feature in features:
        rings = []
        for ring in _rings(feature["geometry"]):
            coordinates = np.asarray(ring, dtype="float64")
            x, y = albers(coordinates[:, 0], coordinates[:, 1])
            rings.append((x, y, np.abs(coordinates[:, 0]) == ANTIMERIDIAN))
        projected.append((feature["properties"], rings))
    xs = np.concatenate([x for _, rings in projected for x, _, _ in rings])
    ys = np.concatenate([y for _, rings in projected for _, y, _ in rings])
    scale = (width - 2 * margin) / (xs.max() - xs.min())
    height = float(np.ceil((ys.max() - ys.min()) * scale + 2 * margin))

    shapes = []
    for properties, rings in projected:
        areas, outlines, all_x, all_y = [], [], [], []
        cut = False
        for x, y, on_antimeridian in rings:
            sx = margin + (x - xs.min()) * scale
            sy = margin + (ys.max() - y) * scale  # SVG's y axis points down
            all_x.append(sx)
            all_y.append(sy)
            tenths = np.rint(np.column_stack([sx, sy]) * TENTHS).astype("int64")
            area, outline = ring_paths(tenths, on_antimeridian)
            areas.append(area)
            outlines.append(area if outline is None else outline)
            cut = cut or outline is not None
        shapes.append(
            RegionShape(
                geo_iso=properties["shapeISO"],
                name=properties.get("shapeName", ""),
                path="".join(areas),
                outline="".join(outlines) if cut else None,
                centroid=(
                    round(float(np.mean(np.concatenate(all_x))), 1),
                    round(float(np.mean(np.concatenate(all_y))), 1),
                ),
            )
        )
    shapes.sort(key=lambda shape: shape.geo_iso)
    return CountryMap(width=width, height=height, shapes=tuple(shapes))


@cache
def country_map(path: Path = REGIONS_GEOJSON) -> CountryMap:
    """The shipped map of the 83 federal subjects, projected once per process."""
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    return project_features(collection["features"])
