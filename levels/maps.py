"""The background of the network picture: the regions' outlines, simplified, and their centroids.

Reuses the projection of the analytics map (``analytics.maps``, read only): the
same Albers projection and the same 1000-unit wide drawing, so the centroids of
``country_map()`` sit on these outlines. The analytics map draws every point of
the boundaries (about 420 kB of path data); a background needs far less, so the
rings are simplified with the Douglas–Peucker algorithm to within one unit (a
pixel at the drawing's natural size) and islands smaller than three units are
left out: about 30 kB. Computed once per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np

from analytics.maps import MARGIN, REGIONS_GEOJSON, WIDTH, albers, country_map

TOLERANCE = 1.0
SMALLEST = 3.0


@dataclass(frozen=True)
class NetworkMap:
    """The drawing's size, one simplified outline per region and the regions' centroids (by map code)."""

    width: float
    height: float
    outlines: tuple[tuple[str, str], ...]
    centroids: dict[str, tuple[float, float]]

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width:g} {self.height:g}"


def _rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def simplify(points: np.ndarray, tolerance: float) -> np.ndarray:
    """Douglas–Peucker: keep the points farther than ``tolerance`` from the chord of their stretch."""
    count = len(points)
    if count < 3:
        return points
    keep = np.zeros(count, dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, count - 1)]
    while stack:
        first, last = stack.pop()
        if last <= first + 1:
            continue
        start, end = points[first], points[last]
        chord = end - start
        length = float(np.hypot(*chord))
        middle = points[first + 1 : last]
        if length == 0:
            distances = np.hypot(*(middle - start).T)
        else:
            distances = np.abs(chord[0] * (middle[:, 1] - start[1]) - chord[1] * (middle[:, 0] - start[0])) / length
        index = int(np.argmax(distances))
        if distances[index] > tolerance:
            split = first + 1 + index
            keep[split] = True
            stack.extend([(first, split), (split, last)])
    return points[keep]


def _path(points: np.ndarray) -> str:
    steps = np.diff(points, axis=0)
    moves = " ".join(f"{dx} {dy}" for dx, dy in steps.tolist())
    return f"M{points[0, 0]} {points[0, 1]}l{moves}z"


@cache
def network_map() -> NetworkMap:
    """The simplified map, projected like the analytics map (same extent, same scale)."""
    with REGIONS_GEOJSON.open(encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    projected = []
    for feature in features:
        rings = []
        for ring in _rings(feature["geometry"]):
            coordinates = np.asarray(ring, dtype="float64")
            rings.append(albers(coordinates[:, 0], coordinates[:, 1]))
        projected.append((feature["properties"]["shapeISO"], rings))
    xs = np.concatenate([x for _, rings in projected for x, _ in rings])
    ys = np.concatenate([y for _, rings in projected for _, y in rings])
    scale = (WIDTH - 2 * MARGIN) / (xs.max() - xs.min())
    outlines = []
    for geo_iso, rings in projected:
        parts = []
        for x, y in rings:
            points = np.column_stack([MARGIN + (x - xs.min()) * scale, MARGIN + (ys.max() - y) * scale])
            if (points.max(axis=0) - points.min(axis=0)).max() < SMALLEST:
                continue
            rounded = np.rint(simplify(points, TOLERANCE)).astype("int64")
            distinct = np.ones(len(rounded), dtype=bool)
            distinct[1:] = np.any(rounded[1:] != rounded[:-1], axis=1)
            rounded = rounded[distinct]
            if len(rounded) >= 3:
                parts.append(_path(rounded))
        outlines.append((geo_iso, "".join(parts)))
    full = country_map()
    return NetworkMap(
        width=full.width,
        height=full.height,
        outlines=tuple(sorted(outlines)),
        centroids={shape.geo_iso: shape.centroid for shape in full.shapes},
    )
